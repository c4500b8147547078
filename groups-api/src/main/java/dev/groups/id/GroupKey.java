package dev.groups.id;

import dev.groups.tickets.TicketValidator;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The shared secret of a group: admission control. Every member holds the same key; bonds prove
 * knowledge of it without sending it (HMAC over both peer ids and fresh nonces).
 *
 * <p><b>Passphrases are stretched.</b> Group ids are public (they are in every peer entry), and a
 * member that dials a peer claiming its group sends an HMAC proof under the key. Both are offline
 * oracles for the key: whoever holds one can test guesses without talking to anyone. A random
 * 256-bit key (what {@code groups keygen} writes, or {@link #random()}) makes that hopeless; a
 * passphrase does not, so {@link #fromSecret(String)} runs it through PBKDF2-HMAC-SHA256 with
 * {@value #PASSPHRASE_ITERATIONS} iterations (OWASP 2023's figure) and a salt that binds the fixed
 * label {@value #PASSPHRASE_SALT}: every guess then costs a full KDF evaluation (about 0.1–0.2 s of
 * one core), and a table precomputed for another KDF or label is useless here.
 *
 * <p>The salt does not bind the network: a key is made before, and independently of, the
 * {@code Network} it is used in ({@code network.groups().withKey(key)}), and key files are read
 * without one. Binding it would need a network argument on every way to make a key. A network name
 * is public anyway, so it would only stop a table shared across networks; the fixed label already
 * stops tables made for anything but this library.
 *
 * <p>The secret is never printed: {@link #toString()} shows only its first and last byte
 * ({@code ab****cd}). The class is deliberately not {@code Serializable} and has no encoding of its
 * own; store it with {@link #secret()} only where a secret may be stored.
 */
public final class GroupKey {
    /** PBKDF2 iterations for a passphrase. Changing it changes every passphrase's group id. */
    public static final int PASSPHRASE_ITERATIONS = 600_000;
    /** The PBKDF2 salt of a passphrase (ASCII). Changing it changes every passphrase's group id. */
    public static final String PASSPHRASE_SALT = "dev.groups.GroupKey.passphrase.v1";

    /**
     * Passphrases already stretched in this process, by SHA-256 of the passphrase. The KDF is meant
     * to slow down someone guessing, not a process that makes the same key again (a CLI reading its
     * key file per command, a test suite building a node per test). Bounded, so it cannot grow with
     * input; keyed by a hash, not the text, so it holds no passphrase. Whoever can read this map can
     * read the stretched keys too, so it gives away nothing they would not already have.
     */
    private static final int STRETCHED_CACHE_SIZE = 32;
    private static final Map<Digest, Digest> STRETCHED = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Digest, Digest> eldest) {
            return size() > STRETCHED_CACHE_SIZE;
        }
    };

    private final Digest secret;

    private GroupKey(Digest secret) {
        this.secret = Objects.requireNonNull(secret, "secret");
    }

    public static GroupKey of(Digest secret) {
        return new GroupKey(secret);
    }

    /**
     * From 64 hex characters (a {@code keygen} key: decoded, used as the raw 256-bit key) or a
     * passphrase (anything else: its UTF-8 bytes are stretched with PBKDF2, see the class comment).
     * A passphrase costs about a tenth of a second of CPU the first time in a process.
     */
    public static GroupKey fromSecret(String secret) {
        Objects.requireNonNull(secret, "secret");
        return Digest.isHex64(secret) ? new GroupKey(Digest.fromHex(secret))
                : new GroupKey(stretched(secret.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * From secret bytes: the ASCII of exactly 64 hex characters is decoded as the raw key (the
     * spec's byte rule); any other bytes are a passphrase and stretched as {@link #fromSecret(String)}
     * does, so {@code fromSecret(s.getBytes(UTF_8))} equals {@code fromSecret(s)}.
     */
    public static GroupKey fromSecret(byte[] secret) {
        Objects.requireNonNull(secret, "secret");
        if (secret.length == 2 * Digest.LENGTH) {
            String ascii = new String(secret, StandardCharsets.ISO_8859_1);
            if (Digest.isHex64(ascii)) {
                return new GroupKey(Digest.fromHex(ascii));
            }
        }
        return new GroupKey(stretched(secret));
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

    private static Digest stretched(byte[] passphrase) {
        Digest id = Digest.hash(passphrase);
        synchronized (STRETCHED) {
            Digest known = STRETCHED.get(id);
            if (known != null) {
                return known;
            }
        }
        // Outside the lock: two threads may stretch the same passphrase once each, which is harmless,
        // while one thread's KDF never holds up another's cache hit.
        Digest key = Digest.fromBytes(pbkdf2HmacSha256(passphrase,
                PASSPHRASE_SALT.getBytes(StandardCharsets.US_ASCII), PASSPHRASE_ITERATIONS));
        synchronized (STRETCHED) {
            STRETCHED.put(id, key);
        }
        return key;
    }

    /**
     * PBKDF2 (RFC 8018 §5.2) with HMAC-SHA-256 and one 32-byte output block, over the JDK's
     * {@code HmacSHA256}. Written out rather than through {@code SecretKeyFactory
     * ("PBKDF2WithHmacSHA256")} because that one takes the password as {@code char[]} and so cannot
     * stretch arbitrary bytes; the test suite checks both give the same key for text.
     */
    static byte[] pbkdf2HmacSha256(byte[] password, byte[] salt, int iterations) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            // An empty passphrase is a (weak) passphrase too; SecretKeySpec refuses empty keys, and
            // HMAC pads a key shorter than its block with zeros, so one zero byte is the same key.
            mac.init(new SecretKeySpec(password.length == 0 ? new byte[1] : password, "HmacSHA256"));
            mac.update(salt);
            byte[] u = mac.doFinal(new byte[] {0, 0, 0, 1}); // INT(1): the first and only block
            byte[] t = u.clone();
            for (int i = 1; i < iterations; i++) {
                mac.update(u);
                mac.doFinal(u, 0);
                for (int j = 0; j < t.length; j++) {
                    t[j] ^= u[j];
                }
            }
            Arrays.fill(u, (byte) 0);
            return t;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java platform must provide HmacSHA256", e);
        }
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
