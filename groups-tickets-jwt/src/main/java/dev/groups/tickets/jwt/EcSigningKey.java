package dev.groups.tickets.jwt;

import dev.groups.tickets.jwt.internal.EcCurve;
import java.security.interfaces.ECPrivateKey;
import java.util.HexFormat;
import java.util.Objects;

/** What the ECDSA signing keys share: a private scalar in [1, n−1] and its compressed public point. */
abstract class EcSigningKey {
    private final EcCurve curve;
    private final byte[] scalar;
    private final ECPrivateKey privateKey;
    private final byte[] compressedPublic;

    EcSigningKey(EcCurve curve, byte[] scalar) {
        Objects.requireNonNull(scalar, "scalar");
        this.curve = curve;
        this.privateKey = curve.privateKey(scalar);
        this.scalar = scalar.clone();
        this.compressedPublic = curve.compressedPublic(scalar);
    }

    public String algorithm() {
        return curve.algorithm();
    }

    byte[] compressedPublic() {
        return compressedPublic.clone();
    }

    /** The private key for signing (a BouncyCastle implementation of the JCA interface). */
    public ECPrivateKey privateKey() {
        return privateKey;
    }

    /** A copy of the private scalar, big-endian: what {@code fromBytes} takes back. */
    public byte[] toBytes() {
        return scalar.clone();
    }

    /** The algorithm and the public key; never the scalar. */
    @Override
    public String toString() {
        return getClass().getSimpleName() + "(public " + HexFormat.of().formatHex(compressedPublic) + ")";
    }
}
