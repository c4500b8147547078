package dev.groups.sync;

import dev.groups.id.Digest;
import dev.groups.id.PeerId;
import dev.groups.log.Index;
import dev.groups.log.IndexRange;
import dev.groups.log.Term;
import dev.groups.machine.Codec;
import dev.groups.machine.CodecException;
import dev.groups.machine.Codecs;
import dev.groups.sync.ReplayMessages.AvailabilityRequest;
import dev.groups.sync.ReplayMessages.AvailabilityResponse;
import dev.groups.sync.ReplayMessages.EncodedEntry;
import dev.groups.sync.ReplayMessages.FetchEntriesRequest;
import dev.groups.sync.ReplayMessages.FetchEntriesResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The wire format of {@link LogReplaySync}'s messages. Numbers are unsigned LEB128 varints of at most
 * 63 bits, in their shortest form; decoding accepts only the bytes encoding produces (so
 * {@code encode(decode(b))} equals {@code b}), bounds every allocation by the input, and reports any
 * other input with {@link CodecException}.
 *
 * <pre>
 * AvailabilityRequest   0x00
 * AvailabilityResponse  0x01 start end
 * FetchEntriesRequest   0x02 start end
 * FetchEntriesResponse  0x03 0x00 start end                                  (none: nothing served for start..=end)
 *                       0x03 0x01 start prevTerm (0x00 | 0x01 leader[32]) count (term len payload[len]){count}
 * </pre>
 * A response with entries covers {@code start ..= start+count-1}, {@code 1 <= count <= batchSize}.
 */
final class ReplayCodec implements Codec<LogReplaySync.Message> {
    private static final byte AVAILABILITY_REQUEST = 0;
    private static final byte AVAILABILITY_RESPONSE = 1;
    private static final byte FETCH_REQUEST = 2;
    private static final byte FETCH_RESPONSE = 3;
    private static final byte NONE = 0;
    private static final byte ENTRIES = 1;
    private static final byte ABSENT = 0;
    private static final byte PRESENT = 1;
    /** The shortest entry: a one-byte term and a zero length. */
    private static final int MIN_ENTRY_BYTES = 2;

    private final int maxEntries;

    ReplayCodec(int maxEntries) {
        this.maxEntries = maxEntries;
    }

    @Override
    public byte[] encode(LogReplaySync.Message message) {
        Writer out = new Writer();
        if (message instanceof AvailabilityRequest) {
            out.u8(AVAILABILITY_REQUEST);
        } else if (message instanceof AvailabilityResponse a) {
            out.u8(AVAILABILITY_RESPONSE).range(a.range());
        } else if (message instanceof FetchEntriesRequest f) {
            out.u8(FETCH_REQUEST).range(f.range());
        } else {
            encodeResponse((FetchEntriesResponse) message, out.u8(FETCH_RESPONSE));
        }
        return out.toArray();
    }

    private void encodeResponse(FetchEntriesResponse r, Writer out) {
        if (r.isNone()) {
            out.u8(NONE).range(r.range());
            return;
        }
        if (r.entries().size() > maxEntries) {
            throw new CodecException(r.entries().size() + " entries exceed the batch size " + maxEntries);
        }
        out.u8(ENTRIES).varint(r.range().start().value()).varint(r.prevTerm().value());
        if (r.prevLeader().isPresent()) {
            out.u8(PRESENT).bytes(r.prevLeader().get().toBytes());
        } else {
            out.u8(ABSENT);
        }
        out.varint(r.entries().size());
        for (EncodedEntry e : r.entries()) {
            out.varint(e.term().value()).varint(e.payload().length).bytes(e.payload());
        }
    }

    @Override
    public LogReplaySync.Message decode(byte[] data, int offset, int length) {
        Codecs.checkBounds(data, offset, length);
        Reader in = new Reader(data, offset, length);
        LogReplaySync.Message message = switch (in.u8()) {
            case AVAILABILITY_REQUEST -> new AvailabilityRequest();
            case AVAILABILITY_RESPONSE -> new AvailabilityResponse(in.range());
            case FETCH_REQUEST -> new FetchEntriesRequest(in.range());
            case FETCH_RESPONSE -> decodeResponse(in);
            default -> throw new CodecException("unknown log-replay message tag");
        };
        in.expectEnd();
        return message;
    }

    private FetchEntriesResponse decodeResponse(Reader in) {
        byte kind = in.u8();
        if (kind == NONE) {
            return FetchEntriesResponse.none(in.range());
        }
        if (kind != ENTRIES) {
            throw new CodecException("unknown fetch response kind " + kind);
        }
        long start = in.varint();
        Term prevTerm = Term.of(in.varint());
        Optional<PeerId> prevLeader = in.optionalPeer();
        long count = in.varint();
        if (count < 1 || count > maxEntries || count > in.remaining() / MIN_ENTRY_BYTES) {
            throw new CodecException("bad entry count " + count);
        }
        if (start < 1 || start > Long.MAX_VALUE - count + 1) {
            throw new CodecException("bad first index " + start + " for " + count + " entries");
        }
        List<EncodedEntry> entries = new ArrayList<>((int) count);
        for (long i = 0; i < count; i++) {
            Term term = Term.of(in.varint());
            entries.add(new EncodedEntry(term, in.bytes(in.varint())));
        }
        return new FetchEntriesResponse(IndexRange.of(start, start + count - 1), prevTerm, prevLeader, entries);
    }

    /** A growable output buffer. */
    private static final class Writer {
        private byte[] buf = new byte[32];
        private int size;

        Writer u8(byte b) {
            ensure(1);
            buf[size++] = b;
            return this;
        }

        Writer varint(long v) {
            ensure(10);
            while ((v & ~0x7FL) != 0) {
                buf[size++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            buf[size++] = (byte) v;
            return this;
        }

        Writer range(IndexRange r) {
            return varint(r.start().value()).varint(r.end().value());
        }

        Writer bytes(byte[] b) {
            ensure(b.length);
            System.arraycopy(b, 0, buf, size, b.length);
            size += b.length;
            return this;
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

    /** Reads within {@code offset .. offset+length}; every read checks what is left first. */
    private static final class Reader {
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
                throw new CodecException("truncated log-replay message");
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

        IndexRange range() {
            return new IndexRange(Index.of(varint()), Index.of(varint()));
        }

        Optional<PeerId> optionalPeer() {
            byte flag = u8();
            if (flag == ABSENT) {
                return Optional.empty();
            }
            if (flag != PRESENT) {
                throw new CodecException("bad leader flag " + flag);
            }
            return Optional.of(PeerId.fromBytes(bytes(Digest.LENGTH)));
        }

        byte[] bytes(long n) {
            if (n > remaining()) {
                throw new CodecException("length " + n + " exceeds the " + remaining() + " bytes left");
            }
            byte[] out = Arrays.copyOfRange(data, pos, pos + (int) n);
            pos += (int) n;
            return out;
        }

        void expectEnd() {
            if (pos != end) {
                throw new CodecException(remaining() + " trailing bytes after a log-replay message");
            }
        }
    }
}
