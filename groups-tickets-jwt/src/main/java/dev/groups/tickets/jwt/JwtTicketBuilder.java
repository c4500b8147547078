package dev.groups.tickets.jwt;

import dev.groups.id.PeerId;
import dev.groups.tickets.Expiration;
import dev.groups.tickets.Ticket;
import dev.groups.tickets.jwt.internal.Base64Url;
import dev.groups.tickets.jwt.internal.Claims;
import dev.groups.tickets.jwt.internal.Json;
import dev.groups.tickets.jwt.internal.JsonValues;
import dev.groups.tickets.jwt.internal.Rejection;
import dev.groups.tickets.jwt.internal.Strings;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Issues JWT tickets (spec §7.3 {@code JwtTicketBuilder}). The token is
 * {@code base64url(header) "." base64url(claims) "." base64url(signature)} with
 * <ul>
 *   <li>header exactly {@code {"alg":"<ALG>","typ":"JWT"}};</li>
 *   <li>claims compact JSON: the registered claims in the order iss, sub, aud, exp, nbf, iat, jti (absent
 *       ones omitted), then the private claims sorted by name (UTF-8 bytes);</li>
 *   <li>{@code sub} defaults to the holder's peer id (64 lowercase hex), {@code iat} to the {@code now}
 *       given to {@link #build}; times are whole Unix seconds (an instant's fraction is dropped).</li>
 * </ul>
 * Mutable and not thread-safe; {@link #build} can be called repeatedly (e.g. once per peer).
 */
public final class JwtTicketBuilder {
    private final SigningKey key;
    private String issuer;
    private String subject;
    private String audience;
    private Expiration expiresAt = Expiration.never();
    private Duration expiresIn;
    private Long issuedAt;
    private Long notBefore;
    private String tokenId;
    private final Map<String, Object> privateClaims = new TreeMap<>(Strings.UTF8_ORDER);

    public JwtTicketBuilder(SigningKey key) {
        this.key = Objects.requireNonNull(key, "key");
    }

    public static JwtTicketBuilder with(SigningKey key) {
        return new JwtTicketBuilder(key);
    }

    public JwtTicketBuilder issuer(String issuer) {
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        return this;
    }

    /** Overrides the default subject (the holder's peer id). */
    public JwtTicketBuilder subject(String subject) {
        this.subject = Objects.requireNonNull(subject, "subject");
        return this;
    }

    public JwtTicketBuilder audience(String audience) {
        this.audience = Objects.requireNonNull(audience, "audience");
        return this;
    }

    /** {@code exp}: none for {@code Never} (the default). Replaces {@link #expiresIn}. */
    public JwtTicketBuilder expiresAt(Expiration expiration) {
        this.expiresAt = Objects.requireNonNull(expiration, "expiration");
        this.expiresIn = null;
        return this;
    }

    /** {@code exp = now + duration}, with the {@code now} given to {@link #build}. Replaces {@link #expiresAt}. */
    public JwtTicketBuilder expiresIn(Duration duration) {
        this.expiresIn = Objects.requireNonNull(duration, "duration");
        return this;
    }

    /** {@code iat} (default: the {@code now} given to {@link #build}). */
    public JwtTicketBuilder issuedAt(Instant instant) {
        this.issuedAt = seconds(instant, "iat");
        return this;
    }

    public JwtTicketBuilder notBefore(Instant instant) {
        this.notBefore = seconds(instant, "nbf");
        return this;
    }

    public JwtTicketBuilder tokenId(String id) {
        this.tokenId = Objects.requireNonNull(id, "id");
        return this;
    }

    /**
     * Sets a claim from JSON text. The registered names go to their fields (iss, sub, aud, jti must be
     * strings; exp, nbf, iat non-negative integers); anything else is a private claim.
     */
    public JwtTicketBuilder claim(String name, String jsonValue) {
        Objects.requireNonNull(name, "name");
        Object value;
        try {
            value = Json.parse(Objects.requireNonNull(jsonValue, "jsonValue"));
        } catch (Rejection r) {
            throw new IllegalArgumentException("claim \"" + name + "\": invalid JSON: " + r.reason());
        }
        if (!Claims.REGISTERED.contains(name)) {
            privateClaims.put(name, value);
            return this;
        }
        switch (name) {
            case "iss" -> issuer = text(name, value);
            case "sub" -> subject = text(name, value);
            case "aud" -> audience = text(name, value);
            case "jti" -> tokenId = text(name, value);
            case "exp" -> expiresAt(Expiration.at(instant(number(name, value))));
            case "nbf" -> notBefore = number(name, value);
            default -> issuedAt = number(name, value); // iat
        }
        return this;
    }

    /** A ticket of class {@link Jwt#CLASS} for {@code peer}, signed now. */
    public Ticket build(PeerId peer, Instant now) {
        return new Ticket(Jwt.CLASS, token(peer, now).getBytes(StandardCharsets.US_ASCII));
    }

    /** The compact token {@link #build} wraps. */
    public String token(PeerId peer, Instant now) {
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(now, "now");
        String header = Base64Url.encode(("{\"alg\":\"" + key.algorithm() + "\",\"typ\":\"JWT\"}")
                .getBytes(StandardCharsets.UTF_8));
        String claims = Base64Url.encode(claimsJson(peer, now).getBytes(StandardCharsets.UTF_8));
        String signingInput = header + "." + claims;
        byte[] signature = Keys.sign(key, signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + Base64Url.encode(signature);
    }

    String claimsJson(PeerId peer, Instant now) {
        StringBuilder sb = new StringBuilder("{");
        member(sb, "iss", issuer);
        member(sb, "sub", subject != null ? subject : peer.toString());
        member(sb, "aud", audience);
        if (expiresIn != null) {
            member(sb, "exp", seconds(now.plus(expiresIn), "exp"));
        } else if (expiresAt instanceof Expiration.At at) {
            member(sb, "exp", seconds(at.instant(), "exp"));
        }
        member(sb, "nbf", notBefore);
        member(sb, "iat", issuedAt != null ? issuedAt : Long.valueOf(seconds(now, "iat")));
        member(sb, "jti", tokenId);
        privateClaims.forEach((name, value) -> member(sb, name, value));
        return sb.append('}').toString();
    }

    private static void member(StringBuilder sb, String name, Object value) {
        if (value == null) {
            return;
        }
        if (sb.length() > 1) {
            sb.append(',');
        }
        JsonValues.string(name, sb);
        sb.append(':');
        if (value instanceof Long l) {
            sb.append(l.longValue());
        } else {
            JsonValues.write(value, sb);
        }
    }

    private static String text(String name, Object value) {
        if (!(value instanceof String s)) {
            throw new IllegalArgumentException("claim \"" + name + "\" must be a JSON string");
        }
        return s;
    }

    private static long number(String name, Object value) {
        if (!(value instanceof BigInteger i) || i.signum() < 0 || i.bitLength() >= Long.SIZE) {
            throw new IllegalArgumentException("claim \"" + name + "\" must be a non-negative integer (seconds)");
        }
        return i.longValue();
    }

    private static Instant instant(long seconds) {
        if (seconds > Instant.MAX.getEpochSecond()) {
            throw new IllegalArgumentException("claim \"exp\" is too large for a time: " + seconds);
        }
        return Instant.ofEpochSecond(seconds);
    }

    private static long seconds(Instant instant, String claim) {
        Objects.requireNonNull(instant, claim);
        if (instant.getEpochSecond() < 0) {
            throw new IllegalArgumentException(claim + " must not be before 1970 (JWT times are unsigned), got " + instant);
        }
        return instant.getEpochSecond();
    }
}
