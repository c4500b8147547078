package dev.groups.machine;

import java.util.Arrays;

/**
 * Appends the parts of one message to a growing array, for {@link WireFormat#write}. Not thread-safe:
 * one writer per {@link WireFormat#encode} call.
 */
public final class CodecWriter {
    private byte[] out = new byte[32];
    private int size;

    /** Appends one byte (the low 8 bits of {@code v}). */
    public CodecWriter u8(int v) {
        ensure(1);
        out[size++] = (byte) v;
        return this;
    }

    /** Appends 4 big-endian bytes. */
    public CodecWriter int32(int v) {
        ensure(Integer.BYTES);
        for (int shift = 24; shift >= 0; shift -= 8) {
            out[size++] = (byte) (v >>> shift);
        }
        return this;
    }

    /** Appends 8 big-endian bytes. */
    public CodecWriter int64(long v) {
        ensure(Long.BYTES);
        for (int shift = 56; shift >= 0; shift -= 8) {
            out[size++] = (byte) (v >>> shift);
        }
        return this;
    }

    /**
     * Appends a non-negative number as an unsigned LEB128 varint: 7 bits a byte, low bits first, the
     * high bit set on every byte but the last (1 byte below 128, at most 9 bytes).
     *
     * @throws CodecException if {@code v} is negative
     */
    public CodecWriter varint(long v) {
        if (v < 0) {
            throw new CodecException("a varint is not negative, got " + v);
        }
        ensure(9);
        while (v >= 0x80) {
            out[size++] = (byte) (v | 0x80);
            v >>>= 7;
        }
        out[size++] = (byte) v;
        return this;
    }

    /** Appends bytes as they are (no length: the format must know it, or write one first). */
    public CodecWriter raw(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, out, size, bytes.length);
        size += bytes.length;
        return this;
    }

    /** The bytes written so far. */
    public int size() {
        return size;
    }

    /** A copy of what was written: the caller's to keep. */
    public byte[] toByteArray() {
        return Arrays.copyOf(out, size);
    }

    private void ensure(int n) {
        if (out.length - size < n) {
            if (size > Integer.MAX_VALUE - 8 - n) {
                throw new CodecException("a message over 2 GiB cannot be encoded");
            }
            out = Arrays.copyOf(out, (int) Math.min(Integer.MAX_VALUE - 8L, Math.max(2L * out.length, (long) size + n)));
        }
    }
}
