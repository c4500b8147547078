package dev.groups.storage.chronicle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.groups.log.Cursor;
import dev.groups.log.Index;
import dev.groups.log.IndexRange;
import dev.groups.log.LogEntry;
import dev.groups.log.Term;
import dev.groups.machine.Codecs;
import dev.groups.storage.InMemoryLogStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import net.openhft.chronicle.core.time.SetTimeProvider;
import net.openhft.chronicle.queue.rollcycles.TestRollCycles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Behaviour specific to the Chronicle store: files, rolls, pruning on disk, threads, large entries. */
class ChronicleLogStoreTest {
    @TempDir
    Path dir;

    private final SetTimeProvider clock = new SetTimeProvider(1_700_000_000_000L);

    private ChronicleLogStore<String> openSecondly() {
        return ChronicleLogStore.open(dir, ChronicleStorageContractTest.GROUP, Codecs.utf8(), TestRollCycles.TEST_SECONDLY, clock);
    }

    /** 5 cycle files of 10 entries each (indices 1–50), mirrored into {@code model}. */
    private ChronicleLogStore<String> fiveCycles(InMemoryLogStore<String> model) {
        ChronicleLogStore<String> store = openSecondly();
        for (int cycle = 0; cycle < 5; cycle++) {
            for (int i = 0; i < 10; i++) {
                String command = "c" + cycle + "-" + i;
                model.append(command, Term.ONE);
                store.append(command, Term.ONE);
            }
            clock.advanceMillis(1000);
        }
        store.flush();
        return store;
    }

    @Test
    void rollsSplitSegmentsAndReadsCrossThem() throws IOException {
        InMemoryLogStore<String> model = new InMemoryLogStore<>();
        try (ChronicleLogStore<String> store = fiveCycles(model)) {
            assertEquals(5, StoreFiles.cycleFiles(dir).size());
            assertEquals(5, store.segmentCount(), "one segment per cycle file");
            assertEquals(model.getRange(IndexRange.of(1, 50)), store.getRange(IndexRange.of(1, 50)));
            assertEquals(model.getRange(IndexRange.of(8, 33)), store.getRange(IndexRange.of(8, 33)));
        }
    }

    @Test
    void sizeInBytesCountsWhatTheFilesUseAndSurvivesReopenAndPrune() throws IOException {
        InMemoryLogStore<String> model = new InMemoryLogStore<>();
        ChronicleLogStore<String> store = fiveCycles(model);
        try {
            long size = store.sizeInBytes();
            assertTrue(size > 50 * "c0-0".length(), "at least the 50 commands: " + size);
            long apparent = 0;
            for (Path f : StoreFiles.cycleFiles(dir)) {
                apparent += java.nio.file.Files.size(f);
            }
            assertTrue(size < apparent, "not the sparse files' apparent size: " + size + " of " + apparent);
            store.append("one more", Term.ONE);
            assertTrue(store.sizeInBytes() > size, "an append adds its bytes");
            store.flush();
            long before = store.sizeInBytes();
            store.close();
            store = openSecondly();
            assertEquals(before, store.sizeInBytes(), "the replay at open finds the same bytes");
            store.prunePrefix(Index.of(25)); // deletes the first two files
            assertTrue(store.sizeInBytes() < before, "deleted files no longer count: " + store.sizeInBytes());
        } finally {
            store.close();
        }
        assertEquals(-1, store.sizeInBytes(), "a closed store says nothing");
    }

    @Test
    void pruneDeletesTheCycleFilesBelowTheFirstLiveEntry() throws IOException {
        InMemoryLogStore<String> model = new InMemoryLogStore<>();
        ChronicleLogStore<String> store = fiveCycles(model);
        try {
            store.prunePrefix(Index.of(25)); // entry 26 lives in the third file
            model.prunePrefix(Index.of(25));
            assertEquals(4, StoreFiles.cycleFiles(dir).size(),
                    "the first two files are gone; a sixth, current one holds the PRUNE record");
            ChronicleModelTest.compare(model, store, "after the prune");
            store.close();
            store = openSecondly();
            ChronicleModelTest.compare(model, store, "reopened after the prune");
            assertEquals(model.append("more", Term.of(2)), store.append("more", Term.of(2)));
            store.flush();
            store.close();
            store = openSecondly();
            ChronicleModelTest.compare(model, store, "reopened after an append");
        } finally {
            store.close();
        }
    }

    /**
     * Compaction as a snapshot sync drives it, under steady load: each cycle appends 10 entries and the
     * log is pruned to 5 entries behind its end. The files and the bytes stay bounded however long it
     * runs: whole cycle files behind the first live entry are deleted, and their bytes no longer count.
     */
    @Test
    void steadyAppendAndPruneKeepsTheFilesAndBytesBounded() throws IOException {
        InMemoryLogStore<String> model = new InMemoryLogStore<>();
        long earlyMax = 0;
        long lateMax = 0;
        try (ChronicleLogStore<String> store = openSecondly()) {
            for (int cycle = 0; cycle < 40; cycle++) {
                for (int i = 0; i < 10; i++) {
                    String command = "entry " + cycle + "-" + i + " " + "x".repeat(100);
                    model.append(command, Term.ONE);
                    store.append(command, Term.ONE);
                }
                store.flush();
                Index upTo = Index.of(store.last().index().value() - 5);
                store.prunePrefix(upTo);
                model.prunePrefix(upTo);
                assertTrue(StoreFiles.cycleFiles(dir).size() <= 3, "cycle " + cycle + ": "
                        + StoreFiles.cycleFiles(dir).size() + " files");
                if (cycle >= 2 && cycle < 10) {
                    earlyMax = Math.max(earlyMax, store.sizeInBytes());
                } else if (cycle >= 30) {
                    lateMax = Math.max(lateMax, store.sizeInBytes());
                }
                clock.advanceMillis(1000);
            }
            ChronicleModelTest.compare(model, store, "after 40 cycles of append and prune");
            assertTrue(lateMax <= earlyMax + earlyMax / 4, "the bytes do not grow with the run: " + earlyMax + " early, "
                    + lateMax + " late");
        }
        try (ChronicleLogStore<String> store = openSecondly()) {
            ChronicleModelTest.compare(model, store, "reopened");
        }
    }

    @Test
    void pruningEverythingKeepsOnlyTheNewestFile() throws IOException {
        InMemoryLogStore<String> model = new InMemoryLogStore<>();
        try (ChronicleLogStore<String> store = fiveCycles(model)) {
            store.prunePrefix(Index.of(1_000));
            assertEquals(1, StoreFiles.cycleFiles(dir).size(), "the file with the PRUNE record stays");
        }
        try (ChronicleLogStore<String> store = openSecondly()) {
            assertEquals(Cursor.of(1, 50), store.last());
            assertEquals(IndexRange.of(50, 50), store.available());
            assertEquals(Index.of(51), store.append("next", Term.ONE));
        }
    }

    @Test
    void resetDeletesEveryOlderFile() throws IOException {
        InMemoryLogStore<String> model = new InMemoryLogStore<>();
        try (ChronicleLogStore<String> store = fiveCycles(model)) {
            store.resetTo(Cursor.of(7, 1_000));
            assertEquals(1, StoreFiles.cycleFiles(dir).size());
        }
        try (ChronicleLogStore<String> store = openSecondly()) {
            assertEquals(Cursor.of(7, 1_000), store.last());
            assertEquals(Index.of(1_001), store.append("after reset", Term.of(7)));
        }
    }

    @Test
    void aRunOfOneTermIsOneSegment() {
        try (ChronicleLogStore<String> store = ChronicleLogStore.open(dir, ChronicleStorageContractTest.GROUP, Codecs.utf8())) {
            for (int i = 1; i <= 5_000; i++) {
                store.append("e" + i, Term.of(3));
            }
            assertEquals(1, store.segmentCount());
            store.truncate(Index.of(4_000));
            store.append("after", Term.of(4));
            assertEquals(2, store.segmentCount(), "the truncation marker and the term change start a new one");
            assertEquals("e3999", store.get(Index.of(3_999)).orElseThrow().command());
            assertEquals("after", store.get(Index.of(4_000)).orElseThrow().command());
        }
    }

    @Test
    void openedOnOneThreadAndUsedOnAnother() throws Exception {
        ExecutorService groupThread = Executors.newSingleThreadExecutor();
        try (ChronicleLogStore<String> store = ChronicleLogStore.open(dir, ChronicleStorageContractTest.GROUP, Codecs.utf8())) {
            store.append("from the opener", Term.ONE);
            List<LogEntry<String>> read = groupThread.submit(() -> {
                store.append("from the group thread", Term.ONE);
                store.flush();
                return store.getRange(IndexRange.of(1, 2));
            }).get(30, TimeUnit.SECONDS);
            assertEquals(List.of("from the opener", "from the group thread"), read.stream().map(LogEntry::command).toList());
        } finally {
            groupThread.shutdownNow();
        }
    }

    @Test
    void largeEntriesRoundTrip() {
        Random random = new Random(7);
        byte[] oneMiB = new byte[1 << 20];
        byte[] eightMiB = new byte[8 << 20];
        random.nextBytes(oneMiB);
        random.nextBytes(eightMiB);
        try (ChronicleLogStore<byte[]> store = ChronicleLogStore.open(dir, ChronicleStorageContractTest.GROUP, Codecs.bytes())) {
            store.append(oneMiB, Term.ONE);
            store.append(eightMiB, Term.ONE);
            store.append(new byte[0], Term.ONE);
        }
        try (ChronicleLogStore<byte[]> store = ChronicleLogStore.open(dir, ChronicleStorageContractTest.GROUP, Codecs.bytes())) {
            assertArrayEquals(oneMiB, store.get(Index.of(1)).orElseThrow().command());
            assertArrayEquals(eightMiB, store.get(Index.of(2)).orElseThrow().command());
            assertArrayEquals(new byte[0], store.get(Index.of(3)).orElseThrow().command());
        }
    }

    @Test
    void closedStoreRefusesUseAndClosesTwiceQuietly() {
        ChronicleLogStore<String> store = ChronicleLogStore.open(dir, ChronicleStorageContractTest.GROUP, Codecs.utf8());
        store.append("a", Term.ONE);
        store.close();
        store.close();
        assertThrows(IllegalStateException.class, store::last);
        assertThrows(IllegalStateException.class, () -> store.append("b", Term.ONE));
    }
}
