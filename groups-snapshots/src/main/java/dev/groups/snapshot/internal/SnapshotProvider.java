package dev.groups.snapshot.internal;

import dev.groups.id.PeerId;
import dev.groups.log.Cursor;
import dev.groups.log.Index;
import dev.groups.snapshot.SnapshotSettings;
import dev.groups.snapshot.SnapshotSync;
import dev.groups.snapshot.internal.SnapshotMessages.ChunkRequest;
import dev.groups.snapshot.internal.SnapshotMessages.ChunkResponse;
import dev.groups.snapshot.internal.SnapshotMessages.EntriesRequest;
import dev.groups.snapshot.internal.SnapshotMessages.EntriesResponse;
import dev.groups.snapshot.internal.SnapshotMessages.StatusRequest;
import dev.groups.snapshot.internal.SnapshotMessages.StatusResponse;
import dev.groups.sync.StateSyncProvider;
import dev.groups.sync.SyncProviderContext;
import dev.groups.sync.replay.EntryServing;
import dev.groups.sync.replay.TermLeaders;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.util.Optional;

/**
 * The serving side of {@link SnapshotSync}, on every member in every role: snapshots the machine by
 * policy (every {@code interval} committed entries, every {@code logBytes} of log growth, on demand),
 * answers status, chunk and entry requests, lets the runtime prune the log behind its snapshots (keeping
 * the tail), deletes the snapshots the log no longer needs, and passes responses on to this node's session.
 */
public final class SnapshotProvider implements StateSyncProvider<SnapshotSync.Message> {
    private static final System.Logger LOG = System.getLogger(SnapshotProvider.class.getName());

    private final SnapshotSettings settings;
    private final LocalSnapshots local;
    /** The committed index last seen: a decrease means the machine was rebuilt (dynamic-mode regression). */
    private long lastCommitted;
    /** The log's size just after the last snapshot, lowered as pruning frees bytes (the bytes policy's base). */
    private long bytesBase = Long.MAX_VALUE;

    public SnapshotProvider(SnapshotSettings settings, LocalSnapshots local) {
        this.settings = settings;
        this.local = local;
    }

    @Override
    public boolean onMessage(PeerId from, SnapshotSync.Message message, SyncProviderContext<?, SnapshotSync.Message> ctx) {
        if (message instanceof StatusRequest) {
            ctx.send(from, new StatusResponse(local.infos(), EntryServing.servable(ctx)));
            return true;
        }
        if (message instanceof ChunkRequest r) {
            Optional<byte[]> data;
            try {
                data = local.find(r.snapshot()).map(s -> s.chunk(r.chunk(), settings.chunkSize()));
            } catch (UncheckedIOException | IllegalStateException e) {
                LOG.log(Level.WARNING, "cannot read chunk " + r.chunk() + " of the snapshot at " + r.snapshot().anchor(), e);
                data = Optional.empty(); // the peer asks another
            }
            ctx.send(from, new ChunkResponse(r.snapshot(), r.chunk(), data));
            return true;
        }
        if (message instanceof EntriesRequest r) {
            ctx.send(from, EntryServing.serve(r.range(), settings.batchSize(), ctx, EntriesResponse::new));
            return true;
        }
        return false; // a response: for this node's session
    }

    /** Answers on-demand requests, which may come while nothing commits. */
    @Override
    public void poll(SyncProviderContext<?, SnapshotSync.Message> ctx) {
        Cursor committed = ctx.committed();
        observe(committed, ctx);
        if (local.requested() && !committed.index().isZero() && !local.answerRequestsWithNewest(committed)) {
            take(committed, ctx);
        }
    }

    /**
     * Snapshots when the committed index reaches the next multiple of the interval, when the log grew by
     * {@code logBytes} since the last snapshot, or on request. Members commit in different steps, so their
     * anchors are near one another rather than equal; any of them serves.
     */
    @Override
    public void onCommitted(Cursor committed, SyncProviderContext<?, SnapshotSync.Message> ctx) {
        observe(committed, ctx);
        long interval = settings.interval();
        long newest = local.newest().map(s -> s.anchor().index().value()).orElse(0L);
        long size = ctx.log().sizeInBytes();
        boolean bySize = false;
        if (settings.logBytes() > 0 && size >= 0) {
            bytesBase = Math.min(bytesBase, size);
            bySize = size - bytesBase >= settings.logBytes();
        }
        boolean due = committed.index().value() / interval > newest / interval || bySize || local.requested();
        if (due && committed.index().value() > newest) {
            take(committed, ctx);
        } else if (local.requested()) {
            local.answerRequestsWithNewest(committed);
        }
        local.collect(ctx.log());
    }

    private void take(Cursor committed, SyncProviderContext<?, SnapshotSync.Message> ctx) {
        local.take(committed, anchorLeader(committed, ctx), ctx.runtimeState(), settings.chunkSize(), ctx);
        bytesBase = Math.max(0, ctx.log().sizeInBytes());
    }

    /**
     * Who started the anchor's term: its TermStart if the log still holds it; else what the newest
     * snapshot of the same term recorded (one history, one leader per term); else this node, when it
     * leads that very term.
     */
    private Optional<PeerId> anchorLeader(Cursor anchor, SyncProviderContext<?, SnapshotSync.Message> ctx) {
        Optional<PeerId> leader = TermLeaders.leaderOfEntryAt(ctx.log(), anchor.index());
        if (leader.isEmpty()) {
            leader = local.newest().filter(s -> s.anchor().term().equals(anchor.term()))
                    .flatMap(s -> s.info().anchorLeader());
        }
        if (leader.isEmpty() && ctx.isLeader() && ctx.log().last().term().equals(anchor.term())) {
            leader = Optional.of(ctx.localId());
        }
        return leader;
    }

    private void observe(Cursor committed, SyncProviderContext<?, SnapshotSync.Message> ctx) {
        if (committed.index().value() < lastCommitted) {
            local.retainValid(Cursor.ZERO, ctx.log()); // the machine went back: every kept state is suspect
        }
        lastCommitted = committed.index().value();
        local.retainValid(committed, ctx.log());
    }

    @Override
    public Optional<Index> safeToPrunePrefix(SyncProviderContext<?, SnapshotSync.Message> ctx) {
        return local.pruneable(ctx.committed(), settings.tail(), ctx.log());
    }
}
