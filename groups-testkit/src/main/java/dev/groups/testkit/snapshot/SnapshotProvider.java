package dev.groups.testkit.snapshot;

import dev.groups.id.PeerId;
import dev.groups.log.Cursor;
import dev.groups.log.Index;
import dev.groups.sync.StateSyncProvider;
import dev.groups.sync.SyncProviderContext;
import dev.groups.sync.TermLeaders;
import dev.groups.testkit.snapshot.SnapshotMessages.ChunkRequest;
import dev.groups.testkit.snapshot.SnapshotMessages.ChunkResponse;
import dev.groups.testkit.snapshot.SnapshotMessages.EntriesRequest;
import dev.groups.testkit.snapshot.SnapshotMessages.StatusRequest;
import dev.groups.testkit.snapshot.SnapshotMessages.StatusResponse;
import java.util.Optional;

/**
 * The serving side of {@link SnapshotSync}, on every member in every role: snapshots the machine every
 * {@code interval} committed entries, answers status, chunk and entry requests, lets the runtime prune
 * the log behind its snapshots, and passes responses on to this node's session.
 */
final class SnapshotProvider implements StateSyncProvider<SnapshotSync.Message> {
    private final SnapshotSettings settings;
    private final LocalSnapshots local;
    /** The committed index last seen: a decrease means the machine was rebuilt (dynamic-mode regression). */
    private long lastCommitted;

    SnapshotProvider(SnapshotSettings settings, LocalSnapshots local) {
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
            Optional<byte[]> data = local.find(r.snapshot()).map(s -> s.chunk(r.chunk(), settings.chunkSize()));
            ctx.send(from, new ChunkResponse(r.snapshot(), r.chunk(), data));
            return true;
        }
        if (message instanceof EntriesRequest r) {
            ctx.send(from, EntryServing.serve(r.range(), settings.batchSize(), ctx));
            return true;
        }
        return false; // a response: for this node's session
    }

    @Override
    public void poll(SyncProviderContext<?, SnapshotSync.Message> ctx) {
        observe(ctx.committed(), ctx);
    }

    /**
     * Snapshots when the committed index reaches the next multiple of the interval. Members commit in
     * different steps, so their anchors are near one another rather than equal; any of them serves.
     */
    @Override
    public void onCommitted(Cursor committed, SyncProviderContext<?, SnapshotSync.Message> ctx) {
        observe(committed, ctx);
        long interval = settings.interval();
        long newest = local.newest().map(s -> s.anchor().index().value()).orElse(0L);
        if (committed.index().value() / interval > newest / interval) {
            local.take(committed, anchorLeader(committed, ctx), ctx.runtimeState());
        }
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
        return local.pruneable(ctx.committed());
    }
}
