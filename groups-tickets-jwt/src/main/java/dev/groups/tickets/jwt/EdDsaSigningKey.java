package dev.groups.tickets.jwt;

import java.security.SecureRandom;
import java.util.Objects;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;

/** An EdDSA (Ed25519) signing key: the 32-byte private key (seed) of RFC 8032. Immutable. */
public final class EdDsaSigningKey implements SigningKey {
    /** Length of the private key in bytes. */
    public static final int LENGTH = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Ed25519PrivateKeyParameters key;

    private EdDsaSigningKey(byte[] seed) {
        Objects.requireNonNull(seed, "seed");
        if (seed.length != LENGTH) {
            throw new IllegalArgumentException("EdDSA private key must be " + LENGTH + " bytes, got " + seed.length + " bytes");
        }
        this.key = new Ed25519PrivateKeyParameters(seed, 0);
    }

    public static EdDsaSigningKey fromBytes(byte[] seed) {
        return new EdDsaSigningKey(seed);
    }

    public static EdDsaSigningKey hex(String hex) {
        return new EdDsaSigningKey(Hex.parse(hex, "EdDSA private key"));
    }

    public static EdDsaSigningKey random() {
        byte[] seed = new byte[LENGTH];
        RANDOM.nextBytes(seed);
        return new EdDsaSigningKey(seed);
    }

    @Override
    public String algorithm() {
        return "EdDSA";
    }

    @Override
    public EdDsa verifyingKey() {
        return EdDsa.of(key.generatePublicKey().getEncoded());
    }

    /** A copy of the 32-byte private key. */
    public byte[] toBytes() {
        return key.getEncoded();
    }

    Ed25519PrivateKeyParameters parameters() {
        return key;
    }

    @Override
    public String toString() {
        return "EdDsaSigningKey(public " + verifyingKey().toHex() + ")";
    }
}
