package dev.groups.id;

import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A node's identity: its Ed25519 public key (32 raw bytes, RFC 8032 encoding). Peers prove it in the
 * transport handshake; discovery entries are signed with the matching private key.
 *
 * <p>Ordered by its bytes (unsigned); {@link #toString()} is 64 lowercase hex characters.
 */
public record PeerId(Digest key) implements Comparable<PeerId> {
    /** DER prefix of an X.509 SubjectPublicKeyInfo for Ed25519 (RFC 8410): 12 bytes, then the key. */
    private static final byte[] ED25519_SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    public PeerId {
        Objects.requireNonNull(key, "key");
    }

    /** From the 32 raw bytes of an Ed25519 public key. */
    public static PeerId fromBytes(byte[] raw) {
        return new PeerId(Digest.fromBytes(raw));
    }

    /** From 64 hex characters. */
    public static PeerId fromHex(String hex) {
        return new PeerId(Digest.fromHex(hex));
    }

    /**
     * From a JDK Ed25519 public key.
     *
     * @throws IllegalArgumentException if the key is not an Ed25519 key
     */
    public static PeerId fromPublicKey(PublicKey key) {
        byte[] spki = key.getEncoded();
        if (spki == null || spki.length != ED25519_SPKI_PREFIX.length + Digest.LENGTH
                || !Arrays.equals(spki, 0, ED25519_SPKI_PREFIX.length, ED25519_SPKI_PREFIX, 0, ED25519_SPKI_PREFIX.length)) {
            throw new IllegalArgumentException("not an Ed25519 public key: " + key.getAlgorithm());
        }
        return fromBytes(Arrays.copyOfRange(spki, ED25519_SPKI_PREFIX.length, spki.length));
    }

    /** This id as a JDK {@code PublicKey}, for verifying signatures with {@code Signature.getInstance("Ed25519")}. */
    public PublicKey toPublicKey() {
        byte[] spki = Arrays.copyOf(ED25519_SPKI_PREFIX, ED25519_SPKI_PREFIX.length + Digest.LENGTH);
        key.copyTo(spki, ED25519_SPKI_PREFIX.length);
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
        } catch (NoSuchAlgorithmException | InvalidKeySpecException e) {
            throw new IllegalStateException("the JDK must support Ed25519 public keys", e);
        }
    }

    /** The X.509 SubjectPublicKeyInfo encoding of this key (what a TLS certificate carries). */
    public byte[] toSubjectPublicKeyInfo() {
        byte[] spki = Arrays.copyOf(ED25519_SPKI_PREFIX, ED25519_SPKI_PREFIX.length + Digest.LENGTH);
        key.copyTo(spki, ED25519_SPKI_PREFIX.length);
        return spki;
    }

    public byte[] toBytes() {
        return key.toBytes();
    }

    /** The first 4 bytes in hex, for logs. */
    public String shortHex() {
        return key.shortHex();
    }

    @Override
    public int compareTo(PeerId o) {
        return key.compareTo(o.key);
    }

    @Override
    public String toString() {
        return key.toString();
    }
}
