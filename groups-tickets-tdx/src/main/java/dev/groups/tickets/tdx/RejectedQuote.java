package dev.groups.tickets.tdx;

import java.util.Objects;

/** A quote failed verification; {@code reason} says which check, for logs and operators. */
public record RejectedQuote(String reason) implements QuoteVerdict {
    public RejectedQuote {
        Objects.requireNonNull(reason, "reason");
    }
}
