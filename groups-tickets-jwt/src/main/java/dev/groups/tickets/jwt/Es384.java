package dev.groups.tickets.jwt;

import dev.groups.tickets.jwt.internal.EcCurve;

/**
 * An ES384 verifying key: a P-384 public key as a compressed SEC1 point ({@code 02|03 ‖ X}, 49 bytes).
 * Immutable.
 */
public final class Es384 extends EcPublicKey implements VerifyingKey {
    /** Length of the compressed point in bytes. */
    public static final int LENGTH = 49;

    private Es384(byte[] compressed) {
        super(EcCurve.P384, compressed);
    }

    /** @throws IllegalArgumentException unless {@code compressed} is a compressed point on P-384 */
    public static Es384 of(byte[] compressed) {
        return new Es384(compressed);
    }

    /** From the compressed point in hex ({@value #LENGTH} bytes). */
    public static Es384 hex(String hex) {
        return new Es384(Hex.parse(hex, "ES384 public key"));
    }
}
