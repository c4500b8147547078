package dev.groups.id;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A 32-byte value: the common representation of every identifier in the system (group, network,
 * peer, unique ids, proofs). Immutable and thread-safe.
 *
 * <p>Digests are built with SHA-256 (mosaik uses BLAKE3; this project is not wire-compatible with it,
 * see DESIGN.md). {@link #derive(byte[])} is {@code SHA-256(this ‖ info)} and {@link #hashed()} is
 * {@code SHA-256(this)}: the two steps every derivation in the system is made of.
 *
 * <p>Ordering compares the raw bytes as unsigned, lexicographically. {@link #toString()} is 64
 * lowercase hex characters.
 */
public final class Digest implements Comparable<Digest> {
    /** Length of every digest, in bytes. */
    public static final int LENGTH = 32;

    private static final HexFormat HEX = HexFormat.of();
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(Digest::newSha256);
    private static final Digest ZERO = new Digest(new byte[LENGTH]);

    private final byte[] bytes;

    private Digest(byte[] bytes) {
        this.bytes = bytes;
    }

    /** The all-zero digest. */
    public static Digest zero() {
        return ZERO;
    }

    /** Wraps exactly 32 raw bytes (copied). */
    public static Digest fromBytes(byte[] raw) {
        Objects.requireNonNull(raw, "raw");
        if (raw.length != LENGTH) {
            throw new IllegalArgumentException("a digest is exactly 32 bytes, got " + raw.length);
        }
        return new Digest(raw.clone());
    }

    /** Decodes exactly 64 hex characters (either case); anything else is an {@link IllegalArgumentException}. */
    public static Digest fromHex(String hex) {
        Objects.requireNonNull(hex, "hex");
        if (!isHex64(hex)) {
            throw new IllegalArgumentException("expected 64 hex characters, got " + hex.length() + " characters");
        }
        return new Digest(HEX.parseHex(hex));
    }

    /**
     * The string rule of the spec (§1.1): exactly 64 hex characters are decoded; any other string is
     * hashed (SHA-256 of its UTF-8 bytes). So {@code of(d.toString()).equals(d)} for every digest.
     */
    public static Digest of(String text) {
        Objects.requireNonNull(text, "text");
        return isHex64(text) ? new Digest(HEX.parseHex(text)) : hash(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The byte rule of the spec (§1.1), quirk included: bytes that are the ASCII of exactly 64 hex
     * characters are decoded as hex; any other bytes are hashed. Use {@link #hash(byte[])} to always hash.
     */
    public static Digest of(byte[] data) {
        Objects.requireNonNull(data, "data");
        if (data.length == 2 * LENGTH) {
            String ascii = new String(data, StandardCharsets.ISO_8859_1);
            if (isHex64(ascii)) {
                return new Digest(HEX.parseHex(ascii));
            }
        }
        return hash(data);
    }

    /** SHA-256 of {@code data}, always (no hex rule). */
    public static Digest hash(byte[] data) {
        Objects.requireNonNull(data, "data");
        MessageDigest md = SHA256.get();
        md.reset();
        return new Digest(md.digest(data));
    }

    /** SHA-256 over the concatenation of {@code parts}. */
    public static Digest fromParts(byte[]... parts) {
        MessageDigest md = SHA256.get();
        md.reset();
        for (byte[] part : parts) {
            md.update(part);
        }
        return new Digest(md.digest());
    }

    /**
     * A number as a digest: its little-endian bytes placed in the last 8 bytes of 32 zero bytes
     * (mosaik's {@code from_u64}, "little-endian, right-aligned"). Negative values are taken as
     * their unsigned 64-bit pattern.
     */
    public static Digest fromLong(long value) {
        byte[] raw = new byte[LENGTH];
        for (int i = 0; i < Long.BYTES; i++) {
            raw[LENGTH - Long.BYTES + i] = (byte) (value >>> (8 * i));
        }
        return new Digest(raw);
    }

    /** 32 bytes from a cryptographically strong random source. */
    public static Digest random() {
        byte[] raw = new byte[LENGTH];
        RandomHolder.RANDOM.nextBytes(raw);
        return new Digest(raw);
    }

    /** {@code SHA-256(this ‖ info)}. */
    public Digest derive(byte[] info) {
        Objects.requireNonNull(info, "info");
        MessageDigest md = SHA256.get();
        md.reset();
        md.update(bytes);
        md.update(info);
        return new Digest(md.digest());
    }

    /** {@code SHA-256(this ‖ other)}. */
    public Digest derive(Digest other) {
        return derive(other.bytes);
    }

    /** {@code SHA-256(this ‖ UTF-8(info))}. */
    public Digest derive(String info) {
        return derive(info.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code SHA-256(this)}. */
    public Digest hashed() {
        MessageDigest md = SHA256.get();
        md.reset();
        return new Digest(md.digest(bytes));
    }

    /** A copy of the 32 raw bytes. */
    public byte[] toBytes() {
        return bytes.clone();
    }

    /** Writes the 32 raw bytes into {@code target} at {@code offset}, without copying twice. */
    public void copyTo(byte[] target, int offset) {
        System.arraycopy(bytes, 0, target, offset, LENGTH);
    }

    /** The byte at {@code i} (0..31). */
    public byte byteAt(int i) {
        return bytes[i];
    }

    public boolean isZero() {
        return equals(ZERO);
    }

    /** The first 4 bytes in hex: enough to tell digests apart in logs. */
    public String shortHex() {
        return HEX.formatHex(bytes, 0, 4);
    }

    /** Equality in time independent of where the bytes differ; use it to compare secrets and proofs. */
    public boolean constantTimeEquals(Digest other) {
        return MessageDigest.isEqual(bytes, other.bytes);
    }

    @Override
    public int compareTo(Digest other) {
        return Arrays.compareUnsigned(bytes, other.bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Digest d && Arrays.equals(bytes, d.bytes);
    }

    @Override
    public int hashCode() {
        // The bytes are already uniformly distributed for hashed values; mix all of them anyway.
        return Arrays.hashCode(bytes);
    }

    /** 64 lowercase hex characters. */
    @Override
    public String toString() {
        return HEX.formatHex(bytes);
    }

    static boolean isHex64(String s) {
        if (s.length() != 2 * LENGTH) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            if (!hex) {
                return false;
            }
        }
        return true;
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
    }

    private static final class RandomHolder {
        static final SecureRandom RANDOM = new SecureRandom();
    }
}
