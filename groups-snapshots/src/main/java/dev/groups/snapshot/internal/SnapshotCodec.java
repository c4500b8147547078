package dev.groups.snapshot.internal;

import dev.groups.snapshot.SnapshotSync;
import dev.groups.id.Digest;
import dev.groups.log.Cursor;
import dev.groups.machine.Codec;
import dev.groups.machine.CodecException;
import dev.groups.machine.Codecs;
import dev.groups.machine.WireFormat;
import dev.groups.snapshot.internal.SnapshotMessages.ChunkRequest;
import dev.groups.snapshot.internal.SnapshotMessages.ChunkResponse;
import dev.groups.snapshot.internal.SnapshotMessages.EntriesRequest;
import dev.groups.snapshot.internal.SnapshotMessages.EntriesResponse;
import dev.groups.snapshot.internal.SnapshotMessages.SnapshotInfo;
import dev.groups.snapshot.internal.SnapshotMessages.StatusRequest;
import dev.groups.snapshot.internal.SnapshotMessages.StatusResponse;
import dev.groups.sync.replay.EntryBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The wire format of {@link SnapshotSync}'s messages. Numbers are unsigned LEB128 varints of at most
 * 63 bits in their shortest form; decoding accepts only what encoding produces (so
 * {@code encode(decode(b))} equals {@code b}), bounds every allocation by the input and by the
 * settings (a chunk is at most {@code chunkSize} bytes, a batch at most {@code batchSize} entries), and
 * reports any other input with {@link CodecException}. Stateless and thread-safe.
 *
 * <pre>
 * info             term index size digest[32] (0x00 | 0x01 leader[32])        index ≥ 1, size ≤ 2^42
 * StatusRequest    0x00
 * StatusResponse   0x01 count info{count} servableStart servableEnd            count ≤ 2
 * ChunkRequest     0x02 info chunk                                            chunk &lt; chunks(info)
 * ChunkResponse    0x03 info chunk 0x00                                       (none: not kept any more)
 *                  0x03 info chunk 0x01 len data[len]                         len = that chunk's length
 * EntriesRequest   0x04 start end
 * EntriesResponse  0x05 0x00 start end                                        (none)
 *                  0x05 0x01 start prevTerm (0x00 | 0x01 leader[32]) count (term len payload[len]){count}
 * </pre>
 * An entries response's body is an {@link EntryBatch#wireFormat entry batch}, as log replay's.
 */
public final class SnapshotCodec implements Codec<SnapshotSync.Message> {
    private static final byte STATUS_REQUEST = 0;
    private static final byte STATUS_RESPONSE = 1;
    private static final byte CHUNK_REQUEST = 2;
    private static final byte CHUNK_RESPONSE = 3;
    private static final byte ENTRIES_REQUEST = 4;
    private static final byte ENTRIES_RESPONSE = 5;
    private static final byte NONE = 0;
    private static final byte SOME = 1;

    private final int chunkSize;
    private final WireFormat<EntriesResponse> entries;

    public SnapshotCodec(int chunkSize, int batchSize) {
        this.chunkSize = chunkSize;
        this.entries = EntryBatch.wireFormat(batchSize, EntriesResponse::new);
    }

    @Override
    public byte[] encode(SnapshotSync.Message message) {
        Wire.Writer out = new Wire.Writer();
        if (message instanceof StatusRequest) {
            out.u8(STATUS_REQUEST);
        } else if (message instanceof StatusResponse s) {
            out.u8(STATUS_RESPONSE).varint(s.snapshots().size());
            s.snapshots().forEach(info -> info(out, info));
            out.range(s.servable());
        } else if (message instanceof ChunkRequest r) {
            info(out.u8(CHUNK_REQUEST), r.snapshot());
            out.varint(checkChunk(r.snapshot(), r.chunk()));
        } else if (message instanceof ChunkResponse r) {
            encodeChunk(r, out.u8(CHUNK_RESPONSE));
        } else if (message instanceof EntriesRequest r) {
            out.u8(ENTRIES_REQUEST).range(r.range());
        } else if (message instanceof EntriesResponse r) {
            out.u8(ENTRIES_RESPONSE).write(entries, r);
        } else {
            throw new CodecException("not a snapshot-sync message: " + message);
        }
        return out.toArray();
    }

    private void info(Wire.Writer out, SnapshotInfo info) {
        out.cursor(info.anchor()).varint(info.size()).digest(info.digest()).optionalPeer(info.anchorLeader());
    }

    private int checkChunk(SnapshotInfo info, int chunk) {
        if (chunk < 0 || chunk >= info.chunkCount(chunkSize)) {
            throw new CodecException("chunk " + chunk + " outside the " + info.chunkCount(chunkSize) + " of " + info);
        }
        return chunk;
    }

    private void encodeChunk(ChunkResponse r, Wire.Writer out) {
        info(out, r.snapshot());
        out.varint(checkChunk(r.snapshot(), r.chunk()));
        if (r.data().isEmpty()) {
            out.u8(NONE);
            return;
        }
        byte[] data = r.data().get();
        if (data.length != r.snapshot().chunkLength(r.chunk(), chunkSize)) {
            throw new CodecException("chunk " + r.chunk() + " has " + data.length + " bytes, expected "
                    + r.snapshot().chunkLength(r.chunk(), chunkSize));
        }
        out.u8(SOME).sized(data);
    }

    @Override
    public SnapshotSync.Message decode(byte[] data, int offset, int length) {
        Codecs.checkBounds(data, offset, length);
        Wire.Reader in = new Wire.Reader(data, offset, length);
        SnapshotSync.Message message = switch (in.u8()) {
            case STATUS_REQUEST -> new StatusRequest();
            case STATUS_RESPONSE -> decodeStatus(in);
            case CHUNK_REQUEST -> {
                SnapshotInfo info = info(in);
                yield new ChunkRequest(info, chunk(in, info));
            }
            case CHUNK_RESPONSE -> decodeChunk(in);
            case ENTRIES_REQUEST -> new EntriesRequest(in.range());
            case ENTRIES_RESPONSE -> in.read(entries);
            default -> throw new CodecException("unknown snapshot-sync message tag");
        };
        in.expectEnd();
        return message;
    }

    private static StatusResponse decodeStatus(Wire.Reader in) {
        int count = (int) in.varint(SnapshotMessages.MAX_OFFERED, "snapshot count");
        List<SnapshotInfo> infos = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            infos.add(info(in));
        }
        return new StatusResponse(infos, in.range());
    }

    private static SnapshotInfo info(Wire.Reader in) {
        Cursor anchor = in.cursor();
        if (anchor.index().isZero()) {
            throw new CodecException("a snapshot anchor is never the sentinel");
        }
        long size = in.varint(SnapshotMessages.MAX_SNAPSHOT_BYTES, "snapshot size");
        Digest digest = in.digest();
        return new SnapshotInfo(anchor, size, digest, in.optionalPeer());
    }

    private int chunk(Wire.Reader in, SnapshotInfo info) {
        return (int) in.varint(info.chunkCount(chunkSize) - 1L, "chunk number");
    }

    private ChunkResponse decodeChunk(Wire.Reader in) {
        SnapshotInfo info = info(in);
        int chunk = chunk(in, info);
        byte kind = in.u8();
        if (kind == NONE) {
            return new ChunkResponse(info, chunk, Optional.empty());
        }
        if (kind != SOME) {
            throw new CodecException("unknown chunk response kind " + kind);
        }
        int expected = info.chunkLength(chunk, chunkSize);
        byte[] bytes = in.sized(expected, "chunk length");
        if (bytes.length != expected) {
            throw new CodecException("chunk " + chunk + " has " + bytes.length + " bytes, expected " + expected);
        }
        return new ChunkResponse(info, chunk, Optional.of(bytes));
    }
}
