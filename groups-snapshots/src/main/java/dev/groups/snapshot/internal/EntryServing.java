package dev.groups.snapshot.internal;

import dev.groups.log.Index;
import dev.groups.log.IndexRange;
import dev.groups.log.LogEntry;
import dev.groups.log.LogPayload;
import dev.groups.log.Term;
import dev.groups.machine.Codec;
import dev.groups.machine.CodecException;
import dev.groups.storage.Storage;
import dev.groups.sync.SyncProviderContext;
import dev.groups.sync.TermLeaders;
import dev.groups.snapshot.internal.SnapshotMessages.EntriesResponse;
import dev.groups.sync.replay.EncodedEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** How a provider hands out log entries (the ones after a snapshot's anchor), as log replay does. */
final class EntryServing {
    /** Keeps a response well under the transport's default 16 MiB frame whatever the entries weigh. */
    static final int MAX_RESPONSE_PAYLOAD_BYTES = 4 << 20;

    private EntryServing() {}

    /**
     * Committed entries only: they are the same on every member (strict mode). The leader also serves
     * its uncommitted tail, because a session's target is the leader's own log position and may lie past
     * every follower's commit index.
     */
    static IndexRange servable(SyncProviderContext<?, ?> ctx) {
        IndexRange retrievable = ctx.log().retrievable();
        if (ctx.isLeader()) {
            return retrievable;
        }
        return new IndexRange(retrievable.start(), Index.min(retrievable.end(), ctx.committed().index()));
    }

    /** Always answers: with at most {@code batchSize} entries from {@code requested.start}, or with an explicit none. */
    static <C> EntriesResponse serve(IndexRange requested, int batchSize, SyncProviderContext<C, ?> ctx) {
        IndexRange servable = servable(ctx);
        if (requested.isEmpty() || !servable.contains(requested.start())) {
            return EntriesResponse.none(requested);
        }
        Index start = requested.start();
        long room = servable.end().value() - start.value(); // entries after start, without overflow
        Index end = Index.min(requested.end(), start.plus(Math.min(room, batchSize - 1L)));
        Storage<LogPayload<C>> log = ctx.log();
        Optional<Term> prevTerm = log.termAt(start.prev());
        List<EncodedEntry> encoded = encode(log.getRange(new IndexRange(start, end)), start, ctx.payloadCodec());
        if (prevTerm.isEmpty() || encoded.isEmpty()) {
            return EntriesResponse.none(requested);
        }
        IndexRange served = new IndexRange(start, start.plus(encoded.size() - 1L));
        return new EntriesResponse(served, prevTerm.get(), TermLeaders.leaderOfEntryAt(log, start.prev()), encoded);
    }

    /** The contiguous run from {@code start}, cut at the byte budget (but never empty when entries exist). */
    private static <C> List<EncodedEntry> encode(List<LogEntry<LogPayload<C>>> entries, Index start,
                                                 Codec<LogPayload<C>> codec) {
        List<EncodedEntry> out = new ArrayList<>(entries.size());
        long bytes = 0;
        for (LogEntry<LogPayload<C>> entry : entries) {
            if (!entry.index().equals(start.plus(out.size()))) {
                break; // a store skipped an index: serve only the contiguous part
            }
            byte[] payload;
            try {
                payload = codec.encode(entry.command());
            } catch (CodecException e) {
                break; // the session asks again for the rest; a provider must not throw
            }
            bytes += payload.length;
            if (!out.isEmpty() && bytes > MAX_RESPONSE_PAYLOAD_BYTES) {
                break;
            }
            out.add(new EncodedEntry(entry.term(), payload));
        }
        return out;
    }
}
