package dev.groups.sync;

import dev.groups.id.PeerId;
import dev.groups.log.Cursor;
import dev.groups.log.Index;
import dev.groups.log.IndexRange;
import dev.groups.log.LogEntry;
import dev.groups.log.LogPayload;
import dev.groups.sync.ReplayMessages.AvailabilityRequest;
import dev.groups.sync.ReplayMessages.AvailabilityResponse;
import dev.groups.sync.ReplayMessages.FetchEntriesRequest;
import dev.groups.sync.ReplayMessages.FetchEntriesResponse;
import dev.groups.sync.replay.CatchUpPeers;
import dev.groups.sync.replay.CatchUpTarget;
import dev.groups.sync.replay.EntryCheck;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One log-replay catch-up (spec §5.2 with the stalls of §10 item 6 fixed): asks peers what they
 * have, fetches the gap {@code last+1 ..= target} in chunks from several peers at once, and appends
 * the chunks in order once each is checked to continue the log. Never applies anything.
 */
final class ReplaySession<C> implements StateSyncSession<C, LogReplaySync.Message> {
    /** Chunks are fetched at most this many batches per peer ahead of the log's end, bounding memory. */
    private static final int BATCHES_AHEAD_PER_PEER = 2;
    private static final int MIN_BATCHES_AHEAD = 4;
    private static final Duration MIN_REASK_INTERVAL = Duration.ofMillis(1);

    /** The one fetch a peer may have in flight. */
    private record Fetch(IndexRange range, Instant deadline) implements CatchUpPeers.Fetch {}

    /** A fetched chunk waiting for its turn. */
    private record Chunk(PeerId from, FetchEntriesResponse response) {
        long end() {
            return response.range().end().value();
        }
    }

    private final int batchSize;
    private final Duration fetchTimeout;
    private final Duration reaskInterval;
    private final CatchUpTarget<C> target;
    /** Each peer's status is the entries it serves (its availability). */
    private final CatchUpPeers<IndexRange, Fetch> peers = new CatchUpPeers<>();
    private final TreeMap<Long, Chunk> fetched = new TreeMap<>();
    /** The leader's own entries did not continue the log: no peer can finish this session. */
    private boolean leaderDisagrees;

    ReplaySession(int batchSize, Duration fetchTimeout, CatchUpTarget<C> target) {
        this.batchSize = batchSize;
        this.fetchTimeout = fetchTimeout;
        Duration fifth = fetchTimeout.dividedBy(5);
        this.reaskInterval = fifth.compareTo(MIN_REASK_INTERVAL) < 0 ? MIN_REASK_INTERVAL : fifth;
        this.target = target;
    }

    @Override
    public void onMessage(PeerId from, LogReplaySync.Message message, SyncSessionContext<C, LogReplaySync.Message> ctx) {
        if (message instanceof AvailabilityResponse a) {
            peers.status(from, a.range());
        } else if (message instanceof FetchEntriesResponse r) {
            accept(from, r);
        }
    }

    private void accept(PeerId from, FetchEntriesResponse r) {
        Optional<Fetch> fetch = peers.fetchOf(from);
        if (fetch.isEmpty() || !fetch.get().range().start().equals(r.range().start())) {
            return; // late (its fetch timed out), duplicated or unsolicited
        }
        peers.done(from);
        if (r.isNone() || r.range().end().isAfter(fetch.get().range().end())) {
            // The stall of the original was storing "none" at index 0; here it only means the peer's
            // availability was wrong: ask it again and give the range to whoever has it.
            peers.statusWrong(from);
            return;
        }
        fetched.putIfAbsent(r.range().start().value(), new Chunk(from, r));
    }

    @Override
    public void buffer(Cursor position, List<LogEntry<LogPayload<C>>> entries,
                       SyncSessionContext<C, LogReplaySync.Message> ctx) {
        target.add(position, entries);
    }

    @Override
    public Optional<Cursor> poll(SyncSessionContext<C, LogReplaySync.Message> ctx) {
        Instant now = ctx.now();
        peers.track(ctx.bonds(), ctx.localId());
        peers.expire(now);
        drain(ctx);
        if (leaderDisagrees) {
            // Our log and the leader's differ before the gap; the runtime's log matching repairs that.
            return Optional.of(ctx.log().last());
        }
        if (!ctx.log().last().index().isBefore(target.position().index())) {
            target.appendBuffered(ctx.log());
            return Optional.of(ctx.log().last());
        }
        // Peers whose availability falls short of the target are asked again every interval: they commit more
        // as time passes (asking once only was a stall of the original).
        Index end = target.position().index();
        for (PeerId peer : peers.dueForStatus(now, reaskInterval, available -> !available.end().isBefore(end))) {
            ctx.send(peer, new AvailabilityRequest());
        }
        schedule(ctx, now);
        return Optional.empty();
    }

    /** Appends fetched chunks while one starts right after the log's end. */
    private void drain(SyncSessionContext<C, LogReplaySync.Message> ctx) {
        while (true) {
            long next = ctx.log().last().index().value() + 1;
            fetched.headMap(next).clear(); // overtaken by another chunk; nothing left to use
            Chunk chunk = fetched.remove(next);
            if (chunk == null) {
                return;
            }
            Optional<List<LogEntry<LogPayload<C>>>> entries =
                    EntryCheck.entries(chunk.response(), ctx.log(), ctx.payloadCodec(), target.position(),
                            Optional.empty()); // no snapshot: the log itself knows its term leaders
            if (entries.isEmpty()) {
                reject(chunk.from(), ctx.leader());
                continue;
            }
            for (LogEntry<LogPayload<C>> e : entries.get()) {
                ctx.log().append(e.command(), e.term());
            }
        }
    }

    /** The peer's history is not ours: stop using it, and drop what else it sent. */
    private void reject(PeerId peer, PeerId leader) {
        peers.exclude(peer);
        fetched.values().removeIf(c -> c.from().equals(peer));
        if (peer.equals(leader)) {
            leaderDisagrees = true;
        }
    }

    /**
     * Greedy contiguous chunks of at most {@code batchSize} from the log's end, one per idle peer that
     * covers the next unassigned index (non-leaders first, spreading load away from the leader).
     */
    private void schedule(SyncSessionContext<C, LogReplaySync.Message> ctx, Instant now) {
        long next = ctx.log().last().index().value() + 1;
        long end = target.position().index().value();
        List<PeerId> idle = peers.idle(ctx.leader());
        TreeMap<Long, Long> taken = taken();
        long ahead = (long) batchSize * Math.max(MIN_BATCHES_AHEAD, BATCHES_AHEAD_PER_PEER * (idle.size() + taken.size()));
        long windowEnd = end - next < ahead ? end : next + ahead - 1;
        long cursor = next;
        while (cursor <= windowEnd && !idle.isEmpty()) {
            Map.Entry<Long, Long> before = taken.floorEntry(cursor);
            if (before != null && before.getValue() >= cursor) {
                cursor = before.getValue() + 1;
                continue;
            }
            PeerId peer = covering(idle, cursor);
            if (peer == null) {
                // Nobody idle has this index; a peer whose log starts later can still fetch ahead.
                long later = nextStart(idle, cursor);
                if (later < 0) {
                    return;
                }
                cursor = later;
                continue;
            }
            long last = Math.min(end, availabilityOf(peer).end().value());
            last = last - cursor < batchSize ? last : cursor + batchSize - 1;
            Long nextTaken = taken.higherKey(cursor);
            if (nextTaken != null) {
                last = Math.min(last, nextTaken - 1);
            }
            IndexRange range = IndexRange.of(cursor, last);
            ctx.send(peer, new FetchEntriesRequest(range));
            peers.start(peer, new Fetch(range, CatchUpPeers.after(now, fetchTimeout)));
            idle.remove(peer);
            taken.put(cursor, last);
            cursor = last + 1;
        }
    }

    /** Ranges fetched or in flight, by start. */
    private TreeMap<Long, Long> taken() {
        TreeMap<Long, Long> taken = new TreeMap<>();
        for (Chunk c : fetched.values()) {
            taken.put(c.response().range().start().value(), c.end());
        }
        for (Fetch f : peers.fetches()) {
            taken.put(f.range().start().value(), f.range().end().value());
        }
        return taken;
    }

    private PeerId covering(List<PeerId> idle, long index) {
        for (PeerId peer : idle) {
            IndexRange a = availabilityOf(peer);
            if (a.start().value() <= index && index <= a.end().value()) {
                return peer;
            }
        }
        return null;
    }

    /** The smallest first index after {@code index} that an idle peer serves, or -1. */
    private long nextStart(List<PeerId> idle, long index) {
        long best = -1;
        for (PeerId peer : idle) {
            IndexRange a = availabilityOf(peer);
            long start = a.start().value();
            if (!a.isEmpty() && start > index && (best < 0 || start < best)) {
                best = start;
            }
        }
        return best;
    }

    /** What an idle peer serves (idle peers have a known availability). */
    private IndexRange availabilityOf(PeerId peer) {
        return peers.statusOf(peer).orElseThrow();
    }
}
