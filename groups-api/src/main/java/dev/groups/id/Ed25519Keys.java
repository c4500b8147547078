package dev.groups.id;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.util.Arrays;

/** JDK-only Ed25519 helpers that the JDK does not offer directly. */
final class Ed25519Keys {
    private Ed25519Keys() {}

    /**
     * The public key of an Ed25519 private key. The JDK has no API for it, but its key pair generator
     * takes the 32-byte private seed from the random source it is given (RFC 8032 §5.1.5), so feeding
     * it the seed reproduces the pair. The result is checked against the input.
     */
    static PublicKey publicKeyOf(PrivateKey key) throws GeneralSecurityException {
        if (!(key instanceof EdECPrivateKey ed) || ed.getBytes().isEmpty()) {
            throw new GeneralSecurityException("not an Ed25519 private key");
        }
        byte[] seed = ed.getBytes().get();
        KeyPairGenerator gen = KeyPairGenerator.getInstance("Ed25519");
        gen.initialize(NamedParameterSpec.ED25519, new FixedSeed(seed));
        KeyPair pair = gen.generateKeyPair();
        if (!Arrays.equals(pair.getPrivate().getEncoded(), key.getEncoded())) {
            throw new GeneralSecurityException("could not reconstruct the Ed25519 key pair");
        }
        return pair.getPublic();
    }

    /** A "random" source that yields one fixed seed; only ever used for the reconstruction above. */
    private static final class FixedSeed extends SecureRandom {
        private static final long serialVersionUID = 1L;
        private final byte[] seed;

        FixedSeed(byte[] seed) {
            this.seed = seed.clone();
        }

        @Override
        public void nextBytes(byte[] bytes) {
            if (bytes.length != seed.length) {
                throw new IllegalStateException("unexpected request for " + bytes.length + " bytes");
            }
            System.arraycopy(seed, 0, bytes, 0, seed.length);
        }
    }
}
