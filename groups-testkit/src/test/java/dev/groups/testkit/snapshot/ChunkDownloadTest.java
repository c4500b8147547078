package dev.groups.testkit.snapshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.groups.id.Digest;
import dev.groups.id.PeerId;
import dev.groups.log.Cursor;
import dev.groups.log.IndexRange;
import dev.groups.testkit.snapshot.SnapshotMessages.ChunkRequest;
import dev.groups.testkit.snapshot.SnapshotMessages.SnapshotInfo;
import dev.groups.testkit.snapshot.SnapshotMessages.StatusResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Chunks spread over the peers that offer a snapshot, the leader last; timeouts and departures hand them on. */
class ChunkDownloadTest {
    private static final int CHUNK = 4;
    private static final PeerId SELF = peer(9);
    private static final PeerId A = peer(1);
    private static final PeerId B = peer(2);
    private static final PeerId LEADER = peer(3);
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final Instant T0 = Instant.ofEpochMilli(1_000);

    private static PeerId peer(int n) {
        byte[] raw = new byte[32];
        raw[0] = (byte) n;
        return PeerId.fromBytes(raw);
    }

    private final byte[] state = "ten bytes!".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private final SnapshotInfo info = Snapshot.of(Cursor.of(2, 40), state, Optional.empty()).info();
    private final SessionPeers peers = new SessionPeers();
    private final Map<PeerId, List<Integer>> sent = new TreeMap<>();

    private void bonds(PeerId... bonded) {
        TreeSet<PeerId> set = new TreeSet<>(List.of(bonded));
        set.add(SELF);
        peers.track(set, SELF);
        for (PeerId p : bonded) {
            peers.status(p, new StatusResponse(List.of(info), IndexRange.of(41, 50)));
        }
    }

    private void schedule(ChunkDownload download, Instant now) {
        download.schedule(peers, peers.idle(LEADER), now, TIMEOUT,
                (to, m) -> sent.computeIfAbsent(to, p -> new ArrayList<>()).add(((ChunkRequest) m).chunk()));
    }

    private void answer(ChunkDownload download, PeerId from, int chunk) {
        peers.done(from);
        download.accept(chunk, Snapshot.of(info.anchor(), state, Optional.empty()).chunk(chunk, CHUNK));
    }

    @Test
    void chunksGoToEveryOfferingPeerTheLeaderLast() {
        bonds(A, B, LEADER);
        ChunkDownload download = new ChunkDownload(info, CHUNK);
        schedule(download, T0);
        assertEquals(Map.of(A, List.of(0), B, List.of(1), LEADER, List.of(2)), sent, "three chunks, one per peer");
        answer(download, A, 0);
        answer(download, LEADER, 2);
        assertFalse(download.complete());
        answer(download, B, 1);
        assertTrue(download.complete());
        assertArrayEquals(state, download.assemble().orElseThrow().bytes());
    }

    @Test
    void aTimedOutOrDepartedPeersChunkGoesToAnother() {
        bonds(A, LEADER);
        ChunkDownload download = new ChunkDownload(info, CHUNK);
        schedule(download, T0);
        assertEquals(Map.of(A, List.of(0), LEADER, List.of(1)), sent);
        answer(download, LEADER, 1);
        peers.expire(T0.plus(TIMEOUT)); // A never answered: freed, and asked again what it has
        assertFalse(peers.hasStatus(A));
        schedule(download, T0.plus(TIMEOUT));
        assertEquals(List.of(1, 0), sent.get(LEADER), "the leader takes over A's chunk");

        bonds(A); // the leader leaves with chunk 0 in flight; A is back with its status
        assertTrue(download.hasSource(peers));
        schedule(download, T0.plus(TIMEOUT.multipliedBy(2)));
        assertEquals(List.of(0, 0), sent.get(A), "A gets chunk 0 again, the lowest one missing");
        answer(download, A, 0);
        schedule(download, T0.plus(TIMEOUT.multipliedBy(2)));
        assertEquals(List.of(0, 0, 2), sent.get(A));
    }

    @Test
    void aSnapshotThatDoesNotMatchItsDigestIsNotInstalled() {
        SnapshotInfo lying = new SnapshotInfo(info.anchor(), info.size(), Digest.of("something else"), Optional.empty());
        ChunkDownload download = new ChunkDownload(lying, CHUNK);
        for (int c = 0; c < 3; c++) {
            download.accept(c, Snapshot.of(info.anchor(), state, Optional.empty()).chunk(c, CHUNK));
        }
        assertTrue(download.complete());
        assertTrue(download.assemble().isEmpty());
        assertFalse(new ChunkDownload(info, CHUNK).hasSource(peers), "nobody offers it");
    }
}
