package dev.groups.raft;

import dev.groups.id.PeerId;
import dev.groups.transport.Endpoint;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A node's manners towards peers it has not admitted (README, "Security"): it refuses Hellos from
 * addresses and identities that recently failed bond proofs, and it dials addresses read in the
 * catalog only within a per-address and a global budget, backing off from addresses that do not
 * answer and leaving alone, for {@link AdmissionLimits#failedHandshakeBlock()}, an address whose peer
 * could not prove the group key. The catalog is written by anyone, so without this a few forged
 * entries would turn every member into a source of handshakes aimed at a victim of the forger's
 * choosing.
 *
 * <p>Every table is bounded (least recently used entries are forgotten first). Thread-safe: called
 * from transport threads, group threads and the network's timer.
 */
final class Admission {
    private final AdmissionLimits limits;
    private final LongSupplier millis;
    private final Bounded<Object, Failures> failures;
    private final Bounded<Endpoint, DialState> dials;
    private final Bucket global;
    /** Peers with at least one open bond here, and how many: they proved a group key and their identity. */
    private final Map<PeerId, Integer> bonded = new ConcurrentHashMap<>();

    Admission(AdmissionLimits limits, LongSupplier millis) {
        this.limits = limits;
        this.millis = millis;
        this.failures = new Bounded<>(limits.failedProofTableSize());
        this.dials = new Bounded<>(limits.failedProofTableSize());
        this.global = new Bucket(limits.dialBurstGlobal(), millis.getAsLong());
    }

    AdmissionLimits limits() {
        return limits;
    }

    // ------------------------------------------------------------------------------- failed proofs

    private static final class Failures {
        int count;
        long windowStart;
        long limitedUntil;
    }

    /** A peer sent a wrong proof from {@code from}: counts against both its identity and its address. */
    synchronized void proofFailed(PeerId peer, Endpoint from) {
        long now = millis.getAsLong();
        long penalty = limits.failedProofPenalty().toMillis();
        for (Object key : keys(peer, from)) {
            Failures f = failures.computeIfAbsent(key, k -> new Failures());
            if (now - f.windowStart > penalty) {
                f.count = 0;
                f.windowStart = now;
            }
            if (++f.count >= limits.failedProofsAllowed()) {
                f.limitedUntil = now + penalty;
            }
        }
    }

    /** True if this peer, or its address, used up its failed proofs: its Hello is refused. */
    synchronized boolean isLimited(PeerId peer, Endpoint from) {
        long now = millis.getAsLong();
        for (Object key : keys(peer, from)) {
            Failures f = failures.get(key);
            if (f != null && now < f.limitedUntil) {
                return true;
            }
        }
        return false;
    }

    private static Object[] keys(PeerId peer, Endpoint from) {
        return from == null ? new Object[] {peer} : new Object[] {peer, from};
    }

    // ------------------------------------------------------------------------------- dialing

    private final class DialState {
        final Bucket bucket;
        long backoff;
        long notBefore;

        DialState(long now) {
            bucket = new Bucket(limits.dialBurstPerAddress(), now);
        }
    }

    /** A token bucket: {@code capacity} back to back, then one per refill period. */
    private static final class Bucket {
        private final int capacity;
        private double tokens;
        private long at;

        Bucket(int capacity, long now) {
            this.capacity = capacity;
            this.tokens = capacity;
            this.at = now;
        }

        boolean has(long now, long refillMillis) {
            tokens = Math.min(capacity, tokens + (double) (now - at) / refillMillis);
            at = now;
            return tokens >= 1;
        }

        void take() {
            tokens -= 1;
        }
    }

    /**
     * May we dial {@code peer} at {@code address}, an address read in the catalog? Takes a token from
     * the address's budget and the global one when it says yes. A peer already bonded here is exempt:
     * it proved its identity and a group key, and more groups over the same connection cost no new
     * handshake.
     */
    synchronized boolean mayDial(PeerId peer, Endpoint address) {
        if (bonded.containsKey(peer)) {
            return true;
        }
        long now = millis.getAsLong();
        DialState d = dials.computeIfAbsent(address, a -> new DialState(now));
        if (now < d.notBefore) {
            return false;
        }
        if (!d.bucket.has(now, limits.dialRefillPerAddress().toMillis())
                || !global.has(now, limits.dialRefillGlobal().toMillis())) {
            return false;
        }
        d.bucket.take();
        global.take();
        return true;
    }

    /** A dial to {@code address} got no bond (unreachable, wrong identity, refused): back off, doubling. */
    synchronized void dialFailed(Endpoint address) {
        long now = millis.getAsLong();
        DialState d = dials.computeIfAbsent(address, a -> new DialState(now));
        d.backoff = Math.min(limits.dialBackoffMax().toMillis(), Math.max(1_000, d.backoff * 2));
        d.notBefore = Math.max(d.notBefore, now + d.backoff);
    }

    /**
     * The peer at {@code address} answered as the identity we dialed but could not prove the group
     * key, or went silent once it had our proof: a non-member holding the address. Our proof cost it
     * nothing to collect, so it gets no more of them for a long while.
     */
    synchronized void handshakeFailed(Endpoint address) {
        long now = millis.getAsLong();
        DialState d = dials.computeIfAbsent(address, a -> new DialState(now));
        d.notBefore = now + limits.failedHandshakeBlock().toMillis();
    }

    /** A bond opened: the peer is proven, and the address it was dialed at works. */
    void bondOpened(PeerId peer, Endpoint dialed) {
        bonded.merge(peer, 1, Integer::sum);
        if (dialed != null) {
            synchronized (this) {
                DialState d = dials.get(dialed);
                if (d != null) {
                    d.backoff = 0;
                    d.notBefore = 0;
                }
            }
        }
    }

    void bondClosed(PeerId peer) {
        bonded.computeIfPresent(peer, (p, n) -> n <= 1 ? null : n - 1);
    }

    /** A map that forgets its least recently used entries beyond {@code max}. */
    private static final class Bounded<K, V> extends LinkedHashMap<K, V> {
        private final int max;

        Bounded(int max) {
            super(16, 0.75f, true);
            this.max = max;
        }

        @Override
        protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
            return size() > max;
        }
    }
}
