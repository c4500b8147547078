package dev.groups.sync;

import dev.groups.log.Index;
import dev.groups.log.IndexRange;
import dev.groups.machine.Codec;
import dev.groups.machine.CodecException;
import dev.groups.machine.CodecReader;
import dev.groups.machine.CodecWriter;
import dev.groups.machine.WireFormat;
import dev.groups.sync.ReplayMessages.AvailabilityRequest;
import dev.groups.sync.ReplayMessages.AvailabilityResponse;
import dev.groups.sync.ReplayMessages.FetchEntriesRequest;
import dev.groups.sync.ReplayMessages.FetchEntriesResponse;
import dev.groups.sync.replay.EntryBatch;

/**
 * The wire format of {@link LogReplaySync}'s messages, over {@link CodecWriter} and {@link CodecReader}.
 * Numbers are unsigned LEB128 varints of at most 63 bits, in their shortest form; decoding accepts only
 * the bytes encoding produces (so {@code encode(decode(b))} equals {@code b}), bounds every allocation
 * by the input, and reports any other input with {@link CodecException}. A fetch response's body is an
 * {@link EntryBatch#wireFormat entry batch}.
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
    private static final int AVAILABILITY_REQUEST = 0;
    private static final int AVAILABILITY_RESPONSE = 1;
    private static final int FETCH_REQUEST = 2;
    private static final int FETCH_RESPONSE = 3;

    private final WireFormat<FetchEntriesResponse> entries;

    ReplayCodec(int maxEntries) {
        this.entries = EntryBatch.wireFormat(maxEntries, FetchEntriesResponse::new);
    }

    @Override
    public byte[] encode(LogReplaySync.Message message) {
        CodecWriter out = new CodecWriter();
        if (message instanceof AvailabilityRequest) {
            out.u8(AVAILABILITY_REQUEST);
        } else if (message instanceof AvailabilityResponse a) {
            range(out.u8(AVAILABILITY_RESPONSE), a.range());
        } else if (message instanceof FetchEntriesRequest f) {
            range(out.u8(FETCH_REQUEST), f.range());
        } else {
            entries.write(out.u8(FETCH_RESPONSE), (FetchEntriesResponse) message);
        }
        return out.toByteArray();
    }

    @Override
    public LogReplaySync.Message decode(byte[] data, int offset, int length) {
        CodecReader in = new CodecReader(data, offset, length);
        LogReplaySync.Message message = switch (in.u8()) {
            case AVAILABILITY_REQUEST -> new AvailabilityRequest();
            case AVAILABILITY_RESPONSE -> new AvailabilityResponse(range(in));
            case FETCH_REQUEST -> new FetchEntriesRequest(range(in));
            case FETCH_RESPONSE -> entries.read(in);
            default -> throw new CodecException("unknown log-replay message tag");
        };
        in.end();
        return message;
    }

    private static void range(CodecWriter out, IndexRange r) {
        out.varint(r.start().value()).varint(r.end().value());
    }

    private static IndexRange range(CodecReader in) {
        return new IndexRange(Index.of(in.varint()), Index.of(in.varint()));
    }
}
