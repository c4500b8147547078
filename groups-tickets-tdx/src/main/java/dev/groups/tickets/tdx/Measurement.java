package dev.groups.tickets.tdx;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/** A 48-byte TDX measurement register value (MRTD, an RTMR, MRCONFIGID…): SHA-384 sized. Immutable. */
public final class Measurement {
    public static final int LENGTH = 48;
    private static final HexFormat HEX = HexFormat.of();

    private final byte[] bytes;

    private Measurement(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Exactly 48 bytes (copied). */
    public static Measurement of(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("a measurement is 48 bytes, got " + bytes.length);
        }
        return new Measurement(bytes.clone());
    }

    /** Exactly 96 hex characters (either case). */
    public static Measurement fromHex(String hex) {
        Objects.requireNonNull(hex, "hex");
        if (hex.length() != 2 * LENGTH) {
            throw new IllegalArgumentException("a measurement is 96 hex characters, got " + hex.length());
        }
        try {
            return new Measurement(HEX.parseHex(hex));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a measurement is 96 hex characters: " + e.getMessage(), e);
        }
    }

    static Measurement slice(byte[] source, int offset) {
        return new Measurement(Arrays.copyOfRange(source, offset, offset + LENGTH));
    }

    public byte[] toBytes() {
        return bytes.clone();
    }

    /** Constant-time comparison: measurements are public, but there is no reason to leak where they differ. */
    public boolean matches(Measurement other) {
        return MessageDigest.isEqual(bytes, other.bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Measurement m && Arrays.equals(bytes, m.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** 96 lowercase hex characters. */
    @Override
    public String toString() {
        return HEX.formatHex(bytes);
    }
}
