package dev.groups.tickets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.groups.id.NetworkId;
import dev.groups.id.NodeIdentity;
import dev.groups.id.UniqueId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TicketsTest {
    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    private static final TicketHolder HOLDER = new TicketHolder(NodeIdentity.generate().peerId(), NetworkId.of("net"));

    /** Accepts tickets whose data is "until:<epoch seconds>" or "never"; rejects anything else. */
    record FakeValidator(String name) implements TicketValidator {
        @Override
        public UniqueId ticketClass() {
            return UniqueId.of(name);
        }

        @Override
        public UniqueId signature() {
            return UniqueId.of(name + ".sig");
        }

        @Override
        public TicketVerdict validate(Ticket ticket, TicketHolder holder, Instant now) {
            String text = new String(ticket.data(), StandardCharsets.UTF_8);
            if (text.equals("never")) {
                return TicketVerdict.valid(Expiration.never());
            }
            if (text.startsWith("until:")) {
                return TicketVerdict.valid(Expiration.at(Instant.ofEpochSecond(Long.parseLong(text.substring(6)))));
            }
            return TicketVerdict.invalid("garbage");
        }
    }

    static Ticket ticket(String cls, String data) {
        return new Ticket(UniqueId.of(cls), data.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void expirationOrderPutsNeverAboveEveryAt() {
        Expiration early = Expiration.at(NOW);
        Expiration late = Expiration.at(NOW.plusSeconds(10));
        List<Expiration> list = new ArrayList<>(List.of(Expiration.never(), late, early));
        Collections.sort(list);
        assertEquals(List.of(early, late, Expiration.never()), list);
        assertEquals(0, Expiration.never().compareTo(Expiration.never()));
        assertEquals(early, Expiration.earliest(Expiration.never(), early));
        assertEquals(Expiration.never(), Expiration.latest(late, Expiration.never()));
    }

    @Test
    void expirationIsExpiredAndRemaining() {
        assertTrue(Expiration.alreadyExpired(NOW).isExpiredAt(NOW));
        assertFalse(Expiration.never().isExpiredAt(NOW));
        assertEquals(Optional.empty(), Expiration.never().remaining(NOW));
        assertEquals(Optional.of(Duration.ofSeconds(5)), Expiration.after(NOW, Duration.ofSeconds(5)).remaining(NOW));
        assertEquals(Optional.empty(), Expiration.at(NOW.minusSeconds(1)).remaining(NOW));
        assertFalse(Expiration.at(NOW).isExpiredAt(NOW), "expired means strictly before now");
    }

    @Test
    void ticketIdIsDeriveOfClassAndData() {
        Ticket t = new Ticket(UniqueId.of("kat.class"), new byte[] {1, 2, 3});
        assertEquals("5b37507a5260e91dbcf9a68b261287ebb2bf88f59d2ac2da56a57d77edff6abc", t.id().toString());
        assertEquals(t, new Ticket(UniqueId.of("kat.class"), new byte[] {1, 2, 3}));
        assertNotEquals(t, new Ticket(UniqueId.of("kat.class"), new byte[] {1, 2, 4}));
        assertEquals(3, t.size());
        assertTrue(t.toString().startsWith("Ticket("));
        assertFalse(t.toString().contains("010203"));
    }

    @Test
    void ticketDataIsCopied() {
        byte[] data = {1};
        Ticket t = new Ticket(UniqueId.of("c"), data);
        data[0] = 2;
        t.data()[0] = 3;
        assertEquals(1, t.data()[0]);
    }

    @Test
    void noValidatorsMeansValidForever() {
        assertEquals(TicketVerdict.valid(Expiration.never()),
                TicketAuthorization.authorize(List.of(), List.of(), HOLDER, NOW));
    }

    @Test
    void perValidatorTheLatestValidTicketWins() {
        var v = new FakeValidator("a");
        long t1 = NOW.getEpochSecond() + 100;
        long t2 = NOW.getEpochSecond() + 500;
        var verdict = TicketAuthorization.authorize(List.of(v),
                List.of(ticket("a", "until:" + t1), ticket("a", "garbage"), ticket("a", "until:" + t2)), HOLDER, NOW);
        assertEquals(TicketVerdict.valid(Expiration.at(Instant.ofEpochSecond(t2))), verdict);
    }

    @Test
    void acrossValidatorsTheEarliestWinsAndAllMustPass() {
        var a = new FakeValidator("a");
        var b = new FakeValidator("b");
        long t1 = NOW.getEpochSecond() + 100;
        var both = List.of(ticket("a", "never"), ticket("b", "until:" + t1));
        assertEquals(TicketVerdict.valid(Expiration.at(Instant.ofEpochSecond(t1))),
                TicketAuthorization.authorize(List.of(a, b), both, HOLDER, NOW));
        var onlyA = List.of(ticket("a", "never"));
        var verdict = TicketAuthorization.authorize(List.of(a, b), onlyA, HOLDER, NOW);
        assertInstanceOf(InvalidTicket.class, verdict);
        assertTrue(((InvalidTicket) verdict).reason().contains("no ticket of class"));
    }

    @Test
    void expiredAndInvalidTicketsAreRejectedWithTheirReason() {
        var a = new FakeValidator("a");
        var expired = TicketAuthorization.authorize(List.of(a),
                List.of(ticket("a", "until:" + (NOW.getEpochSecond() - 1))), HOLDER, NOW);
        assertInstanceOf(InvalidTicket.class, expired);
        assertTrue(((InvalidTicket) expired).reason().contains("expired"));
        var garbage = TicketAuthorization.authorize(List.of(a), List.of(ticket("a", "x")), HOLDER, NOW);
        assertEquals(new InvalidTicket("garbage"), garbage);
        assertFalse(garbage.isValid());
    }

    @Test
    void ticketsOfOtherClassesAreIgnored() {
        var a = new FakeValidator("a");
        assertInstanceOf(InvalidTicket.class,
                TicketAuthorization.authorize(List.of(a), List.of(ticket("b", "never")), HOLDER, NOW));
    }
}
