package dev.groups.tickets.jwt;

import dev.groups.tickets.jwt.internal.EcCurve;

/** An ES512 signing key: a P-521 private scalar of 66 bytes, big-endian. Immutable. */
public final class Es512SigningKey extends EcSigningKey implements SigningKey {
    /** Length of the scalar in bytes. */
    public static final int LENGTH = 66;

    private Es512SigningKey(byte[] scalar) {
        super(EcCurve.P521, scalar);
    }

    /** @throws IllegalArgumentException unless {@code scalar} is {@value #LENGTH} bytes in [1, n−1] */
    public static Es512SigningKey fromBytes(byte[] scalar) {
        return new Es512SigningKey(scalar);
    }

    public static Es512SigningKey hex(String hex) {
        return new Es512SigningKey(Hex.parse(hex, "ES512 private key"));
    }

    /** A fresh random key. */
    public static Es512SigningKey random() {
        return new Es512SigningKey(EcCurve.P521.randomScalar());
    }

    /** The compressed public key. */
    @Override
    public Es512 verifyingKey() {
        return Es512.of(compressedPublic());
    }
}
