package dev.groups.sync.replay;

import dev.groups.id.PeerId;
import dev.groups.sync.SyncContext;
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
import java.util.function.Predicate;

/**
 * What a catch-up session knows of each bonded peer: the status it last reported (what it serves), the
 * one fetch the session may have in flight to it, and when to ask for its status again. It decides
 * nothing and sends nothing: the session asks it which peers are {@linkplain #dueForStatus due} and
 * {@linkplain #idle idle}, sends the requests itself, and reports what happened ({@link #status},
 * {@link #start}, {@link #done}, {@link #statusWrong}).
 *
 * <p>The rules it keeps, which are what keeps a session live whatever peers answer: a peer that leaves
 * the bonds is forgotten with its fetch; a fetch past its deadline frees the peer and makes the session
 * ask it again what it has; a peer whose status proved wrong is asked again at once; a peer whose
 * status is unknown or not enough is asked again every interval, not only once; an
 * {@linkplain #exclude excluded} peer is not used again. {@link #idle} puts the leader last, to spread
 * the load away from it.
 *
 * <p><b>Threading and ownership.</b> Not thread-safe: one session creates it, owns it and uses it on its
 * group's thread only. It reads no clock (times are the session's {@link SyncContext#now()}) and never
 * blocks. It keeps statuses and fetches as given (they should be immutable values); lists it returns
 * are fresh copies, the caller's to keep or change.
 *
 * <p>Not final, so that a sync can add queries over its own statuses (built on {@link #statusOf} and
 * {@link #anyStatus}); no method here calls another overridable one.
 *
 * @param <S> what a peer reports it serves (an index range, or a richer status)
 * @param <F> a request in flight to a peer
 */
public class CatchUpPeers<S, F extends CatchUpPeers.Fetch> {
    /** A request in flight to a peer: the session's own record of what it asked, with a deadline. */
    public interface Fetch {
        /** When the request times out: at or after it, {@link #expire} frees the peer. */
        Instant deadline();
    }

    private static final class Peer<S, F> {
        S status;
        F fetch;
        /** Earliest time to ask this peer's status (again); {@code Instant.MIN} means now. */
        Instant nextAsk = Instant.MIN;

        void forget() {
            status = null;
            nextAsk = Instant.MIN;
        }
    }

    private final Map<PeerId, Peer<S, F>> peers = new TreeMap<>();
    private final Set<PeerId> excluded = new HashSet<>();

    /** Follows the bonds: new peers will be asked at once, departed ones are forgotten with their fetch. */
    public void track(SortedSet<PeerId> bonds, PeerId self) {
        peers.keySet().retainAll(bonds);
        for (PeerId peer : bonds) {
            if (!peer.equals(self) && !excluded.contains(peer)) {
                peers.computeIfAbsent(peer, p -> new Peer<>());
            }
        }
    }

    /** Fetches past their deadline: the peer is freed, its status forgotten and asked for again. */
    public void expire(Instant now) {
        for (Peer<S, F> peer : peers.values()) {
            if (peer.fetch != null && !now.isBefore(peer.fetch.deadline())) {
                peer.fetch = null;
                peer.forget();
            }
        }
    }

    /**
     * Peers to ask for their status now, each then not again before {@code now + interval}: those with
     * nothing in flight whose status is unknown (new ones, ones whose answer was wrong or missing) or
     * not {@code enough} (they commit, and may serve more, as time passes).
     *
     * @param enough true for a status that need not be asked again (never true: ask every interval)
     */
    public List<PeerId> dueForStatus(Instant now, Duration interval, Predicate<? super S> enough) {
        List<PeerId> due = new ArrayList<>();
        for (Map.Entry<PeerId, Peer<S, F>> e : peers.entrySet()) {
            Peer<S, F> peer = e.getValue();
            boolean ask = peer.status == null || !enough.test(peer.status);
            if (peer.fetch == null && ask && !now.isBefore(peer.nextAsk)) {
                peer.nextAsk = after(now, interval);
                due.add(e.getKey());
            }
        }
        return due;
    }

    /** A peer's answer to a status request; ignored if the peer is not tracked. */
    public void status(PeerId from, S status) {
        Peer<S, F> peer = peers.get(from);
        if (peer != null) {
            peer.status = status;
        }
    }

    /** What {@code peer} last said it serves; empty when unknown or not tracked. */
    public Optional<S> statusOf(PeerId peer) {
        Peer<S, F> p = peers.get(peer);
        return p == null ? Optional.empty() : Optional.ofNullable(p.status);
    }

    /** True when {@code peer}'s status is known. */
    public boolean hasStatus(PeerId peer) {
        Peer<S, F> p = peers.get(peer);
        return p != null && p.status != null;
    }

    /** True when every tracked peer's status is known. */
    public boolean allAnswered() {
        return peers.values().stream().allMatch(p -> p.status != null);
    }

    /** True when some peer's known status passes {@code test}. */
    public boolean anyStatus(Predicate<? super S> test) {
        return peers.values().stream().anyMatch(p -> p.status != null && test.test(p.status));
    }

    /** Peers with a known status and nothing in flight: non-leaders first (in id order), the leader last. */
    public List<PeerId> idle(PeerId leader) {
        List<PeerId> idle = new ArrayList<>();
        boolean leaderIdle = false;
        for (Map.Entry<PeerId, Peer<S, F>> e : peers.entrySet()) {
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

    /**
     * Records the request just sent to {@code peer}, which must be tracked (one of {@link #idle}).
     *
     * @throws NullPointerException if {@code peer} is not tracked
     */
    public void start(PeerId peer, F fetch) {
        peers.get(peer).fetch = fetch;
    }

    /** The request in flight to {@code peer}, if any. */
    public Optional<F> fetchOf(PeerId peer) {
        Peer<S, F> p = peers.get(peer);
        return p == null ? Optional.empty() : Optional.ofNullable(p.fetch);
    }

    /** Every request in flight. */
    public List<F> fetches() {
        List<F> all = new ArrayList<>();
        for (Peer<S, F> p : peers.values()) {
            if (p.fetch != null) {
                all.add(p.fetch);
            }
        }
        return all;
    }

    /** The request to {@code peer} was answered; the peer is idle again. */
    public void done(PeerId peer) {
        Peer<S, F> p = peers.get(peer);
        if (p != null) {
            p.fetch = null;
        }
    }

    /** The peer's status proved wrong (it no longer had what it offered): ask again before using it. */
    public void statusWrong(PeerId peer) {
        Peer<S, F> p = peers.get(peer);
        if (p != null) {
            p.forget();
        }
    }

    /** Stops using the peer for the rest of the session (its entries do not continue our log). */
    public void exclude(PeerId peer) {
        excluded.add(peer);
        peers.remove(peer);
    }

    /** {@code now + d}, saturating: a huge timeout must not make the group thread throw. */
    public static Instant after(Instant now, Duration d) {
        try {
            return now.plus(d);
        } catch (DateTimeException | ArithmeticException e) {
            return Instant.MAX;
        }
    }
}
