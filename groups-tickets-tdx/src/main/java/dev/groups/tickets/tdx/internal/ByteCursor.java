package dev.groups.tickets.tdx.internal;

import java.util.Arrays;

/**
 * A bounds-checked reader over a slice of a byte array. Every read checks the remaining length first,
 * so no read can throw an index exception and no allocation exceeds the input.
 */
public final class ByteCursor {
    private final byte[] data;
    private final int end;
    private int position;

    public ByteCursor(byte[] data) {
        this(data, 0, data.length);
    }

    public ByteCursor(byte[] data, int offset, int length) {
        if (offset < 0 || length < 0 || offset > data.length - length) {
            throw new IllegalArgumentException("slice out of range");
        }
        this.data = data;
        this.position = offset;
        this.end = offset + length;
    }

    public int position() {
        return position;
    }

    public int remaining() {
        return end - position;
    }

    /** Fails unless {@code n} more bytes are available; {@code what} names the field for the reason. */
    public void need(long n, String what) throws MalformedQuoteException {
        if (n < 0 || n > remaining()) {
            throw new MalformedQuoteException(what + " needs " + n + " bytes at offset " + position
                    + " but only " + remaining() + " remain");
        }
    }

    public int u8(String what) throws MalformedQuoteException {
        need(1, what);
        return data[position++] & 0xff;
    }

    public int u16le(String what) throws MalformedQuoteException {
        need(2, what);
        int v = (data[position] & 0xff) | (data[position + 1] & 0xff) << 8;
        position += 2;
        return v;
    }

    /** An unsigned 32-bit little-endian value, as a long so that it is never negative. */
    public long u32le(String what) throws MalformedQuoteException {
        need(4, what);
        long v = (data[position] & 0xffL) | (data[position + 1] & 0xffL) << 8
                | (data[position + 2] & 0xffL) << 16 | (data[position + 3] & 0xffL) << 24;
        position += 4;
        return v;
    }

    public long u32be(String what) throws MalformedQuoteException {
        need(4, what);
        long v = (data[position] & 0xffL) << 24 | (data[position + 1] & 0xffL) << 16
                | (data[position + 2] & 0xffL) << 8 | (data[position + 3] & 0xffL);
        position += 4;
        return v;
    }

    public long i64be(String what) throws MalformedQuoteException {
        need(8, what);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = v << 8 | (data[position + i] & 0xffL);
        }
        position += 8;
        return v;
    }

    /** A copy of the next {@code n} bytes (checked before allocating). */
    public byte[] bytes(long n, String what) throws MalformedQuoteException {
        need(n, what);
        byte[] out = Arrays.copyOfRange(data, position, position + (int) n);
        position += (int) n;
        return out;
    }

    /** Skips {@code n} bytes, returning the offset where they start. */
    public int skip(long n, String what) throws MalformedQuoteException {
        need(n, what);
        int start = position;
        position += (int) n;
        return start;
    }

    /** Fails when bytes are left: used where a length field must be consumed exactly. */
    public void expectEnd(String what) throws MalformedQuoteException {
        if (remaining() != 0) {
            throw new MalformedQuoteException(what + " has " + remaining() + " unexpected trailing bytes");
        }
    }
}
