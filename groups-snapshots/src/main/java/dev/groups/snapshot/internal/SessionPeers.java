package dev.groups.snapshot.internal;

import dev.groups.id.PeerId;
import dev.groups.log.IndexRange;
import dev.groups.snapshot.internal.SnapshotMessages.SnapshotInfo;
import dev.groups.snapshot.internal.SnapshotMessages.StatusResponse;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;

/**
 * What a session knows of each bonded peer: its last status (the snapshots it keeps, the entries it
 * serves), the one request it may have in flight, and when to ask its status again. Group thread only.
 */
final class SessionPeers {
    /** One request in flight to a peer. */
    sealed interface Fetch permits ChunkFetch, RangeFetch {
        Instant deadline();
    }

    record ChunkFetch(SnapshotInfo snapshot, int chunk, Instant deadline) implements Fetch {}

    record RangeFetch(IndexRange range, Instant deadline) implements Fetch {}

    private static final class Peer {
        StatusResponse status;
        Fetch fetch;
        /** Earliest time to ask this peer's status (again); {@code Instant.MIN} means now. */
        Instant nextAsk = Instant.MIN;
    }

    private final Map<PeerId, Peer> peers = new TreeMap<>();

    /** Follows the bonds: new peers will be asked at once, departed ones are forgotten with their fetch. */
    void track(SortedSet<PeerId> bonds, PeerId self) {
        peers.keySet().retainAll(bonds);
        for (PeerId peer : bonds) {
            if (!peer.equals(self)) {
                peers.computeIfAbsent(peer, p -> new Peer());
            }
        }
    }

    /** Requests past their deadline: the peer is freed and its status asked for again. */
    void expire(Instant now) {
        for (Peer peer : peers.values()) {
            if (peer.fetch != null && !now.isBefore(peer.fetch.deadline())) {
                peer.fetch = null;
                forget(peer);
            }
        }
    }

    /**
     * Peers to ask for their status now: new ones, ones whose answer proved wrong, and, every
     * {@code interval}, idle ones (they commit, snapshot and prune as time passes).
     */
    List<PeerId> dueForStatus(Instant now, Duration interval) {
        List<PeerId> due = new ArrayList<>();
        for (Map.Entry<PeerId, Peer> e : peers.entrySet()) {
            Peer peer = e.getValue();
            if (peer.fetch == null && !now.isBefore(peer.nextAsk)) {
                peer.nextAsk = after(now, interval);
                due.add(e.getKey());
            }
        }
        return due;
    }

    void status(PeerId from, StatusResponse status) {
        Peer peer = peers.get(from);
        if (peer != null) {
            peer.status = status;
        }
    }

    boolean hasStatus(PeerId peer) {
        Peer p = peers.get(peer);
        return p != null && p.status != null;
    }

    /** True when every tracked peer has answered at least once. */
    boolean allAnswered() {
        return peers.values().stream().allMatch(p -> p.status != null);
    }

    /** Peers with a known status and nothing in flight: non-leaders first (in id order), the leader last. */
    List<PeerId> idle(PeerId leader) {
        List<PeerId> idle = new ArrayList<>();
        boolean leaderIdle = false;
        for (Map.Entry<PeerId, Peer> e : peers.entrySet()) {
            if (e.getValue().fetch == null && e.getValue().status != null) {
                if (e.getKey().equals(leader)) {
                    leaderIdle = true;
                } else {
                    idle.add(e.getKey());
                }
            }
        }
        if (leaderIdle) {
            idle.add(leader);
        }
        return idle;
    }

    /** The entries {@code peer} last said it serves (empty when unknown). */
    IndexRange servable(PeerId peer) {
        Peer p = peers.get(peer);
        return p == null || p.status == null ? IndexRange.of(1, 0) : p.status.servable();
    }

    /** True when {@code peer}'s last status offers {@code snapshot}. */
    boolean offers(PeerId peer, SnapshotInfo snapshot) {
        Peer p = peers.get(peer);
        return p != null && p.status != null && p.status.snapshots().contains(snapshot);
    }

    /** The snapshots {@code peer} last said it keeps (none when unknown). */
    List<SnapshotInfo> offeredBy(PeerId peer) {
        Peer p = peers.get(peer);
        return p == null || p.status == null ? List.of() : p.status.snapshots();
    }

    /** True when some peer's last status offers {@code snapshot}. */
    boolean anyOffers(SnapshotInfo snapshot) {
        return peers.values().stream().anyMatch(p -> p.status != null && p.status.snapshots().contains(snapshot));
    }

    void start(PeerId peer, Fetch fetch) {
        peers.get(peer).fetch = fetch;
    }

    Optional<Fetch> fetchOf(PeerId peer) {
        Peer p = peers.get(peer);
        return p == null ? Optional.empty() : Optional.ofNullable(p.fetch);
    }

    /** Every request in flight. */
    List<Fetch> fetches() {
        List<Fetch> all = new ArrayList<>();
        for (Peer p : peers.values()) {
            if (p.fetch != null) {
                all.add(p.fetch);
            }
        }
        return all;
    }

    /** The request was answered; the peer is idle again. */
    void done(PeerId peer) {
        Peer p = peers.get(peer);
        if (p != null) {
            p.fetch = null;
        }
    }

    /** The peer's status proved wrong (it no longer had what it offered): ask again before using it. */
    void statusWrong(PeerId peer) {
        Peer p = peers.get(peer);
        if (p != null) {
            forget(p);
        }
    }

    /** {@code now + d}, saturating: a huge timeout must not make the group thread throw. */
    static Instant after(Instant now, Duration d) {
        try {
            return now.plus(d);
        } catch (DateTimeException | ArithmeticException e) {
            return Instant.MAX;
        }
    }

    private static void forget(Peer peer) {
        peer.status = null;
        peer.nextAsk = Instant.MIN;
    }
}
