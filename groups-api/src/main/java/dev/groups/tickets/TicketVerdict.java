package dev.groups.tickets;

import java.util.Objects;

/** The outcome of validating tickets: {@link Valid} until an {@link Expiration}, or {@link InvalidTicket}. */
public sealed interface TicketVerdict permits TicketVerdict.Valid, InvalidTicket {

    static TicketVerdict valid(Expiration expiration) {
        return new Valid(expiration);
    }

    static TicketVerdict invalid(String reason) {
        return new InvalidTicket(reason);
    }

    default boolean isValid() {
        return this instanceof Valid;
    }

    /** Valid until {@code expiration}; the runtime re-validates the peer when it passes. */
    record Valid(Expiration expiration) implements TicketVerdict {
        public Valid {
            Objects.requireNonNull(expiration, "expiration");
        }
    }
}
