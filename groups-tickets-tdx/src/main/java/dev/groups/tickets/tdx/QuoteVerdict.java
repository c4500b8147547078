package dev.groups.tickets.tdx;

/** The outcome of verifying a quote: a {@link VerifiedQuote} or a {@link RejectedQuote} with its reason. */
public sealed interface QuoteVerdict permits VerifiedQuote, RejectedQuote {
    default boolean isVerified() {
        return this instanceof VerifiedQuote;
    }
}
