package dev.groups.tickets.jwt.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.util.Base64URL;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.Provider;
import java.security.interfaces.ECPublicKey;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * The {@link SignatureCheck}s: HMAC and ECDSA through nimbus-jose-jwt's verifiers (constant-time MAC
 * comparison; ECDSA range checks against "psychic signatures"), with BouncyCastle as the JCA provider
 * for ECDSA; Ed25519 through BouncyCastle directly (nimbus' Ed25519 verifier needs Google Tink).
 *
 * <p>The header given to nimbus is built here from the algorithm alone: the token's other header
 * fields ({@code typ}, {@code kid}…) do not change how a signature is checked; {@link TokenVerifier} has
 * already refused headers with {@code crit} or an unencoded payload.
 */
public final class Verifiers {
    private Verifiers() {}

    /** HS256/HS384/HS512 with {@code secret} (at least as long as the hash output). */
    public static SignatureCheck hmac(String alg, byte[] secret) {
        try {
            return new Nimbus(new MACVerifier(secret.clone()), alg);
        } catch (JOSEException e) {
            throw new IllegalArgumentException(alg + " secret rejected: " + e.getMessage(), e);
        }
    }

    /** ES256/ES384/ES512 under {@code key}, verified with {@code provider} (normally {@link Bc#provider()}). */
    public static SignatureCheck ecdsa(String alg, ECPublicKey key, Provider provider) {
        try {
            ECDSAVerifier verifier = new ECDSAVerifier(nativeKey(key, provider));
            verifier.getJCAContext().setProvider(provider);
            return new Nimbus(verifier, alg);
        } catch (JOSEException e) {
            throw new IllegalArgumentException(alg + " public key rejected: " + e.getMessage(), e);
        }
    }

    /**
     * The key as {@code provider}'s own implementation, translated once here: a provider given a foreign
     * key object converts it on every verification (in JwtBenchmark runs, SunEC given a BouncyCastle key was
     * several times slower than given its own).
     */
    private static ECPublicKey nativeKey(ECPublicKey key, Provider provider) {
        try {
            return (ECPublicKey) KeyFactory.getInstance("EC", provider).translateKey(key);
        } catch (GeneralSecurityException | ClassCastException e) {
            return key; // the provider cannot translate it: let it convert per call, as it would anyway
        }
    }

    /** EdDSA (Ed25519 only) under a 32-byte public key; the key is validated as a curve point here. */
    public static SignatureCheck ed25519(byte[] publicKey) {
        Ed25519PublicKeyParameters key = new Ed25519PublicKeyParameters(publicKey.clone(), 0);
        return (input, signature) -> {
            if (signature.length != Ed25519PublicKeyParameters.KEY_SIZE * 2) {
                return false;
            }
            Ed25519Signer signer = new Ed25519Signer();
            signer.init(false, key);
            signer.update(input, 0, input.length);
            return signer.verifySignature(signature);
        };
    }

    /** A nimbus verifier with a fixed header: thread-safe, as nimbus' verifiers are. */
    private static final class Nimbus implements SignatureCheck {
        private final JWSVerifier verifier;
        private final JWSHeader header;

        Nimbus(JWSVerifier verifier, String alg) {
            this.verifier = verifier;
            this.header = new JWSHeader(JWSAlgorithm.parse(alg));
            if (!verifier.supportedJWSAlgorithms().contains(header.getAlgorithm())) {
                throw new IllegalArgumentException("the key does not support " + alg);
            }
        }

        @Override
        public boolean verifies(byte[] signingInput, byte[] signature) {
            try {
                return verifier.verify(header, signingInput, Base64URL.encode(signature));
            } catch (JOSEException | RuntimeException e) {
                return false;
            }
        }
    }
}
