package dev.groups.tickets;

import java.util.Objects;

/**
 * A ticket was rejected, with a reason for logs and operators (never secret material). Bonding with the
 * peer is refused, or an existing bond closed with {@code NotAllowed}.
 */
public record InvalidTicket(String reason) implements TicketVerdict {
    public InvalidTicket {
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String toString() {
        return "InvalidTicket(" + reason + ")";
    }
}
