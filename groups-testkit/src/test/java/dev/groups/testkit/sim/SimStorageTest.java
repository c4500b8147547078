package dev.groups.testkit.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.groups.id.PeerId;
import dev.groups.log.Cursor;
import dev.groups.log.Index;
import dev.groups.log.IndexRange;
import dev.groups.log.LogEntry;
import dev.groups.log.LogPayload;
import dev.groups.log.Term;
import dev.groups.machine.Codec;
import dev.groups.storage.HardState;
import dev.groups.testkit.kv.KvCodecs;
import dev.groups.testkit.kv.KvCommand;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The simulated disk's crash model: torn last records found and dropped at restart, and wiped disks. */
class SimStorageTest {
    private static final Codec<LogPayload<KvCommand>> CODEC = LogPayload.codec(KvCodecs.COMMAND);
    private static final PeerId VOTE = PeerId.fromBytes(new byte[32]);

    private static LogPayload<KvCommand> put(long v) {
        return LogPayload.Command.untagged(new KvCommand.Put("k", v));
    }

    /** Three flushed entries, a saved hard state, then five appends that were never flushed. */
    private static SimStorage<LogPayload<KvCommand>> diskWithUnflushedTail() {
        SimStorage<LogPayload<KvCommand>> disk = new SimStorage<>(CODEC);
        disk.tearOnCrash(true);
        for (int i = 1; i <= 3; i++) {
            disk.append(put(i), Term.ONE);
        }
        disk.flush();
        disk.saveHardState(HardState.of(Term.of(2), VOTE));
        for (int i = 4; i <= 8; i++) {
            disk.append(put(i), Term.of(2));
        }
        return disk;
    }

    @Test
    void aCrashKeepsSomeButNotAllUnflushedEntriesAndTheTornOneIsDroppedAtRestart() {
        TreeSet<Long> lastSeen = new TreeSet<>();
        long dropped = 0;
        for (long seed = 0; seed < 300; seed++) {
            SimStorage<LogPayload<KvCommand>> disk = diskWithUnflushedTail();
            disk.crash(new SplittableRandom(seed));
            disk.restart();
            long last = disk.last().index().value();
            // At least one unflushed entry whole, the next torn: 4..7 (8 only if the lost bytes were zeros).
            assertTrue(last >= 4 && last <= 8, "seed " + seed + ": last " + last);
            List<LogEntry<LogPayload<KvCommand>>> log = disk.getRange(IndexRange.of(1, last));
            for (LogEntry<LogPayload<KvCommand>> e : log) {
                long i = e.index().value();
                assertEquals(put(i), e.command(), "seed " + seed + ": a damaged entry survived at " + i);
                assertEquals(i <= 3 ? Term.ONE : Term.of(2), e.term());
            }
            assertEquals(HardState.of(Term.of(2), VOTE), disk.hardState(), "synced hard state is never torn");
            lastSeen.add(last);
            dropped += disk.tornRecordsDropped();
        }
        assertEquals(new TreeSet<>(List.of(4L, 5L, 6L, 7L)), new TreeSet<>(lastSeen.headSet(8L)),
                "every split between whole and torn happens: " + lastSeen);
        assertTrue(dropped >= 290, "torn records dropped: " + dropped);
    }

    @Test
    void flushedEntriesAreNeverTorn() {
        SimStorage<LogPayload<KvCommand>> disk = diskWithUnflushedTail();
        disk.flush();
        disk.crash(new SplittableRandom(1));
        disk.restart();
        assertEquals(Cursor.of(2, 8), disk.last());
        assertEquals(0, disk.tornRecordsDropped());
    }

    @Test
    void everyKindOfRecordReadsBackWholeAndFailsItsCheckWhenTorn() {
        List<SimRecord<LogPayload<KvCommand>>> records = List.of(
                new SimRecord.Append<>(put(42), Term.of(3)),
                new SimRecord.Append<>(new LogPayload.TermStart<>(VOTE), Term.of(3)),
                new SimRecord.Truncate<>(Index.of(7)),
                new SimRecord.Prune<>(Index.of(5)),
                new SimRecord.Reset<>(Cursor.of(4, 9)));
        SplittableRandom random = new SplittableRandom(7);
        for (SimRecord<LogPayload<KvCommand>> r : records) {
            byte[] frame = r.encode(Cursor.of(3, 10), CODEC);
            assertEquals(r, SimRecord.read(frame, CODEC).orElseThrow());
            for (int i = 0; i < 200; i++) {
                byte[] torn = SimRecord.tear(frame, random);
                if (!Arrays.equals(torn, frame)) {
                    assertTrue(SimRecord.read(torn, CODEC).isEmpty(), r + " torn at some byte still read as whole");
                }
            }
        }
    }

    @Test
    void aWipedDiskComesBackEmpty() {
        SimStorage<LogPayload<KvCommand>> disk = diskWithUnflushedTail();
        disk.flush();
        assertThrows(IllegalStateException.class, disk::wipe, "the disk of a running member");
        disk.crash(new SplittableRandom(1));
        disk.wipe();
        disk.restart();
        assertEquals(Cursor.ZERO, disk.last());
        assertEquals(HardState.INITIAL, disk.hardState());
        assertTrue(disk.durableView().last().index().isZero());
    }
}
