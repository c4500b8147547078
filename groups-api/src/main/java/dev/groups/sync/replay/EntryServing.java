package dev.groups.sync.replay;

import dev.groups.log.Index;
import dev.groups.log.IndexRange;
import dev.groups.log.LogEntry;
import dev.groups.log.LogPayload;
import dev.groups.log.Term;
import dev.groups.machine.Codec;
import dev.groups.machine.CodecException;
import dev.groups.storage.Storage;
import dev.groups.sync.StateSyncProvider;
import dev.groups.sync.SyncProviderContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The serving side of entry fetches, for a {@link StateSyncProvider}: which entries this member hands
 * out, and a batch of them for a request.
 *
 * <p>Call it where the provider answers a request ({@link StateSyncProvider#onMessage}), on the group's
 * thread, with that call's context. It only reads the log (through {@code ctx}), keeps nothing, never
 * throws (an entry whose payload does not encode ends the batch before it) and never blocks beyond the
 * log store's reads. The batch it returns is the caller's, to send.
 */
public final class EntryServing {
    /** Keeps a response well under the transport's default 16 MiB frame whatever the entries weigh. */
    public static final int MAX_RESPONSE_PAYLOAD_BYTES = 4 << 20;

    private EntryServing() {}

    /**
     * Committed entries only: they are the same on every member (in strict mode). The leader also serves
     * its uncommitted tail, because a session's target is the leader's own log position and may lie past
     * every follower's commit index (spec §10 item 6). Possibly empty ({@code start > end}).
     */
    public static IndexRange servable(SyncProviderContext<?, ?> ctx) {
        IndexRange retrievable = ctx.log().retrievable();
        if (ctx.isLeader()) {
            return retrievable;
        }
        return new IndexRange(retrievable.start(), Index.min(retrievable.end(), ctx.committed().index()));
    }

    /**
     * Always answers: with the entries from {@code requested.start}, as many as the request, what this
     * member {@linkplain #servable serves}, {@code batchSize} and {@link #MAX_RESPONSE_PAYLOAD_BYTES}
     * allow (at least one when the first is served), with the term and leader of the entry before them;
     * or with an explicit none when it serves nothing from {@code requested.start}.
     *
     * @param make the sync's entries response (its constructor)
     */
    public static <C, B extends EntryBatch> B serve(IndexRange requested, int batchSize, SyncProviderContext<C, ?> ctx,
                                                    EntryBatch.Factory<B> make) {
        IndexRange servable = servable(ctx);
        if (requested.isEmpty() || !servable.contains(requested.start())) {
            return EntryBatch.none(requested, make);
        }
        Index start = requested.start();
        long room = servable.end().value() - start.value(); // entries after start, without overflow
        Index end = Index.min(requested.end(), start.plus(Math.min(room, batchSize - 1L)));
        Storage<LogPayload<C>> log = ctx.log();
        Optional<Term> prevTerm = log.termAt(start.prev());
        List<EncodedEntry> encoded = encode(log.getRange(new IndexRange(start, end)), start, ctx.payloadCodec());
        if (prevTerm.isEmpty() || encoded.isEmpty()) {
            return EntryBatch.none(requested, make);
        }
        IndexRange served = new IndexRange(start, start.plus(encoded.size() - 1L));
        return make.make(served, prevTerm.get(), TermLeaders.leaderOfEntryAt(log, start.prev()), encoded);
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
