package dev.groups.snapshot.internal;

import dev.groups.id.Digest;
import dev.groups.id.PeerId;
import dev.groups.log.Cursor;
import dev.groups.log.Index;
import dev.groups.log.IndexRange;
import dev.groups.log.Term;
import dev.groups.machine.CodecException;
import dev.groups.machine.CodecReader;
import dev.groups.machine.CodecWriter;
import dev.groups.machine.WireFormat;
import java.util.Optional;

/**
 * The parts of {@link SnapshotCodec}'s messages: cursors, ranges, 32-byte digests and optional peers,
 * over the API's {@link CodecWriter} and {@link CodecReader} (unsigned LEB128 varints of at most 63
 * bits in their shortest form, raw bytes; every read checks what is left first, so nothing allocated
 * exceeds the input).
 */
final class Wire {
    private Wire() {}

    private static final byte ABSENT = 0;
    private static final byte PRESENT = 1;

    /** A growable output buffer. Not thread-safe; one per encoding. */
    static final class Writer {
        private final CodecWriter out = new CodecWriter();

        Writer u8(int b) {
            out.u8(b & 0xFF);
            return this;
        }

        Writer varint(long v) {
            out.varint(v);
            return this;
        }

        Writer bytes(byte[] b) {
            out.raw(b);
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
            return bytes(d.toBytes());
        }

        /** A part in a format of its own (an {@link dev.groups.sync.replay.EntryBatch}'s). */
        <T> Writer write(WireFormat<T> format, T value) {
            format.write(out, value);
            return this;
        }

        Writer optionalPeer(Optional<PeerId> peer) {
            if (peer.isPresent()) {
                return u8(PRESENT).digest(peer.get().key());
            }
            return u8(ABSENT);
        }

        byte[] toArray() {
            return out.toByteArray();
        }
    }

    /** Reads within {@code offset .. offset+length} of an array it does not retain beyond decoding. */
    static final class Reader {
        private final CodecReader in;

        Reader(byte[] data, int offset, int length) {
            this.in = new CodecReader(data, offset, length);
        }

        int remaining() {
            return in.remaining();
        }

        byte u8() {
            return (byte) in.u8();
        }

        long varint() {
            return in.varint();
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

        /** A part in a format of its own (an {@link dev.groups.sync.replay.EntryBatch}'s). */
        <T> T read(WireFormat<T> format) {
            return format.read(in);
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
            in.need(n);
            return in.raw((int) n);
        }

        /** A length-prefixed byte string of at most {@code max} bytes. */
        byte[] sized(long max, String what) {
            return bytes(varint(max, what));
        }

        void expectEnd() {
            if (remaining() != 0) {
                throw new CodecException(remaining() + " trailing bytes after a snapshot-sync message");
            }
        }
    }
}
