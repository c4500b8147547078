package dev.groups.tickets.jwt;

import dev.groups.tickets.jwt.internal.Claims;
import dev.groups.tickets.jwt.internal.Json;
import dev.groups.tickets.jwt.internal.JsonValues;
import dev.groups.tickets.jwt.internal.Policy;
import dev.groups.tickets.jwt.internal.Rejection;
import dev.groups.tickets.jwt.internal.Strings;
import dev.groups.tickets.jwt.internal.VerificationKey;
import java.security.Provider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Configures a {@link Jwt} validator (spec §7.3 builder). Every setting is part of the policy, and so of
 * {@link Jwt#signature()}, except {@link #cacheSize} and {@link #ecdsaProvider}. Invalid values are an
 * {@link IllegalArgumentException} from the setter. Not thread-safe; {@link #build()} may be called
 * more than once.
 */
public final class JwtBuilder {
    /** Default number of verified tokens cached. */
    public static final int DEFAULT_CACHE_SIZE = 1024;

    private final Set<VerifyingKey> keys = new LinkedHashSet<>();
    private final TreeSet<String> issuers = new TreeSet<>(Strings.UTF8_ORDER);
    private final TreeSet<String> audiences = new TreeSet<>(Strings.UTF8_ORDER);
    private final TreeMap<String, Object> claims = new TreeMap<>(Strings.UTF8_ORDER);
    private String subject;
    private boolean allowNonExpiring;
    private Duration maxLifetime;
    private Duration maxAge;
    private Duration clockSkew = Duration.ZERO;
    private int cacheSize = DEFAULT_CACHE_SIZE;
    private Provider ecdsaProvider;

    JwtBuilder() {}

    /** Accepts tokens signed by {@code key} too (several keys allow rotation; duplicates count once). */
    public JwtBuilder addKey(VerifyingKey key) {
        keys.add(Objects.requireNonNull(key, "key"));
        return this;
    }

    /** Requires {@code iss} to be one of the allowed issuers (OR over repeated calls). */
    public JwtBuilder allowIssuer(String issuer) {
        issuers.add(listItem(issuer, "issuer"));
        return this;
    }

    /** Requires {@code aud} (a single string) to be one of the allowed audiences (OR over repeated calls). */
    public JwtBuilder allowAudience(String audience) {
        audiences.add(listItem(audience, "audience"));
        return this;
    }

    /**
     * Requires {@code sub} to be exactly {@code subject} instead of the default, the holder's peer id as
     * 64 lowercase hex characters. With a fixed subject a ticket is no longer bound to its holder.
     */
    public JwtBuilder requireSubject(String subject) {
        Objects.requireNonNull(subject, "subject");
        if (subject.isEmpty()) {
            throw new IllegalArgumentException("required subject must not be empty");
        }
        this.subject = subject;
        return this;
    }

    /**
     * Requires the private claim {@code name} to equal {@code jsonValue} exactly (AND over claims; see
     * the README for JSON equality). Registered claims (iss, sub, aud, exp, nbf, iat, jti) have their
     * own settings and cannot be required here.
     *
     * @param jsonValue a JSON text, e.g. {@code "\"admin\""}, {@code "3"}, {@code "[\"a\",\"b\"]"}
     */
    public JwtBuilder requireClaim(String name, String jsonValue) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(jsonValue, "jsonValue");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("required claim name must not be empty");
        }
        if (Claims.REGISTERED.contains(name)) {
            throw new IllegalArgumentException("\"" + name + "\" is a registered claim; use allowIssuer, allowAudience, "
                    + "requireSubject, maxLifetime or maxAge instead of requireClaim");
        }
        Object value;
        try {
            value = Json.parse(jsonValue);
        } catch (Rejection r) {
            throw new IllegalArgumentException("required claim \"" + name + "\": invalid JSON: " + r.reason());
        }
        Object previous = claims.putIfAbsent(name, value);
        if (previous != null && !JsonValues.same(previous, value)) {
            throw new IllegalArgumentException("required claim \"" + name + "\" is already required to be "
                    + JsonValues.write(previous));
        }
        return this;
    }

    /** Accepts tokens without {@code exp}; they are valid until revoked ({@code Valid(Never)}). */
    public JwtBuilder allowNonExpiring() {
        return allowNonExpiring(true);
    }

    public JwtBuilder allowNonExpiring(boolean allow) {
        this.allowNonExpiring = allow;
        return this;
    }

    /** Rejects tokens whose {@code exp} is more than {@code max} after {@code now} (positive whole seconds). */
    public JwtBuilder maxLifetime(Duration max) {
        this.maxLifetime = positiveSeconds(max, "maxLifetime");
        return this;
    }

    /** Requires {@code iat} and rejects tokens issued more than {@code max} before {@code now} (positive whole seconds). */
    public JwtBuilder maxAge(Duration max) {
        this.maxAge = positiveSeconds(max, "maxAge");
        return this;
    }

    /**
     * Tolerates clocks that disagree by up to {@code skew} (whole seconds, default {@link Duration#ZERO}):
     * every time comparison is loosened by it. Unlike nimbus' {@code DefaultJWTClaimsVerifier}, which
     * silently allows 60 s, there is no leeway unless set here.
     */
    public JwtBuilder clockSkew(Duration skew) {
        Objects.requireNonNull(skew, "clockSkew");
        if (skew.isNegative() || skew.getNano() != 0) {
            throw new IllegalArgumentException("clockSkew must be zero or a positive whole number of seconds, got " + skew);
        }
        this.clockSkew = skew;
        return this;
    }

    /** How many verified tokens to cache (default {@value #DEFAULT_CACHE_SIZE}; 0 disables). Not part of the policy. */
    public JwtBuilder cacheSize(int size) {
        if (size < 0) {
            throw new IllegalArgumentException("cacheSize must not be negative, got " + size);
        }
        this.cacheSize = size;
        return this;
    }

    /** The JCA provider for ECDSA verification (default: BouncyCastle, unregistered). Not part of the policy. */
    public JwtBuilder ecdsaProvider(Provider provider) {
        this.ecdsaProvider = Objects.requireNonNull(provider, "provider");
        return this;
    }

    /** @throws IllegalArgumentException when no key was added */
    public Jwt build() {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("a JWT validator needs at least one key");
        }
        List<VerificationKey> verification = new ArrayList<>();
        keys.forEach(k -> verification.add(Keys.verification(k, ecdsaProvider)));
        verification.sort(VerificationKey.ORDER);
        Policy policy = new Policy(verification, new TreeSet<>(issuers), new TreeSet<>(audiences),
                Optional.ofNullable(subject), new TreeMap<>(claims), allowNonExpiring, Optional.ofNullable(maxLifetime),
                Optional.ofNullable(maxAge), clockSkew);
        return new Jwt(policy, cacheSize);
    }

    private static String listItem(String value, String what) {
        Objects.requireNonNull(value, what);
        if (value.isEmpty()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        if (value.indexOf(',') >= 0) {
            // The signature joins the list with commas: "a,b" would be indistinguishable from "a" and "b".
            throw new IllegalArgumentException(what + " must not contain a comma: \"" + Strings.printable(value) + "\"");
        }
        return value;
    }

    private static Duration positiveSeconds(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isNegative() || d.isZero() || d.getNano() != 0) {
            throw new IllegalArgumentException(what + " must be a positive whole number of seconds, got " + d);
        }
        return d;
    }
}
