package dev.groups.tickets.jwt;

import dev.groups.tickets.jwt.internal.EcCurve;

/** An ES384 signing key: a P-384 private scalar of 48 bytes, big-endian. Immutable. */
public final class Es384SigningKey extends EcSigningKey implements SigningKey {
    /** Length of the scalar in bytes. */
    public static final int LENGTH = 48;

    private Es384SigningKey(byte[] scalar) {
        super(EcCurve.P384, scalar);
    }

    /** @throws IllegalArgumentException unless {@code scalar} is {@value #LENGTH} bytes in [1, n−1] */
    public static Es384SigningKey fromBytes(byte[] scalar) {
        return new Es384SigningKey(scalar);
    }

    public static Es384SigningKey hex(String hex) {
        return new Es384SigningKey(Hex.parse(hex, "ES384 private key"));
    }

    /** A fresh random key. */
    public static Es384SigningKey random() {
        return new Es384SigningKey(EcCurve.P384.randomScalar());
    }

    /** The compressed public key. */
    @Override
    public Es384 verifyingKey() {
        return Es384.of(compressedPublic());
    }
}
