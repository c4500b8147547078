package dev.groups.tickets.jwt.internal;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import org.bouncycastle.jce.ECNamedCurveTable;
import org.bouncycastle.jce.spec.ECNamedCurveParameterSpec;
import org.bouncycastle.jce.spec.ECPrivateKeySpec;
import org.bouncycastle.jce.spec.ECPublicKeySpec;
import org.bouncycastle.math.ec.ECPoint;

/**
 * The three JWS ECDSA curves, with SEC1 point compression and key construction (BouncyCastle: the JDK
 * cannot decode compressed points).
 */
public enum EcCurve {
    P256("ES256", "secp256r1", 32),
    P384("ES384", "secp384r1", 48),
    P521("ES512", "secp521r1", 66);

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String algorithm;
    private final String curveName;
    private final int fieldBytes;
    private final ECNamedCurveParameterSpec spec;

    EcCurve(String algorithm, String curveName, int fieldBytes) {
        this.algorithm = algorithm;
        this.curveName = curveName;
        this.fieldBytes = fieldBytes;
        this.spec = ECNamedCurveTable.getParameterSpec(curveName);
    }

    public String algorithm() {
        return algorithm;
    }

    /** Length of a compressed SEC1 point: 33, 49 or 67 bytes. */
    public int compressedLength() {
        return 1 + fieldBytes;
    }

    /** Length of a private scalar: 32, 48 or 66 bytes. */
    public int scalarLength() {
        return fieldBytes;
    }

    /**
     * Decodes a compressed SEC1 point ({@code 02|03 ‖ X}) into a public key.
     *
     * @throws IllegalArgumentException with a clear reason when it is not a point on the curve
     */
    public ECPublicKey decompress(byte[] compressed) {
        if (compressed.length != compressedLength()) {
            throw new IllegalArgumentException(algorithm + " public key must be a compressed SEC1 point of "
                    + compressedLength() + " bytes, got " + compressed.length + " bytes");
        }
        if (compressed[0] != 0x02 && compressed[0] != 0x03) {
            throw new IllegalArgumentException(algorithm + " public key must be a compressed SEC1 point (first byte 02 or 03), "
                    + "got first byte " + String.format("%02x", compressed[0] & 0xff));
        }
        ECPoint point;
        try {
            point = spec.getCurve().decodePoint(compressed).normalize();
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new IllegalArgumentException(algorithm + " public key is not a point on " + curveName + ": " + e.getMessage(), e);
        }
        if (point.isInfinity() || !point.isValid()) {
            throw new IllegalArgumentException(algorithm + " public key is not a valid point on " + curveName);
        }
        return publicKey(point);
    }

    /**
     * The private key for scalar {@code d} (big-endian, exactly {@link #scalarLength()} bytes, 1 ≤ d < n).
     *
     * @throws IllegalArgumentException otherwise
     */
    public ECPrivateKey privateKey(byte[] scalar) {
        if (scalar.length != fieldBytes) {
            throw new IllegalArgumentException(algorithm + " private key must be " + fieldBytes + " bytes, got "
                    + scalar.length + " bytes");
        }
        BigInteger d = new BigInteger(1, scalar);
        if (d.signum() == 0 || d.compareTo(spec.getN()) >= 0) {
            throw new IllegalArgumentException(algorithm + " private key is out of range (must be in [1, n-1])");
        }
        try {
            return (ECPrivateKey) KeyFactory.getInstance("EC", Bc.provider()).generatePrivate(new ECPrivateKeySpec(d, spec));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("BouncyCastle must build " + curveName + " keys", e);
        }
    }

    /** The compressed public point {@code d·G} of a scalar that {@link #privateKey} accepted. */
    public byte[] compressedPublic(byte[] scalar) {
        return spec.getG().multiply(new BigInteger(1, scalar)).normalize().getEncoded(true);
    }

    /** A random scalar in [1, n-1], {@link #scalarLength()} bytes big-endian. */
    public byte[] randomScalar() {
        BigInteger n = spec.getN();
        BigInteger d;
        do {
            d = new BigInteger(n.bitLength(), RANDOM);
        } while (d.signum() == 0 || d.compareTo(n) >= 0);
        byte[] raw = d.toByteArray();
        byte[] out = new byte[fieldBytes];
        int copy = Math.min(raw.length, fieldBytes);
        System.arraycopy(raw, raw.length - copy, out, fieldBytes - copy, copy);
        return out;
    }

    private ECPublicKey publicKey(ECPoint point) {
        try {
            return (ECPublicKey) KeyFactory.getInstance("EC", Bc.provider()).generatePublic(new ECPublicKeySpec(point, spec));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("BouncyCastle must build " + curveName + " keys", e);
        }
    }
}
