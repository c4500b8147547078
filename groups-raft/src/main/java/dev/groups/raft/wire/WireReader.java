package dev.groups.raft.wire;

import dev.groups.id.PeerId;
import dev.groups.machine.Codec;
import dev.groups.machine.CodecException;
import java.util.Arrays;

/**
 * Reads fields from one message's bytes. Every read checks the bytes left first, so malformed input
 * ends in a {@link CodecException} and nothing is allocated beyond what the input holds.
 */
final class WireReader {
    private final byte[] buf;
    private final int end;
    private int pos;

    WireReader(byte[] buf, int offset, int length) {
        this.buf = buf;
        this.pos = offset;
        this.end = offset + length;
    }

    int remaining() {
        return end - pos;
    }

    int u8() {
        require(1);
        return buf[pos++] & 0xFF;
    }

    /** Unsigned LEB128 of at most 63 bits, in its shortest form only. */
    long varint() {
        long value = 0;
        for (int shift = 0; shift < 63; shift += 7) {
            if (pos >= end) {
                throw truncated(1);
            }
            int b = buf[pos++];
            value |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                if (b == 0 && shift > 0) {
                    throw new CodecException("overlong varint");
                }
                return value;
            }
        }
        throw new CodecException("varint exceeds 63 bits");
    }

    /** 8 bytes, big-endian. */
    long fixed64() {
        require(8);
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | (buf[pos++] & 0xFF);
        }
        return value;
    }

    boolean bool() {
        int b = u8();
        if (b > 1) {
            throw new CodecException("a boolean is 0 or 1, got " + b);
        }
        return b == 1;
    }

    PeerId peer() {
        require(WireFormat.PEER_BYTES);
        byte[] key = Arrays.copyOfRange(buf, pos, pos + WireFormat.PEER_BYTES);
        pos += WireFormat.PEER_BYTES;
        return PeerId.fromBytes(key);
    }

    /** A presence byte, then the peer when present; null when absent. */
    PeerId optionalPeer() {
        return bool() ? peer() : null;
    }

    /** A list's item count, which the remaining bytes must be able to hold at {@code minItemBytes} each. */
    int count(int minItemBytes) {
        long count = varint();
        if (count > remaining() / minItemBytes) {
            throw new CodecException("count " + count + " exceeds what " + remaining() + " bytes can hold");
        }
        return (int) count;
    }

    /** A varint length, then that many bytes, copied. */
    byte[] bytes() {
        int length = length();
        byte[] value = Arrays.copyOfRange(buf, pos, pos + length);
        pos += length;
        return value;
    }

    /** A varint length, then that many bytes decoded by {@code codec}. */
    <T> T nested(Codec<T> codec, String what) {
        int length = length();
        T value = Nested.decode(codec, buf, pos, length, what);
        pos += length;
        return value;
    }

    void expectEnd() {
        if (pos != end) {
            throw new CodecException((end - pos) + " trailing bytes after the message");
        }
    }

    private int length() {
        long length = varint();
        if (length > remaining()) {
            throw truncated(length);
        }
        return (int) length;
    }

    private void require(int bytes) {
        if (bytes > end - pos) {
            throw truncated(bytes);
        }
    }

    private CodecException truncated(long needed) {
        return new CodecException("truncated message: " + needed + " more bytes needed, " + remaining() + " left");
    }
}
