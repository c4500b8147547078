package dev.groups.tickets;

import dev.groups.id.UniqueId;
import java.time.Instant;

/**
 * Decides whether a peer may bond in a group, from the tickets it publishes (spec §7.1, §3.8). A group
 * requires zero or more validators ({@code requireTicket}, in order); a peer must satisfy every one.
 *
 * <p><b>Threading.</b> Called from the group thread and from bonding code on transport or worker
 * threads, concurrently: implementations must be thread-safe (immutable after construction is best).
 *
 * <p><b>Blocking.</b> {@link #validate} must not do network I/O or block; it may be CPU-heavy
 * (signature checks), so implementations should cache verdicts per ticket where that is expensive.
 *
 * <p><b>Never</b> throw from {@link #validate}: any malformed, hostile or unexpected input is an
 * {@link InvalidTicket} with a clear reason. Never depend on the wall clock: use the {@code now} given.
 */
public interface TicketValidator {
    /** The class of ticket this validator reads ({@link Ticket#ticketClass()}). */
    UniqueId ticketClass();

    /**
     * A digest of this validator's kind and its whole policy (keys, issuers, measurements…): it is
     * mixed into the group id, so members with a different policy derive a different group. Must be
     * stable across releases and JVMs for the same policy.
     */
    UniqueId signature();

    /**
     * Checks one ticket of this validator's class for {@code holder} at time {@code now}.
     *
     * @return {@link TicketVerdict.Valid} with the ticket's expiration, or an {@link InvalidTicket}
     */
    TicketVerdict validate(Ticket ticket, TicketHolder holder, Instant now);
}
