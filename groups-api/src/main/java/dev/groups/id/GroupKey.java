package dev.groups.id;

import dev.groups.tickets.TicketValidator;
import java.util.Objects;

/**
 * The shared secret of a group: admission control. Every member holds the same key; bonds prove
 * knowledge of it without sending it (HMAC over both peer ids and fresh nonces).
 *
 * <p>The secret is never printed: {@link #toString()} shows only its first and last byte
 * ({@code ab****cd}). The class is deliberately not {@code Serializable} and has no encoding of its
 * own; store it with {@link #secret()} only where a secret may be stored.
 */
public final class GroupKey {
    private final Digest secret;

    private GroupKey(Digest secret) {
        this.secret = Objects.requireNonNull(secret, "secret");
    }

    public static GroupKey of(Digest secret) {
        return new GroupKey(secret);
    }

    /** From a passphrase or 64 hex characters (the spec's string rule: hex is decoded, anything else hashed). */
    public static GroupKey fromSecret(String secret) {
        return new GroupKey(Digest.of(secret));
    }

    /** From secret bytes (hashed unless they are the ASCII of 64 hex characters, as the spec's byte rule). */
    public static GroupKey fromSecret(byte[] secret) {
        return new GroupKey(Digest.of(secret));
    }

    /** A fresh key from a strong random source. */
    public static GroupKey random() {
        return new GroupKey(Digest.random());
    }

    /**
     * A key derived from a ticket validator's signature, so that every node configured with the same
     * validator derives the same key. With a public-key validator anyone who knows the configuration
     * can compute this key: admission then rests on the tickets alone.
     */
    public static GroupKey from(TicketValidator validator) {
        return new GroupKey(validator.signature().digest());
    }

    /** The raw secret. It must never be sent on the wire or logged. */
    public Digest secret() {
        return secret;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GroupKey k && secret.constantTimeEquals(k.secret);
    }

    @Override
    public int hashCode() {
        return secret.hashCode();
    }

    /** {@code ab****cd}: first and last byte only. */
    @Override
    public String toString() {
        return String.format("%02x****%02x", secret.byteAt(0) & 0xff, secret.byteAt(Digest.LENGTH - 1) & 0xff);
    }
}
