package dev.groups.raft;

import dev.groups.consensus.ConsensusConfig;
import dev.groups.id.PeerId;
import dev.groups.raft.bond.BondFrame;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Heartbeats per peer pair, not per group (CockroachDB's coalesced heartbeats): whether a peer is
 * alive is a property of the node, so one frame proves it for every group the two nodes share. Any
 * frame that arrives from a peer, on any of its bonds, counts as hearing from it; when this node sent
 * nothing at all to a peer for a ping period, one {@link BondFrame.Ping} goes out on one of its bonds
 * (chosen arbitrarily). A group with nothing to say therefore sends nothing, and 1,000 idle groups
 * between two nodes cost two pings per heartbeat interval instead of 2,000.
 *
 * <p>A sweep on the node's timer thread, every half of the shortest ping period among the groups
 * joined, sends the pings and, when a peer has been silent for longer than some group's election
 * timeout or bond timeout, tells each group bonded with it ({@link GroupRuntime#peerSilent}); the
 * group decides with its own configuration (a quiescent follower wakes and stands for election; a
 * bond silent for {@code maxMissedHeartbeats} intervals is closed with {@code TIMEOUT}, as before).
 *
 * <p>One QUIC connection carries every group's stream between two nodes, so a live connection means
 * live streams: a stream that ends is reported by its own close. Thread-safe.
 */
final class PeerLiveness {
    private static final byte[] PING = dev.groups.raft.bond.BondFrameCodec.encode(new BondFrame.Ping());

    private final ConcurrentHashMap<PeerId, Peer> peers = new ConcurrentHashMap<>();
    private final ScheduledThreadPoolExecutor timer;
    private final LongSupplier clock;
    /** The shortest ping period of any group joined (ms). */
    private long pingEvery = Long.MAX_VALUE;
    /** The shortest silence after which some group wants to know (ms). */
    private volatile long alarmAfter = Long.MAX_VALUE;
    private long sweepEvery = Long.MAX_VALUE;
    private java.util.concurrent.ScheduledFuture<?> sweep;

    /** What this node knows of one peer it has open bonds with. */
    static final class Peer {
        /** Node milliseconds ({@link Network#nowMillis}) of the last frame from the peer, on any bond. */
        volatile long lastHeard;
        /** Node milliseconds of the last frame to the peer, on any bond. */
        volatile long lastSent;
        final Set<BondLink> open = ConcurrentHashMap.newKeySet();

        Peer(long now) {
            this.lastHeard = now;
            this.lastSent = now;
        }
    }

    PeerLiveness(ScheduledThreadPoolExecutor timer, LongSupplier clock) {
        this.timer = timer;
        this.clock = clock;
    }

    /** A group with this configuration joined: the sweep runs often enough for it. */
    synchronized void register(ConsensusConfig config) {
        long interval = config.heartbeatInterval().toMillis();
        long ping = Math.max(1, interval - config.heartbeatJitter().toMillis());
        long suspect = Math.min(config.electionTimeout().toMillis(), deadAfter(config));
        pingEvery = Math.min(pingEvery, ping);
        alarmAfter = Math.min(alarmAfter, suspect);
        long every = Math.max(1, ping / 2);
        if (every < sweepEvery) {
            sweepEvery = every;
            if (sweep != null) {
                sweep.cancel(false);
            }
            try {
                sweep = timer.scheduleWithFixedDelay(this::sweep, every, every, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                // the node closed
            }
        }
    }

    /** After how long without a frame a group closes a bond (spec §3.7.1: missed heartbeats plus jitter). */
    static long deadAfter(ConsensusConfig config) {
        return config.maxMissedHeartbeats() * config.heartbeatInterval().toMillis() + config.heartbeatJitter().toMillis();
    }

    /** A bond opened (its handshake just proved the peer alive). Returns the peer's record. */
    Peer opened(BondLink bond) {
        long now = clock.getAsLong();
        return peers.compute(bond.peer, (k, p) -> {
            if (p == null) {
                p = new Peer(now);
            }
            p.lastHeard = now;
            p.open.add(bond);
            return p;
        });
    }

    /** A bond ended; the peer is forgotten with its last bond. */
    void closed(BondLink bond) {
        peers.computeIfPresent(bond.peer, (k, p) -> {
            p.open.remove(bond);
            return p.open.isEmpty() ? null : p;
        });
    }

    /** Sends {@code frame} (encoded bond frame bytes) once to every peer with an open bond, on any one of them. */
    void sendToEveryPeer(byte[] frame) {
        for (Peer p : peers.values()) {
            send(p, frame);
        }
    }

    /** Sends {@code frame} on one of the peer's open bonds, from that bond's group; another one if that closed meanwhile. */
    private void send(Peer p, byte[] frame) {
        Iterator<BondLink> it = p.open.iterator();
        if (!it.hasNext()) {
            return;
        }
        BondLink b = it.next();
        b.group.execute(() -> {
            if (!b.sendIfOpen(frame) && peers.get(b.peer) == p) {
                send(p, frame);
            }
        });
    }

    /** Node milliseconds of the last frame from {@code peer} on any bond; {@code Long.MIN_VALUE / 2} if none is open. */
    long lastHeard(PeerId peer) {
        Peer p = peers.get(peer);
        return p == null ? Long.MIN_VALUE / 2 : p.lastHeard;
    }

    private void sweep() {
        long now = clock.getAsLong();
        long alarm = alarmAfter;
        for (Peer p : peers.values()) {
            if (now - p.lastSent >= pingEvery) {
                p.lastSent = now;
                send(p, PING);
            }
            if (now - p.lastHeard > alarm) {
                // Silent for long enough to matter to some group: each decides with its own timeouts.
                // Repeats every sweep until the peer speaks or every bond with it is closed.
                for (BondLink b : p.open) {
                    b.group.execute(() -> b.group.peerSilent(b));
                }
            }
        }
    }
}
