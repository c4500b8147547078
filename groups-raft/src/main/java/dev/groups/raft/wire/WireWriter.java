package dev.groups.raft.wire;

import dev.groups.id.PeerId;

/**
 * Writes fields into an array allocated once at the exact size of the message (computed beforehand
 * with {@link WireFormat#varintSize(long)}), so encoding copies each byte once.
 */
final class WireWriter {
    private final byte[] buf;
    private int pos;

    WireWriter(int size) {
        buf = new byte[size];
    }

    void u8(int value) {
        buf[pos++] = (byte) value;
    }

    /** Unsigned LEB128, shortest form; {@code value} is non-negative. */
    void varint(long value) {
        while ((value & ~0x7FL) != 0) {
            buf[pos++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        buf[pos++] = (byte) value;
    }

    /** 8 bytes, big-endian. */
    void fixed64(long value) {
        for (int i = 7; i >= 0; i--) {
            buf[pos + i] = (byte) value;
            value >>>= 8;
        }
        pos += 8;
    }

    void bool(boolean value) {
        buf[pos++] = (byte) (value ? 1 : 0);
    }

    void peer(PeerId peer) {
        peer.key().copyTo(buf, pos);
        pos += WireFormat.PEER_BYTES;
    }

    /** A presence byte, then the peer when present. */
    void optionalPeer(PeerId peer) {
        bool(peer != null);
        if (peer != null) {
            peer(peer);
        }
    }

    /** A varint length, then the bytes. */
    void bytes(byte[] value) {
        varint(value.length);
        System.arraycopy(value, 0, buf, pos, value.length);
        pos += value.length;
    }

    /** The encoded message; the computed size must have been exact. */
    byte[] finish() {
        if (pos != buf.length) {
            throw new IllegalStateException("encoded " + pos + " bytes into a message sized " + buf.length);
        }
        return buf;
    }
}
