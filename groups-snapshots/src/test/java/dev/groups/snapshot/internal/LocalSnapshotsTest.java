package dev.groups.snapshot.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.groups.id.Digest;
import dev.groups.log.Cursor;
import dev.groups.log.Index;
import dev.groups.log.LogPayload;
import dev.groups.log.Term;
import dev.groups.snapshot.SnapshotStore;
import dev.groups.snapshot.Snapshottable;
import dev.groups.snapshot.TestMachine;
import dev.groups.snapshot.internal.SnapshotMessages.SnapshotInfo;
import dev.groups.storage.InMemoryLogStore;
import dev.groups.sync.RuntimeState;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a member keeps: snapshots taken into a store and served from it, prune points that are anchors
 * a tail behind, recovery from files (checked), deletion of what the log no longer needs, downloads
 * that resume.
 */
class LocalSnapshotsTest {
    private static final int CHUNK = 64;

    @TempDir
    Path dir;

    /** A log of {@code n} entries of term 1, started by {@link FakeContext#SELF}. */
    private static InMemoryLogStore<LogPayload<Long>> log(int n) {
        InMemoryLogStore<LogPayload<Long>> log = new InMemoryLogStore<>();
        log.append(new LogPayload.TermStart<>(FakeContext.SELF), Term.ONE);
        for (int i = 2; i <= n; i++) {
            log.append(LogPayload.Command.untagged((long) i), Term.ONE);
        }
        return log;
    }

    private static void take(LocalSnapshots local, FakeContext ctx, long index) {
        ctx.committed = Cursor.of(1, index);
        local.take(ctx.committed, Optional.empty(), ctx.runtimeState(), CHUNK, ctx);
    }

    private static long files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".snap")).count();
        }
    }

    @Test
    void servesTheTwoNewestAndPrunesOnlyToAnAnchorATailBehindTheCommittedIndex() {
        TestMachine machine = new TestMachine();
        LocalSnapshots local = new LocalSnapshots(machine, c -> SnapshotStore.memory());
        FakeContext ctx = new FakeContext(log(100));
        local.open(Cursor.ZERO, ctx);
        for (long i : new long[] {10, 20, 30}) {
            machine.put("k" + i, i);
            take(local, ctx, i);
        }
        assertEquals(List.of(30L, 20L), local.infos().stream().map(s -> s.anchor().index().value()).toList(),
                "the two newest, newest first");
        assertEquals(List.of("taken 10 ", "taken 20 ", "taken 30 "),
                ctx.events.stream().map(e -> e.substring(0, e.lastIndexOf(' ') + 1)).toList(), "the listener heard each");
        assertEquals(Optional.of(Index.of(20)), local.pruneable(Cursor.of(1, 30), 0), "strictly before the committed index");
        assertEquals(Optional.of(Index.of(30)), local.pruneable(Cursor.of(1, 31), 0));
        assertEquals(Optional.of(Index.of(20)), local.pruneable(Cursor.of(1, 34), 5), "30 is less than 5 entries back");
        assertEquals(Optional.of(Index.of(30)), local.pruneable(Cursor.of(1, 40), 10));
        assertEquals(Optional.of(Index.of(10)), local.pruneable(Cursor.of(1, 25), 10),
                "a snapshot no longer served still anchors a prune when the tail is longer than the interval");
        assertEquals(Optional.empty(), local.pruneable(Cursor.of(1, 15), 10), "none is far enough back");
        assertEquals(30, local.last().orElseThrow().anchor().index().value());
        assertEquals(3, local.taken());
    }

    @Test
    void aRestartFromAPrunedLogRestoresTheStoredSnapshotAndWhatTheRuntimeHeldWithIt() {
        TestMachine machine = new TestMachine();
        machine.put("a", 1);
        machine.put("b", 2);
        LocalSnapshots local = new LocalSnapshots(machine, c -> SnapshotStore.directory(dir));
        FakeContext ctx = new FakeContext(log(50));
        local.open(Cursor.ZERO, ctx);
        take(local, ctx, 40);

        TestMachine fresh = new TestMachine();
        LocalSnapshots again = new LocalSnapshots(fresh, c -> SnapshotStore.directory(dir));
        RuntimeState runtime = again.open(Cursor.of(1, 40), new FakeContext(log(50))).orElseThrow();
        assertEquals(Map.of("a", 1L, "b", 2L), fresh.contents());
        assertEquals(Cursor.of(1, 40), runtime.position());
        assertEquals(Optional.of(FakeContext.SELF), runtime.termLeader(), "the anchor's term leader");
        assertArrayEquals(new byte[] {1, 2, 3}, runtime.clientSessions(), "the client-session table");
        assertEquals(java.util.Set.of(FakeContext.SELF, FakeContext.OTHER_VOTER), runtime.voters(), "the voters at the anchor");
        assertEquals(1, again.infos().size(), "and it serves it");
    }

    @Test
    void aCorruptOrMissingStoredSnapshotStopsTheRestartWithAClearError() throws IOException {
        TestMachine machine = new TestMachine();
        machine.put("a", 1);
        LocalSnapshots local = new LocalSnapshots(machine, c -> SnapshotStore.directory(dir));
        FakeContext ctx = new FakeContext(log(50));
        local.open(Cursor.ZERO, ctx);
        take(local, ctx, 40);

        Path file;
        try (Stream<Path> s = Files.list(dir)) {
            file = s.filter(p -> p.getFileName().toString().endsWith(".snap")).findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 1] ^= 1;
        Files.write(file, bytes);
        TestMachine fresh = new TestMachine();
        IllegalStateException corrupt = assertThrows(IllegalStateException.class, () -> new LocalSnapshots(fresh,
                c -> SnapshotStore.directory(dir)).open(Cursor.of(1, 40), ctx));
        assertTrue(corrupt.getMessage().contains("corrupt"), corrupt.getMessage());
        assertTrue(fresh.contents().isEmpty(), "nothing was restored from it");

        IllegalStateException missing = assertThrows(IllegalStateException.class, () -> new LocalSnapshots(new TestMachine(),
                c -> SnapshotStore.directory(dir)).open(Cursor.of(1, 41), ctx));
        assertTrue(missing.getMessage().contains("no snapshot there"), missing.getMessage());
    }

    @Test
    void snapshotsTheLogsOffsetPassedAndThatAreNotServedAreDeleted() throws IOException {
        TestMachine machine = new TestMachine();
        LocalSnapshots local = new LocalSnapshots(machine, c -> SnapshotStore.directory(dir));
        InMemoryLogStore<LogPayload<Long>> log = log(100);
        FakeContext ctx = new FakeContext(log);
        local.open(Cursor.ZERO, ctx);
        take(local, ctx, 10);
        take(local, ctx, 20);
        take(local, ctx, 30);
        assertEquals(3, files(dir), "10 is no longer served but the log still starts before it");
        local.collect(log);
        assertEquals(3, files(dir));
        log.prunePrefix(Index.of(20));
        local.collect(log);
        assertEquals(2, files(dir), "10 is behind the offset: gone; 20 is the offset, 30 is served");
        assertEquals(2, local.storedCount());
    }

    /**
     * A state of 8 MiB, generated and checked as a stream (never an array), goes to a file, is served in
     * chunks read from it, downloaded chunk by chunk into another member's file, checked and restored.
     */
    @Test
    void aLargeStateStreamsThroughFilesChunkByChunk() throws IOException {
        StreamMachine source = new StreamMachine(8 << 20, 7);
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        LocalSnapshots serving = new LocalSnapshots(source, c -> SnapshotStore.directory(a));
        FakeContext ctx = new FakeContext(log(10));
        serving.open(Cursor.ZERO, ctx);
        ctx.committed = Cursor.of(1, 9);
        int chunkSize = 1 << 20;
        serving.take(ctx.committed, Optional.empty(), ctx.runtimeState(), chunkSize, ctx);
        SnapshotInfo info = serving.infos().get(0);
        assertTrue(info.size() > 8 << 20, "the state and the envelope: " + info.size());

        StreamMachine target = new StreamMachine(0, 0);
        LocalSnapshots catching = new LocalSnapshots(target, c -> SnapshotStore.directory(b));
        FakeContext other = new FakeContext(log(1));
        catching.open(Cursor.ZERO, other);
        ChunkDownload d = catching.download(info, chunkSize);
        Snapshot served = serving.find(info).orElseThrow();
        for (int c = d.count() - 1; c >= 0; c--) {
            d.accept(c, served.chunk(c, chunkSize)); // backwards: positions, not arrival order, place them
        }
        assertTrue(d.verify());
        LocalSnapshots.Installed installed = catching.install(d);
        catching.installed(installed, other);
        assertEquals(source.digest, target.digest, "the restored stream is the written one");
        assertEquals(8L << 20, target.length);
        assertEquals(1, catching.installed());
        assertTrue(other.events.get(0).startsWith("installed 9 "), other.events.toString());
    }

    @Test
    void aDownloadOutlivesItsSessionAndResumesWithTheChunksItHas() {
        LocalSnapshots local = new LocalSnapshots(new TestMachine(), c -> SnapshotStore.memory());
        local.open(Cursor.ZERO, new FakeContext(log(1)));
        byte[] state = new byte[10];
        SnapshotInfo info = new SnapshotInfo(Cursor.of(2, 40), state.length, Digest.hash(state), Optional.empty());
        ChunkDownload first = local.download(info, 4);
        first.accept(0, new byte[4]);
        ChunkDownload resumed = local.download(info, 4);
        assertSame(first, resumed, "the next session continues it");
        assertEquals(1, resumed.received());
        SnapshotInfo other = new SnapshotInfo(Cursor.of(2, 41), state.length, Digest.hash(state), Optional.empty());
        assertEquals(0, local.download(other, 4).received(), "another snapshot starts afresh");
        assertFalse(local.download(info, 4) == first, "and the first one's chunks are gone");
    }

    @Test
    void aSnapshotTheMachineCannotWriteIsAbandonedAndNothingIsPrunedBehindIt() throws IOException {
        Snapshottable failing = new Snapshottable() {
            @Override
            public void writeSnapshot(OutputStream out) throws IOException {
                out.write(new byte[100_000]);
                throw new IOException("disk full");
            }

            @Override
            public void restoreSnapshot(InputStream in) {
                throw new AssertionError("not restored");
            }
        };
        LocalSnapshots local = new LocalSnapshots(failing, c -> SnapshotStore.directory(dir));
        FakeContext ctx = new FakeContext(log(20));
        local.open(Cursor.ZERO, ctx);
        var request = local.request();
        take(local, ctx, 10);
        assertTrue(local.infos().isEmpty());
        assertEquals(Optional.empty(), local.pruneable(Cursor.of(1, 20), 0));
        assertTrue(request.isCompletedExceptionally(), "an on-demand request hears of the failure");
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(0, s.count(), "its draft is gone");
        }
    }

    /** A machine whose state is a pseudo-random stream of {@code length} bytes, hashed as it is restored. */
    private static final class StreamMachine implements Snapshottable {
        final long length0;
        final long seed;
        long length;
        Digest digest;

        StreamMachine(long length, long seed) {
            this.length0 = length;
            this.seed = seed;
            if (length > 0) {
                this.digest = Hashing.sha256(generate()).digest();
                this.length = length;
            }
        }

        private InputStream generate() {
            SplittableRandom random = new SplittableRandom(seed);
            return new InputStream() {
                long left = length0;

                @Override
                public int read() {
                    return left-- > 0 ? random.nextInt(256) : -1;
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    if (left <= 0) {
                        return -1;
                    }
                    int n = (int) Math.min(len, left);
                    for (int i = 0; i < n; i++) {
                        b[off + i] = (byte) random.nextInt(256);
                    }
                    left -= n;
                    return n;
                }
            };
        }

        @Override
        public void writeSnapshot(OutputStream out) throws IOException {
            try (InputStream in = generate()) {
                in.transferTo(out);
            }
        }

        @Override
        public void restoreSnapshot(InputStream in) {
            Hashing.Sized h = Hashing.sha256(in);
            digest = h.digest();
            length = h.size();
        }
    }
}
