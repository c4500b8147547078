package dev.groups.tickets.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import dev.groups.tickets.jwt.internal.Bc;
import dev.groups.tickets.jwt.internal.SignatureCheck;
import dev.groups.tickets.jwt.internal.VerificationKey;
import dev.groups.tickets.jwt.internal.Verifiers;
import java.security.Provider;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/** Turns the public key types into what the validator and the ticket builder use internally. */
final class Keys {
    private Keys() {}

    /** @param ecProvider the JCA provider for ECDSA, or null for BouncyCastle (created only when needed) */
    static VerificationKey verification(VerifyingKey key, Provider ecProvider) {
        SignatureCheck check;
        if (key instanceof HmacKey hmac) {
            check = Verifiers.hmac(key.algorithm(), hmac.toBytes());
        } else if (key instanceof EcPublicKey ec) {
            check = Verifiers.ecdsa(key.algorithm(), ec.publicKey(), ecProvider != null ? ecProvider : Bc.provider());
        } else if (key instanceof EdDsa ed) {
            check = Verifiers.ed25519(ed.toBytes());
        } else {
            throw new IllegalArgumentException("unsupported key type " + key.getClass().getName());
        }
        return new VerificationKey(key.algorithm(), key.fingerprint(), check);
    }

    /** The raw signature of {@code signingInput} ({@code r‖s} for ECDSA). */
    static byte[] sign(SigningKey key, byte[] signingInput) {
        if (key instanceof EdDsaSigningKey ed) {
            Ed25519Signer signer = new Ed25519Signer();
            signer.init(true, ed.parameters());
            signer.update(signingInput, 0, signingInput.length);
            return signer.generateSignature();
        }
        try {
            JWSSigner signer;
            if (key instanceof HmacKey hmac) {
                signer = new MACSigner(hmac.toBytes());
            } else if (key instanceof EcSigningKey ec) {
                ECDSASigner ecdsa = new ECDSASigner(ec.privateKey());
                ecdsa.getJCAContext().setProvider(Bc.provider());
                signer = ecdsa;
            } else {
                throw new IllegalArgumentException("unsupported key type " + key.getClass().getName());
            }
            return signer.sign(new JWSHeader(JWSAlgorithm.parse(key.algorithm())), signingInput).decode();
        } catch (JOSEException e) {
            throw new IllegalStateException(key.algorithm() + " signing failed: " + e.getMessage(), e);
        }
    }
}
