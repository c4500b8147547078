package dev.groups.tickets.jwt.internal;

import dev.groups.tickets.Expiration;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Steps 5–13 of spec §7.3, in that order, on decoded claims. Times are whole seconds: {@code now} is
 * {@code floor(now)} in Unix seconds, as the original's {@code now} is. A configured clock skew
 * {@code s} loosens every time comparison by {@code s} in the accepting direction and nothing else
 * (with the default {@code s = 0} these are exactly the spec's comparisons):
 * <ol start="5">
 *   <li>{@code iss}: with issuers configured, present and one of them;</li>
 *   <li>{@code sub}: present and equal to the required subject (by default the holder's peer id hex);</li>
 *   <li>{@code nbf}: rejected when {@code nbf > now + s};</li>
 *   <li>{@code exp}: missing is rejected unless non-expiring tickets are allowed; rejected when
 *       {@code exp + s <= now};</li>
 *   <li>max lifetime (only with an {@code exp}): rejected when {@code exp − now > maxLifetime + s};</li>
 *   <li>max age: {@code iat} required; rejected when {@code max(0, now − iat) > maxAge + s} (an
 *       {@code iat} in the future passes, as in the original);</li>
 *   <li>{@code aud}: with audiences configured, present and one of them;</li>
 *   <li>every required private claim present and equal (JSON equality, {@link JsonValues#same});</li>
 *   <li>{@code Never} without {@code exp}; otherwise {@code At(exp + s)}, rejected if that is not a
 *       representable {@code Instant}.</li>
 * </ol>
 * All arithmetic saturates, so no input overflows.
 */
public final class ClaimRules {
    private static final long MAX_INSTANT_SECONDS = Instant.MAX.getEpochSecond();

    private ClaimRules() {}

    public static Expiration check(Policy policy, Claims claims, String expectedSubject, Instant instant)
            throws Rejection {
        long now = instant.getEpochSecond();
        long skew = policy.clockSkew().getSeconds();
        if (!policy.issuers().isEmpty()) {
            String iss = claims.issuer().orElseThrow(() -> new Rejection("no iss claim; allowed issuers: "
                    + policy.issuers()));
            if (!policy.issuers().contains(iss)) {
                throw new Rejection("issuer \"" + Strings.printable(iss) + "\" is not allowed");
            }
        }
        String sub = claims.subject().orElseThrow(() -> new Rejection("no sub claim"));
        if (!sub.equals(expectedSubject)) {
            throw new Rejection("subject \"" + Strings.printable(sub) + "\" is not " + expectedSubject);
        }
        if (claims.notBefore().isPresent() && claims.notBefore().getAsLong() > add(now, skew)) {
            throw new Rejection("not valid before " + time(claims.notBefore().getAsLong()) + " (now " + instant + ")");
        }
        if (claims.expiresAt().isEmpty() && !policy.allowNonExpiring()) {
            throw new Rejection("no exp claim, and the policy does not allow tickets that never expire");
        }
        if (claims.expiresAt().isPresent()) {
            long exp = claims.expiresAt().getAsLong();
            if (add(exp, skew) <= now) {
                throw new Rejection("expired at " + time(exp) + " (now " + instant + ")");
            }
            Optional<Duration> maxLifetime = policy.maxLifetime();
            if (maxLifetime.isPresent() && sub(exp, now) > add(maxLifetime.get().getSeconds(), skew)) {
                throw new Rejection("expires at " + time(exp) + ", more than " + maxLifetime.get() + " from now");
            }
        }
        if (policy.maxAge().isPresent()) {
            long iat = claims.issuedAt().orElseThrow(() -> new Rejection("no iat claim, which a max age requires"));
            if (Math.max(0, sub(now, iat)) > add(policy.maxAge().get().getSeconds(), skew)) {
                throw new Rejection("issued at " + time(iat) + ", more than " + policy.maxAge().get() + " ago");
            }
        }
        if (!policy.audiences().isEmpty()) {
            String aud = claims.audience().orElseThrow(() -> new Rejection("no aud claim; allowed audiences: "
                    + policy.audiences()));
            if (!policy.audiences().contains(aud)) {
                throw new Rejection("audience \"" + Strings.printable(aud) + "\" is not allowed");
            }
        }
        for (Map.Entry<String, Object> required : policy.requiredClaims().entrySet()) {
            Object actual = claims.privateClaims().get(required.getKey());
            if (actual == null) {
                throw new Rejection("required claim \"" + required.getKey() + "\" is missing");
            }
            if (!JsonValues.same(actual, required.getValue())) {
                throw new Rejection("claim \"" + required.getKey() + "\" is not " + JsonValues.write(required.getValue()));
            }
        }
        if (claims.expiresAt().isEmpty()) {
            return Expiration.never();
        }
        long until = add(claims.expiresAt().getAsLong(), skew);
        if (until > MAX_INSTANT_SECONDS) {
            throw new Rejection("exp " + time(claims.expiresAt().getAsLong()) + " is too large for a time");
        }
        return Expiration.at(Instant.ofEpochSecond(until));
    }

    private static String time(long seconds) {
        if (seconds <= MAX_INSTANT_SECONDS) {
            return Instant.ofEpochSecond(seconds).toString();
        }
        return "unix time " + (seconds == Long.MAX_VALUE ? "≥ 2^63" : Long.toString(seconds)); // saturated: see Claims
    }

    static long add(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? (a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE) : r;
    }

    static long sub(long a, long b) {
        long r = a - b;
        return ((a ^ b) & (a ^ r)) < 0 ? (a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE) : r;
    }
}
