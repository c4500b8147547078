package dev.groups.tickets;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * How a group combines its validators over a peer's tickets (spec §1.11): for each validator, the
 * <b>latest</b> expiration among the peer's valid tickets of its class; across validators, the
 * <b>earliest</b> (every validator must pass: AND). No validators: valid, never expiring.
 */
public final class TicketAuthorization {
    private TicketAuthorization() {}

    /**
     * @return the combined verdict; an {@link InvalidTicket} names the first validator that failed and,
     *     when the peer had tickets of its class, the reason of the last one tried
     */
    public static TicketVerdict authorize(List<? extends TicketValidator> validators, Collection<Ticket> tickets,
                                          TicketHolder holder, Instant now) {
        Expiration combined = Expiration.never();
        for (TicketValidator validator : validators) {
            TicketVerdict verdict = bestOf(validator, tickets, holder, now);
            if (verdict instanceof InvalidTicket) {
                return verdict;
            }
            combined = Expiration.earliest(combined, ((TicketVerdict.Valid) verdict).expiration());
        }
        return TicketVerdict.valid(combined);
    }

    /** The latest-expiring valid ticket of {@code validator}'s class, or why none is valid. */
    public static TicketVerdict bestOf(TicketValidator validator, Collection<Ticket> tickets, TicketHolder holder,
                                       Instant now) {
        Expiration best = null;
        String lastReason = null;
        for (Ticket ticket : tickets) {
            if (!ticket.ticketClass().equals(validator.ticketClass())) {
                continue;
            }
            TicketVerdict verdict = validator.validate(ticket, holder, now);
            if (verdict instanceof TicketVerdict.Valid valid) {
                if (valid.expiration().isExpiredAt(now)) {
                    lastReason = "ticket expired at " + valid.expiration();
                } else {
                    best = best == null ? valid.expiration() : Expiration.latest(best, valid.expiration());
                }
            } else {
                lastReason = ((InvalidTicket) verdict).reason();
            }
        }
        if (best != null) {
            return TicketVerdict.valid(best);
        }
        return TicketVerdict.invalid(lastReason == null
                ? "no ticket of class " + validator.ticketClass().digest().shortHex()
                : lastReason);
    }
}
