package dev.groups.tickets.jwt;

import dev.groups.id.UniqueId;
import dev.groups.tickets.jwt.internal.EcCurve;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/** What the ECDSA verifying keys share: a compressed SEC1 point, checked to be on the curve. */
abstract class EcPublicKey {
    private final EcCurve curve;
    private final byte[] compressed;
    private final ECPublicKey publicKey;
    private final UniqueId fingerprint;

    EcPublicKey(EcCurve curve, byte[] compressed) {
        Objects.requireNonNull(compressed, "compressed");
        this.curve = curve;
        this.publicKey = curve.decompress(compressed);
        this.compressed = compressed.clone();
        this.fingerprint = UniqueId.of(curve.algorithm().toLowerCase(Locale.ROOT)).derive(this.compressed);
    }

    EcCurve curve() {
        return curve;
    }

    public String algorithm() {
        return curve.algorithm();
    }

    public UniqueId fingerprint() {
        return fingerprint;
    }

    /** A copy of the compressed SEC1 point. */
    public byte[] toBytes() {
        return compressed.clone();
    }

    /** The compressed SEC1 point in lowercase hex. */
    public String toHex() {
        return HexFormat.of().formatHex(compressed);
    }

    /** The decompressed public key (a BouncyCastle implementation of the JCA interface). */
    public ECPublicKey publicKey() {
        return publicKey;
    }

    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && Arrays.equals(compressed, ((EcPublicKey) o).compressed);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(compressed);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + toHex() + ")";
    }
}
