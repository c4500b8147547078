package dev.groups.tickets.tdx.internal;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;

/**
 * ECDSA P-256 with SHA-256 over raw {@code r‖s} signatures (DCAP's format). Verification uses
 * BouncyCastle's lightweight ECDSA on its optimised P-256 curve: measured 5–10 times faster than the
 * JDK 17 provider's {@code SHA256withECDSAinP1363Format}, and these checks are most of a quote's cost.
 */
public final class Ecdsa {
    private static final ECParameterSpec P256 = p256();
    private static final ECDomainParameters BC_DOMAIN = bcDomain();
    private static final BigInteger P = new BigInteger("ffffffff00000001000000000000000000000000ffffffffffffffffffffffff", 16);
    private static final BigInteger B = new BigInteger("5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b", 16);

    private Ecdsa() {}

    /** A P-256 public key from 64 raw bytes {@code x‖y}; rejects points that are not on the curve. */
    public static ECPublicKey p256Key(byte[] xy, String what) throws Rejection {
        if (xy.length != 64) {
            throw new Rejection(what + " is not 64 bytes");
        }
        BigInteger x = new BigInteger(1, Arrays.copyOfRange(xy, 0, 32));
        BigInteger y = new BigInteger(1, Arrays.copyOfRange(xy, 32, 64));
        // y² = x³ − 3x + b (mod p), with both coordinates reduced: otherwise the JDK might accept an invalid point.
        boolean onCurve = x.compareTo(P) < 0 && y.compareTo(P) < 0
                && y.multiply(y).mod(P).equals(x.pow(3).subtract(x.multiply(BigInteger.valueOf(3))).add(B).mod(P));
        if (!onCurve) {
            throw new Rejection(what + " is not a point on P-256");
        }
        try {
            return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(x, y), P256));
        } catch (GeneralSecurityException e) {
            throw new Rejection(what + " is not a valid P-256 key: " + e.getMessage());
        }
    }

    /** True when {@code signature} (64 bytes, r‖s) signs {@code data[offset, offset+length)} under {@code key}. */
    public static boolean verify(PublicKey key, byte[] data, int offset, int length, byte[] signature) {
        if (signature.length != 64 || !isP256(key)) {
            return false;
        }
        try {
            ECPoint w = ((ECPublicKey) key).getW();
            // The constructor validates the point (on the curve, not infinity, right order).
            ECPublicKeyParameters params = new ECPublicKeyParameters(
                    BC_DOMAIN.getCurve().createPoint(w.getAffineX(), w.getAffineY()), BC_DOMAIN);
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(data, offset, length);
            ECDSASigner signer = new ECDSASigner();
            signer.init(false, params);
            // verifySignature rejects r or s outside [1, n-1].
            return signer.verifySignature(md.digest(), new BigInteger(1, Arrays.copyOfRange(signature, 0, 32)),
                    new BigInteger(1, Arrays.copyOfRange(signature, 32, 64)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        } catch (RuntimeException e) {
            // An invalid point or malformed value is a failed verification, whatever the library throws for it.
            return false;
        }
    }

    public static boolean verify(PublicKey key, byte[] data, byte[] signature) {
        return verify(key, data, 0, data.length, signature);
    }

    /** True for an EC key on P-256: certificate keys on other curves are rejected, not tried. */
    public static boolean isP256(PublicKey key) {
        return key instanceof ECPublicKey ec && ec.getParams().getCurve().equals(P256.getCurve())
                && ec.getParams().getGenerator().equals(P256.getGenerator());
    }

    public static byte[] sha256(byte[]... parts) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (byte[] part : parts) {
                md.update(part);
            }
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }

    private static ECDomainParameters bcDomain() {
        X9ECParameters x9 = CustomNamedCurves.getByName("secp256r1");
        return new ECDomainParameters(x9.getCurve(), x9.getG(), x9.getN(), x9.getH());
    }

    private static ECParameterSpec p256() {
        try {
            AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
            params.init(new ECGenParameterSpec("secp256r1"));
            return params.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK must support P-256", e);
        }
    }
}
