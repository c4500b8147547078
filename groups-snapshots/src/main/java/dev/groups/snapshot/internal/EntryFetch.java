package dev.groups.snapshot.internal;

import dev.groups.snapshot.SnapshotSync;
import dev.groups.id.PeerId;
import dev.groups.log.Cursor;
import dev.groups.log.Index;
import dev.groups.log.IndexRange;
import dev.groups.log.LogEntry;
import dev.groups.log.LogPayload;
import dev.groups.sync.SyncSessionContext;
import dev.groups.sync.replay.CatchUpPeers;
import dev.groups.sync.replay.EntryCheck;
import dev.groups.snapshot.internal.SessionPeers.RangeFetch;
import dev.groups.snapshot.internal.SnapshotMessages.EntriesRequest;
import dev.groups.snapshot.internal.SnapshotMessages.EntriesResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Fetches the log entries from the log's end up to a position, from the leader, a batch at a time,
 * each checked to continue the log before it is appended.
 *
 * <p>Only the leader: after a snapshot install the log no longer holds the {@code TermStart}s that
 * name each term's leader, so a batch from another peer could not be told apart from a batch of a
 * superseded history that shares the term (dynamic mode). The entries after a recent snapshot are few;
 * the snapshot's chunks, the bulk of the transfer, come from every peer. Group thread only.
 */
final class EntryFetch<C> {
    private final int batchSize;
    private final Duration timeout;
    /** The batch answered by the leader, waiting for its turn. */
    private EntriesResponse fetched;

    EntryFetch(int batchSize, Duration timeout) {
        this.batchSize = batchSize;
        this.timeout = timeout;
    }

    /** A peer answered: keep its batch if it answers the request in flight to it. */
    void accept(PeerId from, EntriesResponse r, SessionPeers peers) {
        Optional<SessionPeers.Fetch> fetch = peers.fetchOf(from);
        if (fetch.isEmpty() || !(fetch.get() instanceof RangeFetch f) || !f.range().start().equals(r.range().start())) {
            return; // late (its request timed out), duplicated or unsolicited
        }
        peers.done(from);
        if (r.isNone() || r.range().end().isAfter(f.range().end())) {
            peers.statusWrong(from); // it no longer serves that range: ask it again what it has
            return;
        }
        fetched = r;
    }

    /** Forgets the fetched batch (the log was reset). */
    void clear() {
        fetched = null;
    }

    /**
     * Appends the fetched batch if it starts right after the log's end.
     *
     * @return false if it does not continue the log: the leader's log and ours differ before the log's
     *     end, which the runtime's log matching must repair
     */
    boolean drain(SyncSessionContext<C, SnapshotSync.Message> ctx, Cursor target, Optional<PeerId> baseLeader) {
        EntriesResponse batch = fetched;
        fetched = null;
        if (batch == null || !batch.range().start().equals(ctx.log().last().index().next())) {
            return true; // none, or overtaken by a snapshot install
        }
        Optional<List<LogEntry<LogPayload<C>>>> entries =
                EntryCheck.entries(batch, ctx.log(), ctx.payloadCodec(), target, baseLeader);
        if (entries.isEmpty()) {
            return false;
        }
        for (LogEntry<LogPayload<C>> e : entries.get()) {
            ctx.log().append(e.command(), e.term());
        }
        return true;
    }

    /** True when the leader's last status serves the entry after the log's end. */
    boolean leaderServesNext(SyncSessionContext<C, SnapshotSync.Message> ctx, SessionPeers peers) {
        return peers.servable(ctx.leader()).contains(ctx.log().last().index().next());
    }

    /** Asks the leader, if idle, for the next batch of at most {@code batchSize} entries up to {@code target}. */
    void schedule(SyncSessionContext<C, SnapshotSync.Message> ctx, SessionPeers peers, List<PeerId> idle,
                  Cursor target, Instant now) {
        PeerId leader = ctx.leader();
        Index next = ctx.log().last().index().next();
        IndexRange servable = peers.servable(leader);
        if (fetched != null || !idle.contains(leader) || next.isAfter(target.index()) || !servable.contains(next)) {
            return;
        }
        long room = Math.min(target.index().value(), servable.end().value()) - next.value();
        IndexRange range = new IndexRange(next, next.plus(Math.min(room, batchSize - 1L)));
        ctx.send(leader, new EntriesRequest(range));
        peers.start(leader, new RangeFetch(range, CatchUpPeers.after(now, timeout)));
    }

    /** True while a batch is in flight. */
    boolean busy(SessionPeers peers) {
        return peers.fetches().stream().anyMatch(f -> f instanceof RangeFetch);
    }
}
