package dev.groups.tickets.jwt.internal;

import java.math.BigInteger;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A token's claims as the jwt crate decodes them (spec §7.3 step 4): the registered claims with their
 * types, and every other member as a private claim.
 *
 * <ul>
 *   <li>{@code iss}, {@code sub}, {@code aud}, {@code jti}: strings ({@code aud} is a <b>single</b>
 *       string; an array is rejected);</li>
 *   <li>{@code exp}, {@code nbf}, {@code iat}: integers in [0, 2<sup>64</sup>−1] (negative, fractional
 *       and exponent forms are rejected). Values above {@code Long.MAX_VALUE} are kept as
 *       {@code Long.MAX_VALUE}: every check treats them the same (far in the future, and too large for
 *       an {@code Instant}).</li>
 *   <li>A registered claim that is JSON {@code null} counts as absent (serde's {@code Option}).</li>
 * </ul>
 */
public record Claims(Optional<String> issuer, Optional<String> subject, Optional<String> audience,
                     OptionalLong expiresAt, OptionalLong notBefore, OptionalLong issuedAt, Optional<String> tokenId,
                     Map<String, Object> privateClaims) {
    /** The registered claim names: they never appear among the private claims. */
    public static final Set<String> REGISTERED = Set.of("iss", "sub", "aud", "exp", "nbf", "iat", "jti");
    private static final BigInteger U64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    public static Claims decode(Map<String, Object> json) throws Rejection {
        Map<String, Object> other = new LinkedHashMap<>();
        json.forEach((k, v) -> {
            if (!REGISTERED.contains(k)) {
                other.put(k, v);
            }
        });
        return new Claims(string(json, "iss"), string(json, "sub"), string(json, "aud"),
                seconds(json, "exp"), seconds(json, "nbf"), seconds(json, "iat"), string(json, "jti"),
                Collections.unmodifiableMap(other));
    }

    private static Optional<String> string(Map<String, Object> json, String name) throws Rejection {
        Object v = json.get(name);
        if (v == null || v == Json.NULL) {
            return Optional.empty();
        }
        if (!(v instanceof String s)) {
            throw new Rejection("claim \"" + name + "\" must be a string" + ("aud".equals(name) ? " (a single audience)" : ""));
        }
        return Optional.of(s);
    }

    private static OptionalLong seconds(Map<String, Object> json, String name) throws Rejection {
        Object v = json.get(name);
        if (v == null || v == Json.NULL) {
            return OptionalLong.empty();
        }
        if (!(v instanceof BigInteger i) || i.signum() < 0 || i.compareTo(U64_MAX) > 0) {
            throw new Rejection("claim \"" + name + "\" must be a whole number of seconds in [0, 2^64)");
        }
        return OptionalLong.of(i.bitLength() < Long.SIZE ? i.longValue() : Long.MAX_VALUE);
    }
}
