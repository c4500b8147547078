package dev.groups.id;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.groups.tickets.Ticket;
import dev.groups.tickets.TicketHolder;
import dev.groups.tickets.TicketValidator;
import dev.groups.tickets.TicketVerdict;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.junit.jupiter.api.Test;

/**
 * The key rules. Expected stretched keys were computed independently with Python:
 * {@code hashlib.pbkdf2_hmac('sha256', passphrase.encode(), b'dev.groups.GroupKey.passphrase.v1', 600000).hex()}.
 */
class GroupKeyTest {
    @Test
    void toStringShowsOnlyFirstAndLastByte() {
        GroupKey key = GroupKey.of(Digest.fromHex("ab" + "11".repeat(30) + "cd"));
        assertEquals("ab****cd", key.toString());
        assertFalse(key.toString().contains("11"));
    }

    @Test
    void aPassphraseIsStretchedWithPbkdf2KnownAnswers() {
        assertEquals("661cf4e779aa77f15df4519f6a94a67d28b8fa3627bc20da817188b2a9b0a216",
                GroupKey.fromSecret("passphrase").secret().toString());
        assertEquals("5454b2e9cc35126ca268da40e9effd0eb4aba558a5bf9fc46f3deb1a28b82470",
                GroupKey.fromSecret("pässwörd ✓").secret().toString(), "UTF-8 bytes are stretched");
        assertEquals("8cc86314b468d5937d683c3daee5e6b1281acf553e4bd1e55642ae467e6ebfa3",
                GroupKey.fromSecret("").secret().toString(), "even an empty passphrase");
    }

    @Test
    void aPassphraseIsNotItsPlainHashAnyMore() {
        // The old rule (one SHA-256) made every guess cost one hash; the key must not be that.
        assertNotEquals(Digest.of("passphrase"), GroupKey.fromSecret("passphrase").secret());
    }

    @Test
    void sixtyFourHexCharactersAreTheRawKey() {
        String hex = "00".repeat(31) + "01";
        assertEquals(Digest.fromHex(hex), GroupKey.fromSecret(hex).secret());
        assertEquals(Digest.fromHex(hex), GroupKey.fromSecret(hex.getBytes(StandardCharsets.US_ASCII)).secret());
        String upper = "AB".repeat(32);
        assertEquals(Digest.fromHex(upper), GroupKey.fromSecret(upper).secret());
        // 63 hex characters are a passphrase, not a key
        assertNotEquals(Digest.fromHex("0" + hex.substring(0, 63)), GroupKey.fromSecret(hex.substring(1)).secret());
    }

    @Test
    void bytesAndTextOfTheSamePassphraseGiveTheSameKey() {
        assertEquals(GroupKey.fromSecret("passphrase"),
                GroupKey.fromSecret("passphrase".getBytes(StandardCharsets.UTF_8)));
        assertEquals(GroupKey.fromSecret("a"), GroupKey.fromSecret("a"));
        assertNotEquals(GroupKey.fromSecret("a"), GroupKey.fromSecret("b"));
        assertNotEquals(GroupKey.random(), GroupKey.random());
    }

    @Test
    void theWrittenOutPbkdf2IsTheJdksPbkdf2WithHmacSha256() throws Exception {
        byte[] salt = GroupKey.PASSPHRASE_SALT.getBytes(StandardCharsets.US_ASCII);
        SecretKeyFactory jdk = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
        for (String p : new String[] {"x", "correct horse battery staple", "pässwörd ✓"}) {
            byte[] expected = jdk.generateSecret(new PBEKeySpec(p.toCharArray(), salt, 1000, 256)).getEncoded();
            assertArrayEquals(expected, GroupKey.pbkdf2HmacSha256(p.getBytes(StandardCharsets.UTF_8), salt, 1000), p);
        }
    }

    @Test
    void theSettingsAreAtLeastOwaspsFigures() {
        assertTrue(GroupKey.PASSPHRASE_ITERATIONS >= 600_000);
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
