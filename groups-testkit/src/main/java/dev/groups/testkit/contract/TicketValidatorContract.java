package dev.groups.testkit.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.fail;

import dev.groups.id.PeerId;
import dev.groups.id.UniqueId;
import dev.groups.tickets.InvalidTicket;
import dev.groups.tickets.Ticket;
import dev.groups.tickets.TicketHolder;
import dev.groups.tickets.TicketValidator;
import dev.groups.tickets.TicketVerdict;
import java.time.Instant;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The {@link TicketValidator} contract, as a JUnit 5 suite a validator author extends: implement
 * {@link #newValidator()} (a new instance with the policy under test), {@link #validTicket()},
 * {@link #holder()} (whom it was issued to) and {@link #now()} (an instant at which it is valid). The
 * suite checks that
 * <ul>
 *   <li>{@code signature()} and {@code ticketClass()} are the same on every call and instance (both
 *       enter group ids), and the valid ticket is of that class;</li>
 *   <li>the valid ticket validates for its holder at {@link #now()}, with an expiration not passed
 *       then, and is an {@link InvalidTicket} for any other holder (a copied ticket fails);</li>
 *   <li>{@code validate} never throws: 10,000 garbage tickets (random bytes and cut copies of the valid
 *       ticket under its class; random bytes and the valid ticket's own bytes under other classes) are each an
 *       {@link InvalidTicket}.</li>
 * </ul>
 * Time is only ever the {@link #now()} given: the suite never reads the clock.
 */
public abstract class TicketValidatorContract {
    private static final int GARBAGE_INPUTS = 10_000;

    /** A new validator with the policy under test. */
    protected abstract TicketValidator newValidator();

    /** A ticket that is valid for {@link #holder()} at {@link #now()}. */
    protected abstract Ticket validTicket();

    /** The holder {@link #validTicket()} was issued to. */
    protected abstract TicketHolder holder();

    /** An instant at which {@link #validTicket()} is valid. */
    protected abstract Instant now();

    /** Someone else on the same network: by default the holder's peer id with its last bit flipped. */
    protected TicketHolder otherHolder() {
        byte[] id = holder().peerId().toBytes();
        id[id.length - 1] ^= 1;
        return new TicketHolder(PeerId.fromBytes(id), holder().networkId());
    }

    @Test
    void theSignatureIsTheSameOnEveryCallAndInstance() {
        TicketValidator a = newValidator();
        assertEquals(a.signature(), a.signature(), "signature() twice");
        assertEquals(a.signature(), newValidator().signature(), "signature() on another instance");
        a.validate(validTicket(), holder(), now());
        assertEquals(newValidator().signature(), a.signature(), "signature() after validating");
    }

    @Test
    void theTicketClassIsTheSameOnEveryCallAndInstanceAndIsTheValidTicketsClass() {
        TicketValidator a = newValidator();
        assertEquals(a.ticketClass(), a.ticketClass(), "ticketClass() twice");
        assertEquals(a.ticketClass(), newValidator().ticketClass(), "ticketClass() on another instance");
        assertEquals(a.ticketClass(), validTicket().ticketClass(), "the valid ticket is of the validator's class");
    }

    @Test
    void theValidTicketValidatesForItsHolder() {
        TicketVerdict verdict = newValidator().validate(validTicket(), holder(), now());
        TicketVerdict.Valid valid = assertInstanceOf(TicketVerdict.Valid.class, verdict, "verdict: " + verdict);
        assertFalse(valid.expiration().isExpiredAt(now()), "it has not expired at " + now() + ": " + valid);
    }

    @Test
    void theValidTicketFailsForAnotherHolder() {
        TicketVerdict verdict = newValidator().validate(validTicket(), otherHolder(), now());
        assertInstanceOf(InvalidTicket.class, verdict, "a ticket copied by " + otherHolder().peerId().shortHex());
    }

    @Test
    void garbageIsAlwaysAnInvalidTicketAndNeverAnException() {
        TicketValidator validator = newValidator();
        UniqueId ownClass = validator.ticketClass();
        byte[] valid = validTicket().data();
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < GARBAGE_INPUTS; i++) {
            Ticket ticket = switch (i % 4) {
                case 0 -> new Ticket(ownClass, randomBytes(random, Math.max(64, valid.length * 2)));
                case 1 -> valid.length == 0 ? new Ticket(ownClass, randomBytes(random, 64))
                        : new Ticket(ownClass, Arrays.copyOf(valid, random.nextInt(valid.length))); // a strict prefix
                case 2 -> new Ticket(UniqueId.of("another class " + random.nextInt(1000)), randomBytes(random, 64));
                default -> new Ticket(UniqueId.of("another class " + random.nextInt(1000)), valid);
            };
            TicketVerdict verdict;
            try {
                verdict = validator.validate(ticket, holder(), now());
            } catch (RuntimeException e) {
                fail("validate threw on " + ticket + " (" + Arrays.toString(ticket.data()) + "): " + e, e);
                return;
            }
            assertInstanceOf(InvalidTicket.class, verdict, "garbage " + ticket + " (" + Arrays.toString(ticket.data())
                    + ") was accepted");
        }
    }

    private static byte[] randomBytes(SplittableRandom random, int maxLength) {
        byte[] b = new byte[random.nextInt(maxLength + 1)];
        random.nextBytes(b);
        return b;
    }
}
