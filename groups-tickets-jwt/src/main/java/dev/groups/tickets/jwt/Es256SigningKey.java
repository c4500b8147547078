package dev.groups.tickets.jwt;

import dev.groups.tickets.jwt.internal.EcCurve;

/** An ES256 signing key: a P-256 private scalar of 32 bytes, big-endian. Immutable. */
public final class Es256SigningKey extends EcSigningKey implements SigningKey {
    /** Length of the scalar in bytes. */
    public static final int LENGTH = 32;

    private Es256SigningKey(byte[] scalar) {
        super(EcCurve.P256, scalar);
    }

    /** @throws IllegalArgumentException unless {@code scalar} is {@value #LENGTH} bytes in [1, n−1] */
    public static Es256SigningKey fromBytes(byte[] scalar) {
        return new Es256SigningKey(scalar);
    }

    public static Es256SigningKey hex(String hex) {
        return new Es256SigningKey(Hex.parse(hex, "ES256 private key"));
    }

    /** A fresh random key. */
    public static Es256SigningKey random() {
        return new Es256SigningKey(EcCurve.P256.randomScalar());
    }

    /** The compressed public key. */
    @Override
    public Es256 verifyingKey() {
        return Es256.of(compressedPublic());
    }
}
