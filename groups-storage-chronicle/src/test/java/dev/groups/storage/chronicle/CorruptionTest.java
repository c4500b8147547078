package dev.groups.storage.chronicle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.groups.id.GroupId;
import dev.groups.id.NodeIdentity;
import dev.groups.log.Cursor;
import dev.groups.log.Index;
import dev.groups.log.IndexRange;
import dev.groups.log.LogEntry;
import dev.groups.log.Term;
import dev.groups.machine.Codecs;
import dev.groups.storage.HardState;
import dev.groups.storage.StorageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input at open: another group's directory, damaged files. A wrong log is never served. */
class CorruptionTest {
    private static final GroupId GROUP = ChronicleStorageContractTest.GROUP;

    @TempDir
    Path dir;

    private ChronicleLogStore<String> open(Path where) {
        return ChronicleLogStore.open(where, GROUP, Codecs.utf8());
    }

    /** 100 entries "entry-<i>-…" of terms 1 to 3, flushed and closed; returns what was written. */
    private List<LogEntry<String>> writeEntries(Path where) {
        try (ChronicleLogStore<String> store = open(where)) {
            for (int i = 1; i <= 100; i++) {
                store.append("entry-" + i + "-" + "x".repeat(i % 40), Term.of(1 + i / 40));
            }
            store.flush();
            return store.getRange(IndexRange.of(1, 100));
        }
    }

    @Test
    void refusesTheDirectoryOfAnotherGroup() {
        writeEntries(dir);
        GroupId other = GroupId.fromHex("22".repeat(32));
        StorageException e = assertThrows(StorageException.class, () -> ChronicleLogStore.open(dir, other, Codecs.utf8()));
        assertEquals("directory " + dir + " belongs to group " + GROUP + ", not " + other, e.getMessage());
        try (ChronicleLogStore<String> store = open(dir)) {
            assertEquals(100, store.last().index().value(), "the refused open changed nothing");
        }
    }

    @Test
    void refusesLogFilesWithoutMetadata() throws IOException {
        writeEntries(dir);
        Files.delete(dir.resolve("store.meta"));
        StorageException e = assertThrows(StorageException.class, () -> open(dir));
        assertTrue(e.getMessage().contains("holds log files but no store.meta"), e.getMessage());
    }

    @Test
    void refusesASecondOpenOfTheSameDirectory() {
        try (ChronicleLogStore<String> first = open(dir)) {
            first.append("a", Term.ONE);
            StorageException e = assertThrows(StorageException.class, () -> open(dir));
            assertTrue(e.getMessage().contains("is already open"), e.getMessage());
            assertEquals(Index.of(2), first.append("b", Term.ONE), "the first store is unaffected");
        }
        try (ChronicleLogStore<String> again = open(dir)) {
            assertEquals(Cursor.of(1, 2), again.last(), "the lock is released on close");
        }
    }

    @Test
    void aCorruptedEntryInTheMiddleIsAnErrorNamingTheFile() throws IOException {
        writeEntries(dir);
        Path file = StoreFiles.onlyCycleFile(dir);
        StoreFiles.flip(file, StoreFiles.find(file, "entry-50-") + 3);
        StorageException e = assertThrows(StorageException.class, () -> open(dir));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("CRC mismatch"), e.getMessage());
    }

    @Test
    void aFlippedBitInTheLastRecordIsAnErrorToo() throws IOException {
        writeEntries(dir);
        Path file = StoreFiles.onlyCycleFile(dir);
        StoreFiles.flip(file, StoreFiles.find(file, "entry-100-") + 2);
        StorageException e = assertThrows(StorageException.class, () -> open(dir));
        assertTrue(e.getMessage().contains("not torn"), e.getMessage());
    }

    @Test
    void aTornLastRecordIsDroppedAndTheLogContinues() throws IOException {
        List<LogEntry<String>> written = writeEntries(dir);
        Path file = StoreFiles.onlyCycleFile(dir);
        // as if the page holding the end of the last record never reached the disk
        String last = written.get(99).command();
        int end = StoreFiles.find(file, last) + last.length();
        StoreFiles.zero(file, end - 6, 6 + 4);
        try (ChronicleLogStore<String> store = open(dir)) {
            assertEquals(Cursor.of(3, 99), store.last());
            assertEquals(Optional.empty(), store.get(Index.of(100)));
            assertEquals(written.subList(0, 99), store.getRange(IndexRange.of(1, 100)));
            assertEquals(Index.of(100), store.append("replacement", Term.of(5)));
        }
        for (int i = 0; i < 2; i++) {
            try (ChronicleLogStore<String> store = open(dir)) {
                assertEquals(Cursor.of(5, 100), store.last(), "the VOID record makes the torn one acceptable for good");
                assertEquals("replacement", store.get(Index.of(100)).orElseThrow().command());
                assertEquals(written.get(98), store.get(Index.of(99)).orElseThrow());
            }
        }
    }

    @Test
    void aRecordDamagedWhileOpenIsAnErrorWhenRead() throws IOException {
        List<LogEntry<String>> written = writeEntries(dir);
        try (ChronicleLogStore<String> store = open(dir)) {
            Path file = StoreFiles.onlyCycleFile(dir);
            StoreFiles.flip(file, StoreFiles.find(file, "entry-60-") + 4); // the mapping shares the page cache
            StorageException e = assertThrows(StorageException.class, () -> store.get(Index.of(60)));
            assertTrue(e.getMessage().contains("corrupted: CRC mismatch"), e.getMessage());
            assertThrows(StorageException.class, () -> store.getRange(IndexRange.of(55, 65)));
            assertEquals(Optional.of(written.get(60)), store.get(Index.of(61)), "other entries still read");
        }
    }

    @Test
    void aCorruptedHardStateIsAnError() throws IOException {
        try (ChronicleLogStore<String> store = open(dir)) {
            store.saveHardState(HardState.of(Term.of(7), NodeIdentity.generate().peerId()));
        }
        StoreFiles.flip(dir.resolve("hardstate"), 10);
        StorageException e = assertThrows(StorageException.class, () -> open(dir));
        assertTrue(e.getMessage().contains("hard state file " + dir.resolve("hardstate") + " is corrupted"), e.getMessage());
    }

    /**
     * Flips one byte at positions spread over everything written in the cycle file (Chronicle's
     * header and index as well as records): each open must fail with a StorageException or serve
     * exactly the log that was written.
     */
    @Test
    void everyFlippedByteIsDetectedOrHarmless() throws IOException {
        Path original = dir.resolve("original");
        List<LogEntry<String>> written = writeEntries(original);
        Path file = StoreFiles.onlyCycleFile(original);
        int used = StoreFiles.usedLength(file);
        List<Integer> positions = new ArrayList<>();
        for (int p = 0; p < 256; p += 4) {
            positions.add(p); // the header: write position, index geometry, index root
        }
        for (int p = 256; p < used; p += used / 70) {
            positions.add(p); // index arrays, then records
        }
        int detected = 0;
        for (int position : positions) {
            Path copy = dir.resolve("flip-" + position);
            StoreFiles.copyStore(original, copy);
            StoreFiles.flip(copy.resolve("queue").resolve(file.getFileName()), position);
            String outcome = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                try (ChronicleLogStore<String> store = open(copy)) {
                    for (long i = 0; i <= 101; i++) {
                        Optional<LogEntry<String>> expected = i >= 1 && i <= 100 ? Optional.of(written.get((int) i - 1)) : Optional.empty();
                        assertEquals(expected, store.get(Index.of(i)), "entry " + i + " after a flip at " + position);
                    }
                    assertEquals(written, store.getRange(IndexRange.of(0, 200)), "after a flip at " + position);
                    return "same";
                } catch (StorageException e) {
                    return "detected";
                }
            }, "open after a flip at " + position);
            if (outcome.equals("detected")) {
                detected++;
            }
            StoreFiles.deleteTree(copy);
        }
        // flips in unused index slots or padding are harmless; those in records and headers are not
        assertTrue(detected > positions.size() / 4, detected + " of " + positions.size() + " flips detected");
    }
}
