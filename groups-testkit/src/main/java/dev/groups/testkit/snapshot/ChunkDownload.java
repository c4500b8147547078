package dev.groups.testkit.snapshot;

import dev.groups.id.Digest;
import dev.groups.id.PeerId;
import dev.groups.testkit.snapshot.SessionPeers.ChunkFetch;
import dev.groups.testkit.snapshot.SnapshotMessages.ChunkRequest;
import dev.groups.testkit.snapshot.SnapshotMessages.SnapshotInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * The download of one snapshot: its chunks are fetched from every peer that offers the same snapshot
 * (same anchor, size and digest), one request in flight per peer, the leader last; a chunk whose
 * request timed out or whose peer left goes to another. The whole is checked against the digest
 * before anyone uses it. Group thread only.
 */
final class ChunkDownload {
    private final SnapshotInfo snapshot;
    private final int chunkSize;
    private final int count;
    private final TreeMap<Integer, byte[]> received = new TreeMap<>();

    ChunkDownload(SnapshotInfo snapshot, int chunkSize) {
        this.snapshot = snapshot;
        this.chunkSize = chunkSize;
        this.count = snapshot.chunkCount(chunkSize);
    }

    SnapshotInfo snapshot() {
        return snapshot;
    }

    /** Keeps a chunk answered by a peer (the codec checked its length). */
    void accept(int chunk, byte[] data) {
        if (chunk >= 0 && chunk < count && data.length == snapshot.chunkLength(chunk, chunkSize)) {
            received.putIfAbsent(chunk, data);
        }
    }

    boolean complete() {
        return received.size() == count;
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
            while (next < count && (received.containsKey(next) || inFlight.contains(next))) {
                next++;
            }
            if (next >= count) {
                return;
            }
            send.accept(peer, new ChunkRequest(snapshot, next));
            peers.start(peer, new ChunkFetch(snapshot, next, SessionPeers.after(now, timeout)));
            inFlight.add(next);
        }
    }

    /** The whole snapshot, if every chunk arrived and they hash to the advertised digest. */
    Optional<Snapshot> assemble() {
        if (!complete()) {
            return Optional.empty();
        }
        byte[] bytes = new byte[(int) snapshot.size()];
        int at = 0;
        for (byte[] chunk : received.values()) {
            System.arraycopy(chunk, 0, bytes, at, chunk.length);
            at += chunk.length;
        }
        if (!Digest.hash(bytes).equals(snapshot.digest())) {
            return Optional.empty();
        }
        return Optional.of(new Snapshot(snapshot, bytes));
    }
}
