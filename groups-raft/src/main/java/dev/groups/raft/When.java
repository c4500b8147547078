package dev.groups.raft;

import dev.groups.id.PeerId;
import dev.groups.log.Cursor;
import dev.groups.log.Index;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Reactive status of a group on this node (spec §1.9): its leader, whether it is online, its committed
 * index and its log position. Every future completes on the group's thread; chain heavy work with the
 * {@code *Async} stages. Futures of a group that stopped never complete.
 */
public final class When {
    private final PeerId local;
    final Watch<Optional<PeerId>> leader = new Watch<>(Optional.empty());
    final Watch<Boolean> online = new Watch<>(false);
    final Watch<Index> committed = new Watch<>(Index.ZERO);
    final Watch<Cursor> log = new Watch<>(Cursor.ZERO);

    When(PeerId local) {
        this.local = local;
    }

    /** The current leader as soon as there is one (at once if known). */
    public CompletableFuture<PeerId> leaderElected() {
        return leader.when(Optional::isPresent).thenApply(Optional::get);
    }

    /** A leader other than the one known now (none counts as "known": any leader then differs). */
    public CompletableFuture<PeerId> leaderChanged() {
        Optional<PeerId> before = leader.get();
        return leader.when(l -> l.isPresent() && !l.equals(before)).thenApply(Optional::get);
    }

    /** {@code peer} leads (at once if it does). */
    public CompletableFuture<PeerId> leaderIs(PeerId peer) {
        Objects.requireNonNull(peer, "peer");
        return leader.when(l -> l.equals(Optional.of(peer))).thenApply(Optional::get);
    }

    /** This node leads. */
    public CompletableFuture<PeerId> isLeader() {
        return leaderIs(local);
    }

    /** This node does not lead (no leader at all counts, as in the spec). */
    public CompletableFuture<Optional<PeerId>> isFollower() {
        return leader.when(l -> !l.equals(Optional.of(local)));
    }

    /** The group is online here: leading, or following a leader whose log matched ours. */
    public CompletableFuture<Boolean> online() {
        return online.when(b -> b);
    }

    public CompletableFuture<Boolean> offline() {
        return online.when(b -> !b);
    }

    /** The committed (applied) index. */
    public CursorWatcher<Index> committed() {
        return new CursorWatcher<>(committed, Index::value);
    }

    /** The last position of the local log, on every role. */
    public CursorWatcher<Cursor> log() {
        return new CursorWatcher<>(log, c -> c.index().value());
    }

    void close() {
        leader.close();
        online.close();
        committed.close();
        log.close();
    }
}
