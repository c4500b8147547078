package dev.groups.tickets.jwt;

import dev.groups.tickets.jwt.internal.EcCurve;

/**
 * An ES256 verifying key: a P-256 public key as a compressed SEC1 point ({@code 02|03 ‖ X}, 33 bytes).
 * Immutable.
 */
public final class Es256 extends EcPublicKey implements VerifyingKey {
    /** Length of the compressed point in bytes. */
    public static final int LENGTH = 33;

    private Es256(byte[] compressed) {
        super(EcCurve.P256, compressed);
    }

    /** @throws IllegalArgumentException unless {@code compressed} is a compressed point on P-256 */
    public static Es256 of(byte[] compressed) {
        return new Es256(compressed);
    }

    /** From the compressed point in hex ({@value #LENGTH} bytes). */
    public static Es256 hex(String hex) {
        return new Es256(Hex.parse(hex, "ES256 public key"));
    }
}
