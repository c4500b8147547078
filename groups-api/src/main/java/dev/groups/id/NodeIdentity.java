package dev.groups.id;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Objects;

/**
 * This node's Ed25519 key pair and the {@link PeerId} it defines. Transports present it in their
 * handshake; discovery signs the node's peer entry with it.
 *
 * <p>The private key never appears in {@link #toString()}. Thread-safe.
 */
public final class NodeIdentity {
    private final KeyPair keyPair;
    private final PeerId peerId;

    private NodeIdentity(KeyPair keyPair) {
        this.keyPair = keyPair;
        this.peerId = PeerId.fromPublicKey(keyPair.getPublic());
    }

    /** Wraps an existing Ed25519 key pair. */
    public static NodeIdentity of(KeyPair keyPair) {
        Objects.requireNonNull(keyPair, "keyPair");
        if (!"EdDSA".equals(keyPair.getPrivate().getAlgorithm()) && !"Ed25519".equals(keyPair.getPrivate().getAlgorithm())) {
            throw new IllegalArgumentException("a node identity is an Ed25519 key pair, got " + keyPair.getPrivate().getAlgorithm());
        }
        return new NodeIdentity(keyPair);
    }

    /** A fresh random identity. */
    public static NodeIdentity generate() {
        try {
            return new NodeIdentity(KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK must support Ed25519", e);
        }
    }

    /**
     * Restores an identity from its PKCS#8 private key encoding (as written by {@link #privateKeyPkcs8()}).
     *
     * @throws IllegalArgumentException if the bytes are not an Ed25519 PKCS#8 private key
     */
    public static NodeIdentity fromPkcs8(byte[] pkcs8) {
        try {
            KeyFactory kf = KeyFactory.getInstance("Ed25519");
            PrivateKey priv = kf.generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            return new NodeIdentity(new KeyPair(Ed25519Keys.publicKeyOf(priv), priv));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException("not an Ed25519 PKCS#8 private key", e);
        }
    }

    public PeerId peerId() {
        return peerId;
    }

    /** The key pair, for transports that present it in a TLS handshake. */
    public KeyPair keyPair() {
        return keyPair;
    }

    /** The PKCS#8 encoding of the private key, for storing the identity on disk (keep it private). */
    public byte[] privateKeyPkcs8() {
        return keyPair.getPrivate().getEncoded();
    }

    /** An Ed25519 signature (64 bytes) over {@code message}. */
    public byte[] sign(byte[] message) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(keyPair.getPrivate());
            s.update(message);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    /**
     * Checks an Ed25519 signature by {@code signer} over {@code message}; false for any malformed input,
     * including a peer id that is not a valid Ed25519 public key.
     */
    public static boolean verify(PeerId signer, byte[] message, byte[] signature) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(signer.toPublicKey());
            s.update(message);
            return s.verify(signature);
        } catch (SignatureException | java.security.InvalidKeyException | IllegalArgumentException e) {
            return false; // a malformed signature, or 32 bytes that are not a valid Ed25519 point
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 verification unavailable", e);
        }
    }

    @Override
    public String toString() {
        return "NodeIdentity(" + peerId + ")";
    }
}
