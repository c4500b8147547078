package dev.groups.tickets.jwt;

import dev.groups.id.Digest;
import dev.groups.id.UniqueId;
import dev.groups.tickets.Expiration;
import dev.groups.tickets.Ticket;
import dev.groups.tickets.TicketHolder;
import dev.groups.tickets.TicketValidator;
import dev.groups.tickets.TicketVerdict;
import dev.groups.tickets.jwt.internal.ClaimRules;
import dev.groups.tickets.jwt.internal.Claims;
import dev.groups.tickets.jwt.internal.Policy;
import dev.groups.tickets.jwt.internal.PolicySignature;
import dev.groups.tickets.jwt.internal.Rejection;
import dev.groups.tickets.jwt.internal.TokenVerifier;
import dev.groups.tickets.jwt.internal.VerdictCache;
import java.time.Instant;
import java.util.Optional;

/**
 * Validates JWT tickets ({@link #CLASS}): compact JWS tokens signed by one of the configured keys,
 * whose subject is the holder's peer id (spec §7.3). Build one with {@link #withKey} or
 * {@link #builder()}; see {@link JwtBuilder} for the policy settings.
 *
 * <p>{@link #validate} runs, in order: class and size ({@value #MAX_TICKET_BYTES} bytes at most);
 * steps 1–4 (structure, header {@code alg}, signature, claims decoding; see the module README) and
 * steps 5–13 (iss, sub, nbf, exp, max lifetime, max age, aud, required claims, result). Time is the
 * {@code now} given, never the wall clock, and there is no clock leeway unless one is configured. The
 * result is {@code Valid(Never)} without {@code exp}, else {@code Valid(At(exp + clockSkew))}; every
 * failure is an {@code InvalidTicket} with a reason, and nothing is thrown.
 *
 * <p>Tokens whose signature verified are cached (LRU, {@link JwtBuilder#cacheSize}, keyed by the
 * SHA-256 of the token); the claim checks run on every call, so a cached ticket expires on time.
 *
 * <p>Immutable and thread-safe.
 */
public final class Jwt implements TicketValidator {
    /** The ticket class: {@code UniqueId.of("groups.tickets.jwt.v1")}. */
    public static final UniqueId CLASS = UniqueId.of("groups.tickets.jwt.v1");
    /** Largest ticket accepted, in bytes; larger ones are rejected before any parsing. */
    public static final int MAX_TICKET_BYTES = 16 * 1024;

    private final Policy policy;
    private final UniqueId signature;
    private final VerdictCache cache;

    Jwt(Policy policy, int cacheSize) {
        this.policy = policy;
        this.signature = PolicySignature.of(CLASS, policy);
        this.cache = new VerdictCache(cacheSize);
    }

    /** A builder that starts with {@code key}. */
    public static JwtBuilder withKey(VerifyingKey key) {
        return new JwtBuilder().addKey(key);
    }

    /** An empty builder: add at least one key. */
    public static JwtBuilder builder() {
        return new JwtBuilder();
    }

    @Override
    public UniqueId ticketClass() {
        return CLASS;
    }

    /**
     * The policy's digest, mixed into the group id: see {@code PolicySignature} and the README for the
     * exact derivation. Keys count in a stable order (algorithm, then fingerprint), not in the order
     * they were added, and issuers and audiences sorted: equal policies give equal signatures.
     */
    @Override
    public UniqueId signature() {
        return signature;
    }

    @Override
    public TicketVerdict validate(Ticket ticket, TicketHolder holder, Instant now) {
        try {
            return TicketVerdict.valid(check(ticket, holder, now));
        } catch (Rejection r) {
            return TicketVerdict.invalid(r.reason());
        } catch (RuntimeException | StackOverflowError e) {
            return TicketVerdict.invalid("JWT ticket could not be validated: " + e.getClass().getSimpleName());
        }
    }

    private Expiration check(Ticket ticket, TicketHolder holder, Instant now) throws Rejection {
        if (!CLASS.equals(ticket.ticketClass())) {
            throw new Rejection("not a JWT ticket (class " + ticket.ticketClass().digest().shortHex() + ")");
        }
        if (ticket.size() > MAX_TICKET_BYTES) {
            throw new Rejection("ticket is " + ticket.size() + " bytes, more than the " + MAX_TICKET_BYTES + " allowed");
        }
        String subject = policy.subject().orElseGet(() -> holder.peerId().toString());
        return ClaimRules.check(policy, claims(ticket.data()), subject, now);
    }

    private Claims claims(byte[] token) throws Rejection {
        if (!cache.enabled()) {
            return TokenVerifier.verify(policy, token);
        }
        Digest key = Digest.hash(token);
        Optional<Claims> cached = cache.get(key);
        if (cached.isPresent()) {
            return cached.get();
        }
        Claims claims = TokenVerifier.verify(policy, token);
        cache.put(key, claims);
        return claims;
    }

    Policy policy() {
        return policy;
    }

    /** Tokens in the verification cache (for tests and metrics). */
    int cachedTokens() {
        return cache.size();
    }

    /** The policy without secrets: algorithms, key fingerprints, issuers, audiences, limits. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Jwt(keys=");
        policy.keys().forEach(k -> sb.append(k.algorithm()).append(':').append(k.fingerprint().digest().shortHex()).append(' '));
        sb.setLength(sb.length() - 1);
        sb.append(", issuers=").append(policy.issuers()).append(", audiences=").append(policy.audiences());
        policy.subject().ifPresent(s -> sb.append(", subject=").append(s));
        sb.append(", allowNonExpiring=").append(policy.allowNonExpiring());
        policy.maxLifetime().ifPresent(d -> sb.append(", maxLifetime=").append(d));
        policy.maxAge().ifPresent(d -> sb.append(", maxAge=").append(d));
        sb.append(", clockSkew=").append(policy.clockSkew());
        if (!policy.requiredClaims().isEmpty()) {
            sb.append(", claims={").append(policy.describeClaims()).append('}');
        }
        return sb.append(", signature=").append(signature.digest().shortHex()).append(')').toString();
    }
}
