package dev.groups.storage.chronicle.internal;

import dev.groups.log.Cursor;
import dev.groups.storage.StorageException;

/**
 * Rebuilds the {@link SegmentMap} at open by reading every record of the queue in order and applying
 * it with the same semantics the store used when writing it.
 *
 * <p>Corruption rules: every record must parse and pass its CRC, record sequence numbers must be
 * consecutive (a skipped record is a lost one), and reading must reach, in every cycle file, the
 * last complete document its header records. The scan does not use Chronicle's index (a damaged one
 * could stall it); it verifies it afterwards for the reads that will. The only damaged record tolerated is a torn last one ({@link LogRecord#looksTorn()}: a write
 * cut short by a crash, never reported durable); the store then appends a {@link LogRecord#VOID}
 * naming it, which is what makes a damaged record acceptable on later opens. Anything else is a
 * {@link StorageException} naming the file: a wrong log must never be served.
 *
 * <p>A queue whose oldest cycle files were deleted by pruning starts mid-history (its first sequence
 * number is not 0). Its replay may have holes until the PRUNE or RESET record that justified the
 * deletion; the final mapping must be contiguous.
 */
public final class Replay {
    /** The outcome: the mapping, the next sequence number, and a torn last record to void (or -1). */
    public record Result(SegmentMap map, long nextSeq, long tornQueueIndex) {}

    private final QueueLog log;
    private final SegmentMap map = new SegmentMap();
    private final LogRecord record = new LogRecord();

    private long expectedSeq = -1;
    private long firstSeq = -1;
    private boolean fullHistory;
    private boolean sawBase;
    private long damagedIndex = -1;
    private boolean damagedLooksTorn;
    private String damage;
    private long records;

    private Replay(QueueLog log) {
        this.log = log;
    }

    public static Result run(QueueLog log) {
        return new Replay(log).scan();
    }

    private Result scan() {
        try (QueueLog.Scanner scanner = log.scanner()) {
            while (true) {
                QueueLog.Scan found;
                try {
                    found = scanner.next(record);
                } catch (Exception | AssertionError e) { // Chronicle: undeclared checked exceptions; asserts under -ea
                    throw new StorageException("cannot read queue file " + describeFileAfter(scanner.index())
                            + " after record " + records + ": " + e, e);
                }
                if (found == QueueLog.Scan.END) {
                    String problem = scanner.checkFiles();
                    if (problem != null) {
                        throw new StorageException("corrupted log: " + problem);
                    }
                    break;
                }
                records++;
                if (found == QueueLog.Scan.DAMAGED) {
                    onDamaged(scanner.index());
                } else {
                    onIntact(scanner.index());
                }
            }
        }
        if (damagedIndex >= 0 && !damagedLooksTorn) {
            throw corrupt(damagedIndex, damage + " (the last record, but not torn: its end was written)");
        }
        if (firstSeq > 0 && !sawBase) {
            throw new StorageException("queue in " + log.directory() + " starts at record " + firstSeq
                    + " with no prune or reset record: its oldest files are missing");
        }
        if (!map.isContiguous()) {
            throw new StorageException("queue in " + log.directory() + " does not hold every entry from "
                    + (map.offsetIndex() + 1) + " to " + map.lastIndex() + ": records are missing");
        }
        return new Result(map, Math.max(expectedSeq, 0), damagedIndex);
    }

    private void onDamaged(long queueIndex) {
        if (damagedIndex >= 0) {
            throw corrupt(damagedIndex, damage);
        }
        damagedIndex = queueIndex;
        damagedLooksTorn = record.looksTorn();
        damage = record.problem();
    }

    private void onIntact(long queueIndex) {
        if (damagedIndex >= 0) {
            // only a VOID naming it may follow a damaged record
            if (record.kind() != LogRecord.VOID || record.a() != damagedIndex) {
                throw corrupt(damagedIndex, damage + ", and records follow it");
            }
            damagedIndex = -1;
        } else if (record.kind() == LogRecord.VOID) {
            throw corrupt(queueIndex, "VOID record with no damaged record before it");
        }
        if (expectedSeq < 0) {
            firstSeq = record.seq();
            fullHistory = firstSeq == 0;
        } else if (record.seq() != expectedSeq) {
            throw corrupt(queueIndex, "record sequence jumps from " + (expectedSeq - 1) + " to " + record.seq());
        }
        expectedSeq = record.seq() + 1;
        apply(queueIndex);
    }

    private void apply(long queueIndex) {
        switch (record.kind()) {
            case LogRecord.ENTRY -> {
                long index = record.a();
                long last = map.lastIndex();
                boolean ok = fullHistory ? index == last + 1 : index > last;
                if (!ok) {
                    throw corrupt(queueIndex, "entry " + index + " follows " + last);
                }
                map.append(index, record.b(), queueIndex);
            }
            case LogRecord.TRUNCATE -> map.truncate(record.a());
            case LogRecord.PRUNE -> {
                map.prune(Cursor.of(record.b(), record.a()));
                sawBase = true;
            }
            case LogRecord.RESET -> {
                map.reset(Cursor.of(record.b(), record.a()));
                sawBase = true;
            }
            case LogRecord.VOID -> {
                // handled in onIntact
            }
            default -> throw corrupt(queueIndex, "unknown record kind " + record.kind());
        }
    }

    private String describeFileAfter(long queueIndex) {
        return queueIndex >= 0 ? log.fileOf(queueIndex).toString() : "(first file) in " + log.directory();
    }

    private StorageException corrupt(long queueIndex, String why) {
        return new StorageException("corrupted log: queue file " + log.fileOf(Math.max(queueIndex, 0))
                + " (queue index 0x" + Long.toHexString(queueIndex) + "): " + why);
    }
}
