package dev.groups.id;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.groups.tickets.Ticket;
import dev.groups.tickets.TicketHolder;
import dev.groups.tickets.TicketValidator;
import dev.groups.tickets.TicketVerdict;
import java.io.Serializable;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class GroupKeyTest {
    @Test
    void toStringShowsOnlyFirstAndLastByte() {
        GroupKey key = GroupKey.of(Digest.fromHex("ab" + "11".repeat(30) + "cd"));
        assertEquals("ab****cd", key.toString());
        assertFalse(key.toString().contains("11"));
    }

    @Test
    void secretRulesFollowDigest() {
        assertEquals(Digest.of("passphrase"), GroupKey.fromSecret("passphrase").secret());
        String hex = "00".repeat(31) + "01";
        assertEquals(Digest.fromHex(hex), GroupKey.fromSecret(hex).secret());
        assertEquals(GroupKey.fromSecret("a"), GroupKey.fromSecret("a"));
        assertNotEquals(GroupKey.random(), GroupKey.random());
    }

    @Test
    void isNotJavaSerializable() {
        assertFalse(Serializable.class.isAssignableFrom(GroupKey.class));
    }

    @Test
    void fromValidatorIsDeterministicFromItsSignature() {
        TicketValidator v = new TicketValidator() {
            @Override
            public UniqueId ticketClass() {
                return UniqueId.of("test.class");
            }

            @Override
            public UniqueId signature() {
                return UniqueId.of("test.policy.v1");
            }

            @Override
            public TicketVerdict validate(Ticket ticket, TicketHolder holder, Instant now) {
                return TicketVerdict.invalid("never");
            }
        };
        assertEquals(GroupKey.from(v), GroupKey.from(v));
        assertEquals(UniqueId.of("test.policy.v1").digest(), GroupKey.from(v).secret());
        assertTrue(GroupKey.from(v).toString().contains("****"));
    }
}
