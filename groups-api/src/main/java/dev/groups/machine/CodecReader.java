package dev.groups.machine;

/**
 * Reads the parts of one message from a range of an array, for {@link WireFormat#read}. It never
 * keeps the array beyond the read nor modifies it. Every method throws {@link CodecException} (and
 * nothing else) when the bytes run out or are not what it reads; lengths are checked against what is
 * left before anything is allocated for them. Not thread-safe: one reader per decode.
 */
public final class CodecReader {
    private final byte[] data;
    private final int end;
    private int position;

    /** @throws CodecException if the range is not inside {@code data} */
    public CodecReader(byte[] data, int offset, int length) {
        Codecs.checkBounds(data, offset, length);
        this.data = data;
        this.position = offset;
        this.end = offset + length;
    }

    /** Bytes left to read. */
    public int remaining() {
        return end - position;
    }

    /** One byte, 0..255. */
    public int u8() {
        need(1);
        return data[position++] & 0xFF;
    }

    /** 4 big-endian bytes. */
    public int int32() {
        need(Integer.BYTES);
        int v = 0;
        for (int i = 0; i < Integer.BYTES; i++) {
            v = (v << 8) | (data[position++] & 0xFF);
        }
        return v;
    }

    /** 8 big-endian bytes. */
    public long int64() {
        need(Long.BYTES);
        long v = 0;
        for (int i = 0; i < Long.BYTES; i++) {
            v = (v << 8) | (data[position++] & 0xFF);
        }
        return v;
    }

    /**
     * A varint as {@link CodecWriter#varint} writes it. Only the shortest encoding is accepted (no
     * trailing zero groups), so that every value has exactly one encoding.
     */
    public long varint() {
        long v = 0;
        for (int i = 0; i < 9; i++) {
            int b = u8();
            v |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                if (b == 0 && i > 0) {
                    throw new CodecException("a varint in more bytes than it needs");
                }
                if (v < 0) {
                    throw new CodecException("a varint over " + Long.MAX_VALUE);
                }
                return v;
            }
        }
        throw new CodecException("a varint longer than 9 bytes");
    }

    /**
     * A varint that must lie in {@code min..max}, as an {@code int}: lengths and counts.
     *
     * @param what named in the message
     */
    public int varint(int min, int max, String what) {
        long v = varint();
        if (v < min || v > max) {
            throw new CodecException(what + " " + v + " outside " + min + ".." + max);
        }
        return (int) v;
    }

    /** The next {@code n} bytes, copied. */
    public byte[] raw(int n) {
        need(n);
        byte[] b = new byte[n];
        System.arraycopy(data, position, b, 0, n);
        position += n;
        return b;
    }

    /** Fails unless every byte was read: a message has one encoding, with nothing after it. */
    public void end() {
        if (position != end) {
            throw new CodecException(remaining() + " trailing bytes");
        }
    }

    /** Fails unless {@code n} more bytes are there (call before allocating for them). */
    public void need(long n) {
        if (n < 0 || n > remaining()) {
            throw new CodecException("truncated: " + n + " bytes needed, " + remaining() + " left");
        }
    }

    // for formats in this package: strings decoded in place, map keys compared in place
    void skip(int n) {
        need(n);
        position += n;
    }

    int position() {
        return position;
    }

    byte[] array() {
        return data;
    }
}
