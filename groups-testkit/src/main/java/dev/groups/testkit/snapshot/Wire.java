package dev.groups.testkit.snapshot;

import dev.groups.id.Digest;
import dev.groups.id.PeerId;
import dev.groups.log.Cursor;
import dev.groups.log.Index;
import dev.groups.log.IndexRange;
import dev.groups.log.Term;
import dev.groups.machine.CodecException;
import java.util.Arrays;
import java.util.Optional;

/**
 * The primitives of {@link SnapshotCodec}: unsigned LEB128 varints of at most 63 bits in their
 * shortest form, raw bytes, 32-byte digests and optional peers. The reader checks what is left
 * before every read, so nothing it allocates exceeds the input.
 */
final class Wire {
    private Wire() {}

    private static final byte ABSENT = 0;
    private static final byte PRESENT = 1;

    /** A growable output buffer. Not thread-safe; one per encoding. */
    static final class Writer {
        private byte[] buf = new byte[64];
        private int size;

        Writer u8(int b) {
            ensure(1);
            buf[size++] = (byte) b;
            return this;
        }

        Writer varint(long v) {
            if (v < 0) {
                throw new CodecException("negative number " + v);
            }
            ensure(10);
            while ((v & ~0x7FL) != 0) {
                buf[size++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            buf[size++] = (byte) v;
            return this;
        }

        Writer bytes(byte[] b) {
            ensure(b.length);
            System.arraycopy(b, 0, buf, size, b.length);
            size += b.length;
            return this;
        }

        Writer sized(byte[] b) {
            return varint(b.length).bytes(b);
        }

        Writer cursor(Cursor c) {
            return varint(c.term().value()).varint(c.index().value());
        }

        Writer range(IndexRange r) {
            return varint(r.start().value()).varint(r.end().value());
        }

        Writer digest(Digest d) {
            ensure(Digest.LENGTH);
            d.copyTo(buf, size);
            size += Digest.LENGTH;
            return this;
        }

        Writer optionalPeer(Optional<PeerId> peer) {
            if (peer.isPresent()) {
                return u8(PRESENT).digest(peer.get().key());
            }
            return u8(ABSENT);
        }

        private void ensure(int more) {
            if (buf.length - size < more) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
            }
        }

        byte[] toArray() {
            return Arrays.copyOf(buf, size);
        }
    }

    /** Reads within {@code offset .. offset+length} of an array it does not retain beyond decoding. */
    static final class Reader {
        /** 9 groups of 7 bits hold the 63 bits of a non-negative long. */
        private static final int MAX_VARINT_BYTES = 9;
        private final byte[] data;
        private final int end;
        private int pos;

        Reader(byte[] data, int offset, int length) {
            this.data = data;
            this.pos = offset;
            this.end = offset + length;
        }

        int remaining() {
            return end - pos;
        }

        byte u8() {
            if (pos >= end) {
                throw new CodecException("truncated snapshot-sync message");
            }
            return data[pos++];
        }

        long varint() {
            long value = 0;
            for (int i = 0; i < MAX_VARINT_BYTES; i++) {
                byte b = u8();
                value |= (long) (b & 0x7F) << (7 * i);
                if ((b & 0x80) == 0) {
                    if (b == 0 && i > 0) {
                        throw new CodecException("varint not in its shortest form");
                    }
                    return value;
                }
            }
            throw new CodecException("varint longer than 63 bits");
        }

        /** A varint no greater than {@code max}. */
        long varint(long max, String what) {
            long v = varint();
            if (v > max) {
                throw new CodecException(what + " " + v + " exceeds " + max);
            }
            return v;
        }

        Cursor cursor() {
            return new Cursor(Term.of(varint()), Index.of(varint()));
        }

        IndexRange range() {
            return new IndexRange(Index.of(varint()), Index.of(varint()));
        }

        Digest digest() {
            return Digest.fromBytes(bytes(Digest.LENGTH));
        }

        Optional<PeerId> optionalPeer() {
            byte flag = u8();
            if (flag == ABSENT) {
                return Optional.empty();
            }
            if (flag != PRESENT) {
                throw new CodecException("bad presence flag " + flag);
            }
            return Optional.of(new PeerId(digest()));
        }

        byte[] bytes(long n) {
            if (n < 0 || n > remaining()) {
                throw new CodecException("length " + n + " exceeds the " + remaining() + " bytes left");
            }
            byte[] out = Arrays.copyOfRange(data, pos, pos + (int) n);
            pos += (int) n;
            return out;
        }

        /** A length-prefixed byte string of at most {@code max} bytes. */
        byte[] sized(long max, String what) {
            return bytes(varint(max, what));
        }

        void expectEnd() {
            if (pos != end) {
                throw new CodecException(remaining() + " trailing bytes after a snapshot-sync message");
            }
        }
    }
}
