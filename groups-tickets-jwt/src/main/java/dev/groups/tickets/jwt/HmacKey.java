package dev.groups.tickets.jwt;

import dev.groups.id.UniqueId;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.Objects;

/** What the HMAC keys share: an exact-length secret, its fingerprint, equality in constant time. */
abstract class HmacKey {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String algorithm;
    private final byte[] secret;
    private final UniqueId fingerprint;

    HmacKey(String algorithm, int length, byte[] secret) {
        Objects.requireNonNull(secret, "secret");
        if (secret.length != length) {
            throw new IllegalArgumentException(algorithm + " secret must be exactly " + length + " bytes, got "
                    + secret.length + " bytes");
        }
        this.algorithm = algorithm;
        this.secret = secret.clone();
        this.fingerprint = UniqueId.of(algorithm.toLowerCase(Locale.ROOT)).derive(this.secret);
    }

    static byte[] randomBytes(int length) {
        byte[] b = new byte[length];
        RANDOM.nextBytes(b);
        return b;
    }

    public String algorithm() {
        return algorithm;
    }

    public UniqueId fingerprint() {
        return fingerprint;
    }

    /** A copy of the shared secret. */
    public byte[] toBytes() {
        return secret.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && MessageDigest.isEqual(secret, ((HmacKey) o).secret);
    }

    @Override
    public int hashCode() {
        return fingerprint.hashCode();
    }

    /** The algorithm and the first bytes of the fingerprint; never the secret. */
    @Override
    public String toString() {
        return getClass().getSimpleName() + "(fingerprint " + fingerprint.digest().shortHex() + ")";
    }
}
