package dev.groups.snapshot.internal;

import dev.groups.id.PeerId;
import dev.groups.snapshot.SnapshotStore;
import dev.groups.snapshot.SnapshotSync;
import dev.groups.snapshot.internal.SessionPeers.ChunkFetch;
import dev.groups.snapshot.internal.SnapshotMessages.ChunkRequest;
import dev.groups.snapshot.internal.SnapshotMessages.SnapshotInfo;
import dev.groups.sync.replay.CatchUpPeers;
import java.time.Duration;
import java.time.Instant;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The download of one snapshot into a store draft: its chunks are fetched from every peer that offers
 * the same snapshot (same anchor, size and digest), one request in flight per peer, the leader last; a
 * chunk whose request timed out or whose peer left goes to another. Each chunk is written at its place
 * in the draft as it arrives (memory holds a bit per chunk, never the snapshot), and the whole is checked
 * against the digest before anyone uses it.
 *
 * <p>A download outlives the session that started it ({@link LocalSnapshots} keeps it): when a bond
 * breaks and the leader's next catch-up starts a new session, the new session continues with the chunks
 * already written if it chooses the same snapshot. Group thread only.
 */
final class ChunkDownload {
    private final SnapshotInfo snapshot;
    private final int chunkSize;
    private final int count;
    private final SnapshotStore.Draft draft;
    private final BitSet received = new BitSet();
    private final long startNanos = System.nanoTime();

    ChunkDownload(SnapshotInfo snapshot, int chunkSize, SnapshotStore.Draft draft) {
        if (!snapshot.fits(chunkSize)) {
            throw new IllegalArgumentException(snapshot + " needs more than " + SnapshotMessages.MAX_CHUNKS + " chunks");
        }
        this.snapshot = snapshot;
        this.chunkSize = chunkSize;
        this.count = snapshot.chunkCount(chunkSize);
        this.draft = draft;
    }

    SnapshotInfo snapshot() {
        return snapshot;
    }

    SnapshotStore.Draft draft() {
        return draft;
    }

    /** When the download started (for the install's duration). */
    long startNanos() {
        return startNanos;
    }

    /** Chunks written so far. */
    int received() {
        return received.cardinality();
    }

    int count() {
        return count;
    }

    /** Writes a chunk answered by a peer into the draft (the codec checked its length; checked again). */
    void accept(int chunk, byte[] data) {
        if (chunk >= 0 && chunk < count && data.length == snapshot.chunkLength(chunk, chunkSize) && !received.get(chunk)) {
            draft.write((long) chunk * chunkSize, data, 0, data.length);
            received.set(chunk);
        }
    }

    boolean complete() {
        return received.cardinality() == count;
    }

    /** True while some peer offers this snapshot (busy or not) or is fetching a chunk of it. */
    boolean hasSource(SessionPeers peers) {
        return peers.anyOffers(snapshot)
                || peers.fetches().stream().anyMatch(f -> f instanceof ChunkFetch c && c.snapshot().equals(snapshot));
    }

    /** Gives each idle peer that offers this snapshot the lowest chunk neither received nor in flight. */
    void schedule(SessionPeers peers, List<PeerId> idle, Instant now, Duration timeout,
                  BiConsumer<PeerId, SnapshotSync.Message> send) {
        Set<Integer> inFlight = new HashSet<>();
        for (SessionPeers.Fetch f : peers.fetches()) {
            if (f instanceof ChunkFetch c && c.snapshot().equals(snapshot)) {
                inFlight.add(c.chunk());
            }
        }
        int next = 0;
        for (PeerId peer : idle) {
            if (!peers.offers(peer, snapshot)) {
                continue;
            }
            while (next < count && (received.get(next) || inFlight.contains(next))) {
                next++;
            }
            if (next >= count) {
                return;
            }
            send.accept(peer, new ChunkRequest(snapshot, next));
            peers.start(peer, new ChunkFetch(snapshot, next, CatchUpPeers.after(now, timeout)));
            inFlight.add(next);
        }
    }

    /** True if every chunk arrived and the draft hashes to the advertised digest (reads the draft once). */
    boolean verify() {
        if (!complete() || draft.size() != snapshot.size()) {
            return false;
        }
        Hashing.Sized h = Hashing.sha256(draft.read());
        return h.size() == snapshot.size() && h.digest().equals(snapshot.digest());
    }
}
