package dev.groups.snapshot.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.groups.id.Digest;
import dev.groups.id.PeerId;
import dev.groups.log.Cursor;
import dev.groups.log.IndexRange;
import dev.groups.snapshot.internal.SnapshotMessages.ChunkRequest;
import dev.groups.snapshot.internal.SnapshotMessages.SnapshotInfo;
import dev.groups.snapshot.internal.SnapshotMessages.StatusResponse;
import dev.groups.snapshot.SnapshotStore;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
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
    private final SnapshotInfo info = new SnapshotInfo(Cursor.of(2, 40), state.length, Digest.hash(state), Optional.empty());
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
        download.accept(chunk, chunk(chunk));
    }

    private byte[] chunk(int c) {
        return Arrays.copyOfRange(state, c * CHUNK, Math.min(state.length, (c + 1) * CHUNK));
    }

    private static ChunkDownload download(SnapshotInfo info) {
        return new ChunkDownload(info, CHUNK, SnapshotStore.memory().begin(info.anchor()));
    }

    private static byte[] contents(ChunkDownload d) throws IOException {
        try (InputStream in = d.draft().read()) {
            return in.readAllBytes();
        }
    }

    @Test
    void chunksGoToEveryOfferingPeerTheLeaderLast() throws IOException {
        bonds(A, B, LEADER);
        ChunkDownload download = download(info);
        schedule(download, T0);
        assertEquals(Map.of(A, List.of(0), B, List.of(1), LEADER, List.of(2)), sent, "three chunks, one per peer");
        answer(download, A, 0);
        answer(download, LEADER, 2);
        assertFalse(download.complete());
        answer(download, B, 1);
        assertTrue(download.complete());
        assertTrue(download.verify(), "the chunks, written where they belong, hash to the digest");
        assertArrayEquals(state, contents(download));
    }

    @Test
    void aTimedOutOrDepartedPeersChunkGoesToAnother() {
        bonds(A, LEADER);
        ChunkDownload download = download(info);
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
        ChunkDownload download = download(lying);
        for (int c = 2; c >= 0; c--) {
            download.accept(c, chunk(c));
        }
        assertTrue(download.complete());
        assertFalse(download.verify(), "complete, but not the bytes the digest names");
        assertFalse(download(info).hasSource(peers), "nobody offers it");
    }

    @Test
    void aChunkOfTheWrongLengthOrOutsideTheSnapshotIsIgnoredAndADuplicateWrittenOnce() throws IOException {
        ChunkDownload download = download(info);
        download.accept(0, new byte[CHUNK + 1]);
        download.accept(3, new byte[CHUNK]);
        download.accept(-1, new byte[CHUNK]);
        assertEquals(0, download.received(), "nothing a peer sent out of bounds was kept");
        download.accept(0, chunk(0));
        download.accept(0, new byte[CHUNK]); // a late duplicate with other bytes: the first one stays
        download.accept(1, chunk(1));
        download.accept(2, chunk(2));
        assertTrue(download.verify());
        assertArrayEquals(state, contents(download));
    }
}
