package dev.groups.tickets.jwt;

import dev.groups.tickets.jwt.internal.EcCurve;

/**
 * An ES512 verifying key: a P-521 public key as a compressed SEC1 point ({@code 02|03 ‖ X}, 67 bytes).
 * Immutable.
 */
public final class Es512 extends EcPublicKey implements VerifyingKey {
    /** Length of the compressed point in bytes. */
    public static final int LENGTH = 67;

    private Es512(byte[] compressed) {
        super(EcCurve.P521, compressed);
    }

    /** @throws IllegalArgumentException unless {@code compressed} is a compressed point on P-521 */
    public static Es512 of(byte[] compressed) {
        return new Es512(compressed);
    }

    /** From the compressed point in hex ({@value #LENGTH} bytes). */
    public static Es512 hex(String hex) {
        return new Es512(Hex.parse(hex, "ES512 public key"));
    }
}
