package dev.groups.snapshot.internal;

import dev.groups.id.PeerId;
import dev.groups.log.IndexRange;
import dev.groups.snapshot.internal.SnapshotMessages.SnapshotInfo;
import dev.groups.snapshot.internal.SnapshotMessages.StatusResponse;
import dev.groups.sync.replay.CatchUpPeers;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What a session knows of each bonded peer ({@link CatchUpPeers}), with a peer's status being the
 * snapshots it keeps and the entries it serves, and with the one request in flight to it a chunk or a
 * range of entries. Group thread only.
 */
final class SessionPeers extends CatchUpPeers<StatusResponse, SessionPeers.Fetch> {
    /** One request in flight to a peer. */
    sealed interface Fetch extends CatchUpPeers.Fetch permits ChunkFetch, RangeFetch {}

    record ChunkFetch(SnapshotInfo snapshot, int chunk, Instant deadline) implements Fetch {}

    record RangeFetch(IndexRange range, Instant deadline) implements Fetch {}

    /**
     * Peers to ask for their status now: new ones, ones whose answer proved wrong, and, every
     * {@code interval}, idle ones (they commit, snapshot and prune as time passes).
     */
    List<PeerId> dueForStatus(Instant now, Duration interval) {
        return dueForStatus(now, interval, status -> false);
    }

    /** The entries {@code peer} last said it serves (empty when unknown). */
    IndexRange servable(PeerId peer) {
        return statusOf(peer).map(StatusResponse::servable).orElse(IndexRange.of(1, 0));
    }

    /** True when {@code peer}'s last status offers {@code snapshot}. */
    boolean offers(PeerId peer, SnapshotInfo snapshot) {
        return statusOf(peer).filter(s -> s.snapshots().contains(snapshot)).isPresent();
    }

    /** The snapshots {@code peer} last said it keeps (none when unknown). */
    List<SnapshotInfo> offeredBy(PeerId peer) {
        return statusOf(peer).map(StatusResponse::snapshots).orElse(List.of());
    }

    /** True when some peer's last status offers {@code snapshot}. */
    boolean anyOffers(SnapshotInfo snapshot) {
        return anyStatus(s -> s.snapshots().contains(snapshot));
    }
}
