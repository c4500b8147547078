package dev.groups.tickets.tdx;

import dev.groups.id.Digest;
import dev.groups.id.UniqueId;
import dev.groups.tickets.Expiration;
import dev.groups.tickets.Ticket;
import dev.groups.tickets.TicketHolder;
import dev.groups.tickets.TicketValidator;
import dev.groups.tickets.TicketVerdict;
import dev.groups.tickets.tdx.internal.Rejection;
import dev.groups.tickets.tdx.internal.TicketCodec;
import dev.groups.tickets.tdx.internal.VerdictCache;
import dev.groups.tickets.tdx.internal.Window;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Validates TDX tickets ({@link #CLASS}): a quote verified by a {@link TdxQuoteVerifier}, whose
 * REPORTDATA binds the ticket's {@link TdxExtraData} to the holder. After the quote's checks:
 * <ol>
 *   <li>REPORTDATA = {@code extra.digest()} ‖ 32 zero bytes, and no unsigned bytes after the quote;</li>
 *   <li>the extra data's peer and network are the holder's;</li>
 *   <li>{@code quotedAt} is not more than {@link #CLOCK_SKEW} in the future; {@code maxAge}:
 *       {@code now − quotedAt ≤ maxAge}; {@code notBefore}: {@code quotedAt ≥ notBefore};
 *       {@code maxLifetime}: {@code Never} is rejected and {@code expiration − quotedAt ≤ maxLifetime};</li>
 *   <li>an expired ticket is rejected; otherwise {@code Valid(expiration)}.</li>
 * </ol>
 * Quote verification (about a millisecond of signature and chain checks) is cached per ticket digest,
 * and reused only while every certificate and CRL it relied on is valid. Thread-safe; never throws.
 */
public final class TdxTicketValidator implements TicketValidator {
    /** The ticket class, {@code UniqueId.of("groups.tee.tdx.ticket.v1")}. */
    public static final UniqueId CLASS = UniqueId.of("groups.tee.tdx.ticket.v1");
    /** How far in the future a {@code quotedAt} may lie, for clocks that disagree slightly. */
    public static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    private static final Duration CACHE_MAX_AGE = Duration.ofMinutes(1);
    private static final int CACHE_CAPACITY = 1024;

    private final TdxQuoteVerifier verifier;
    private final UniqueId signature;
    private final VerdictCache<VerifiedQuote> cache = new VerdictCache<>(CACHE_CAPACITY, CACHE_MAX_AGE);

    public TdxTicketValidator(TdxPolicy policy) {
        this(policy, TdxCollateral.none());
    }

    public TdxTicketValidator(TdxPolicy policy, TdxCollateral collateral) {
        this.verifier = new TdxQuoteVerifier(policy, collateral);
        this.signature = policy.signature();
    }

    public TdxPolicy policy() {
        return verifier.policy();
    }

    @Override
    public UniqueId ticketClass() {
        return CLASS;
    }

    /** {@link TdxPolicy#signature()}: the collateral is not part of it, as it is refreshed without changing the group. */
    @Override
    public UniqueId signature() {
        return signature;
    }

    @Override
    public TicketVerdict validate(Ticket ticket, TicketHolder holder, Instant now) {
        try {
            return TicketVerdict.valid(validateOrThrow(ticket, holder, now));
        } catch (Rejection r) {
            return TicketVerdict.invalid(r.reason());
        } catch (RuntimeException e) {
            return TicketVerdict.invalid("TDX ticket could not be validated: " + e);
        }
    }

    private Expiration validateOrThrow(Ticket ticket, TicketHolder holder, Instant now) throws Rejection {
        if (!CLASS.equals(ticket.ticketClass())) {
            throw new Rejection("not a TDX ticket (class " + ticket.ticketClass().digest().shortHex() + ")");
        }
        byte[] data = ticket.data();
        TicketCodec.Decoded decoded = TicketCodec.decode(data);
        VerifiedQuote quote = verifiedQuote(Digest.hash(data), decoded.quote(), now);
        TdxExtraData extra = decoded.extra();
        if (quote.trailingBytes() != 0) {
            throw new Rejection("the ticket's quote has " + quote.trailingBytes() + " unsigned trailing bytes");
        }
        if (!MessageDigest.isEqual(quote.report().reportData(), extra.reportData())) {
            throw new Rejection("the quote's REPORTDATA does not commit to the ticket's peer, network and times");
        }
        if (!extra.peerId().equals(holder.peerId())) {
            throw new Rejection("ticket was issued to peer " + extra.peerId().shortHex() + ", not "
                    + holder.peerId().shortHex());
        }
        if (!extra.networkId().equals(holder.networkId())) {
            throw new Rejection("ticket was issued for network " + extra.networkId().digest().shortHex() + ", not "
                    + holder.networkId().digest().shortHex());
        }
        checkTimes(extra, now);
        return extra.expiration();
    }

    private VerifiedQuote verifiedQuote(Digest key, byte[] quote, Instant now) throws Rejection {
        Optional<VerifiedQuote> cached = cache.get(key, now);
        if (cached.isPresent()) {
            return cached.get();
        }
        QuoteVerdict verdict = verifier.verify(quote, now);
        if (verdict instanceof RejectedQuote rejected) {
            throw new Rejection(rejected.reason());
        }
        VerifiedQuote verified = (VerifiedQuote) verdict;
        cache.put(key, verified, new Window(verified.validFrom(), verified.validUntil()), now);
        return verified;
    }

    private void checkTimes(TdxExtraData extra, Instant now) throws Rejection {
        TdxPolicy policy = verifier.policy();
        Instant quotedAt = extra.quotedAt();
        if (Duration.between(now, quotedAt).compareTo(CLOCK_SKEW) > 0) {
            throw new Rejection("ticket was quoted at " + quotedAt + ", in the future");
        }
        Optional<Duration> maxAge = policy.maxAge();
        if (maxAge.isPresent() && Duration.between(quotedAt, now).compareTo(maxAge.get()) > 0) {
            throw new Rejection("ticket was quoted at " + quotedAt + ", more than " + maxAge.get() + " ago");
        }
        Optional<Instant> notBefore = policy.notBefore();
        if (notBefore.isPresent() && quotedAt.isBefore(notBefore.get())) {
            throw new Rejection("ticket was quoted at " + quotedAt + ", before " + notBefore.get());
        }
        Optional<Duration> maxLifetime = policy.maxLifetime();
        if (maxLifetime.isPresent()) {
            if (!(extra.expiration() instanceof Expiration.At at)) {
                throw new Rejection("ticket never expires, but the policy limits the lifetime to " + maxLifetime.get());
            }
            if (Duration.between(quotedAt, at.instant()).compareTo(maxLifetime.get()) > 0) {
                throw new Rejection("ticket expires at " + at.instant() + ", more than " + maxLifetime.get()
                        + " after it was quoted");
            }
        }
        if (extra.expiration().isExpiredAt(now)) {
            throw new Rejection("ticket expired at " + extra.expiration());
        }
    }

    /** Cached quote verifications (for tests and metrics). */
    int cachedVerifications() {
        return cache.size();
    }

    @Override
    public String toString() {
        return "TdxTicketValidator(" + verifier.policy() + ", " + verifier.collateral() + ")";
    }
}
