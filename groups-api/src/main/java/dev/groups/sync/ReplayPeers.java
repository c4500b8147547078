package dev.groups.sync;

import dev.groups.id.PeerId;
import dev.groups.log.Index;
import dev.groups.log.IndexRange;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;

/**
 * What a session knows of each bonded peer: what it can serve, the one fetch it may have in flight,
 * and when to ask it again what it has. Peers that served a chunk not continuing the log are
 * excluded for the rest of the session.
 */
final class ReplayPeers {
    /** One fetch in flight. */
    record Fetch(IndexRange range, Instant deadline) {}

    private static final class Peer {
        IndexRange availability;
        Fetch fetch;
        /** Earliest time to ask this peer's availability (again); {@code Instant.MIN} means now. */
        Instant nextAsk = Instant.MIN;
    }

    private final Map<PeerId, Peer> peers = new TreeMap<>();
    private final Set<PeerId> excluded = new HashSet<>();

    /** Follows the bonds: new peers will be asked at once, departed ones are forgotten with their fetch. */
    void track(SortedSet<PeerId> bonds, PeerId self) {
        peers.keySet().retainAll(bonds);
        for (PeerId peer : bonds) {
            if (!peer.equals(self) && !excluded.contains(peer)) {
                peers.computeIfAbsent(peer, p -> new Peer());
            }
        }
    }

    /** Fetches past their deadline: the peer is freed, its availability forgotten and asked for again. */
    void expire(Instant now) {
        for (Peer peer : peers.values()) {
            if (peer.fetch != null && !now.isBefore(peer.fetch.deadline())) {
                peer.fetch = null;
                forget(peer);
            }
        }
    }

    /**
     * Peers to ask what they have now: new ones, ones whose answer was wrong or missing, and, every
     * {@code interval}, idle ones whose last answer did not reach {@code target} (they commit more as
     * time passes; asking once only was a stall of the original).
     */
    List<PeerId> dueForAvailability(Instant now, Index target, Duration interval) {
        List<PeerId> due = new ArrayList<>();
        for (Map.Entry<PeerId, Peer> e : peers.entrySet()) {
            Peer peer = e.getValue();
            boolean tooShort = peer.availability == null || peer.availability.end().isBefore(target);
            if (peer.fetch == null && tooShort && !now.isBefore(peer.nextAsk)) {
                peer.nextAsk = after(now, interval);
                due.add(e.getKey());
            }
        }
        return due;
    }

    void availability(PeerId from, IndexRange range) {
        Peer peer = peers.get(from);
        if (peer != null) {
            peer.availability = range;
        }
    }

    /** Peers with a known availability and nothing in flight: non-leaders first (in id order), the leader last. */
    List<PeerId> idle(PeerId leader) {
        List<PeerId> idle = new ArrayList<>();
        boolean leaderIdle = false;
        for (Map.Entry<PeerId, Peer> e : peers.entrySet()) {
            if (e.getValue().fetch == null && e.getValue().availability != null) {
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

    IndexRange availabilityOf(PeerId peer) {
        return peers.get(peer).availability;
    }

    void startFetch(PeerId peer, IndexRange range, Instant deadline) {
        peers.get(peer).fetch = new Fetch(range, deadline);
    }

    /** The fetch in flight to {@code peer}, if any. */
    Optional<Fetch> fetchOf(PeerId peer) {
        Peer p = peers.get(peer);
        return p == null ? Optional.empty() : Optional.ofNullable(p.fetch);
    }

    /** Every fetch in flight. */
    List<Fetch> fetches() {
        List<Fetch> all = new ArrayList<>();
        for (Peer p : peers.values()) {
            if (p.fetch != null) {
                all.add(p.fetch);
            }
        }
        return all;
    }

    /** The fetch was answered; the peer is idle again. */
    void fetchDone(PeerId peer) {
        Peer p = peers.get(peer);
        if (p != null) {
            p.fetch = null;
        }
    }

    /** The peer's availability was wrong (it had nothing to send): ask again before using it. */
    void availabilityWrong(PeerId peer) {
        Peer p = peers.get(peer);
        if (p != null) {
            forget(p);
        }
    }

    /** Stops using the peer for this session. */
    void exclude(PeerId peer) {
        excluded.add(peer);
        peers.remove(peer);
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
        peer.availability = null;
        peer.nextAsk = Instant.MIN;
    }
}
