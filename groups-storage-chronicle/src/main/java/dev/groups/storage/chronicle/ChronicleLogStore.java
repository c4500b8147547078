package dev.groups.storage.chronicle;

import dev.groups.id.GroupId;
import dev.groups.log.Cursor;
import dev.groups.log.Index;
import dev.groups.log.IndexRange;
import dev.groups.log.LogEntry;
import dev.groups.log.Term;
import dev.groups.machine.Codec;
import dev.groups.machine.CodecException;
import dev.groups.storage.HardState;
import dev.groups.storage.Storage;
import dev.groups.storage.StorageException;
import dev.groups.storage.chronicle.internal.ChronicleJvm;
import dev.groups.storage.chronicle.internal.HardStateFile;
import dev.groups.storage.chronicle.internal.LogRecord;
import dev.groups.storage.chronicle.internal.QueueLog;
import dev.groups.storage.chronicle.internal.Replay;
import dev.groups.storage.chronicle.internal.SegmentMap;
import dev.groups.storage.chronicle.internal.StoreDirectory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import net.openhft.chronicle.core.time.TimeProvider;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;

/**
 * A durable {@link Storage} on Chronicle Queue, with the spec §6 semantics of
 * {@code InMemoryLogStore}. The on-disk layout and the crash guarantees are described in the module
 * README.
 *
 * <p>Every change is a record appended to the queue: entries, and TRUNCATE / PRUNE / RESET markers.
 * An in-memory {@link SegmentMap} (rebuilt by a scan at open) maps Raft indices to queue indices, so
 * {@link #get} is a map lookup plus one {@code moveToIndex}, and {@link #termAt} / {@link #last} never
 * touch the disk. {@link #flush()} syncs every record appended since the previous flush (group
 * commit). Marker records are synced when written: they are rare, and a PRUNE or RESET must be durable
 * before the cycle files it makes obsolete are deleted. The hard state lives in its own small file,
 * replaced atomically on each save.
 *
 * <p>Not thread-safe, as the contract allows; it may be opened on one thread and used on another.
 *
 * @param <C> the command type
 */
public final class ChronicleLogStore<C> implements Storage<C> {
    /** The default roll cycle: one queue file per hour, so pruning frees disk hour by hour. */
    public static final RollCycle DEFAULT_ROLL_CYCLE = RollCycles.FAST_HOURLY;

    private final StoreDirectory directory;
    private final QueueLog log;
    private final Codec<C> codec;
    private final SegmentMap map;
    private final LogRecord writeBuffer = new LogRecord();
    private final LogRecord readBuffer = new LogRecord();
    private long nextSeq;
    private HardState hardState;
    private boolean dirty;
    private boolean closed;

    private ChronicleLogStore(StoreDirectory directory, QueueLog log, Codec<C> codec, Replay.Result replay,
                              HardState hardState) {
        this.directory = directory;
        this.log = log;
        this.codec = codec;
        this.map = replay.map();
        this.nextSeq = replay.nextSeq();
        this.hardState = hardState;
    }

    /**
     * Opens (creating if needed) the log of {@code groupId} in {@code dir}, restoring what was flushed.
     *
     * @throws StorageException if the directory belongs to another group, is in use, or is corrupted
     */
    public static <C> ChronicleLogStore<C> open(Path dir, GroupId groupId, Codec<C> codec) {
        return open(dir, groupId, codec, DEFAULT_ROLL_CYCLE, null);
    }

    /**
     * As {@link #open(Path, GroupId, Codec)} with a roll cycle (used when the queue is created; an
     * existing queue keeps its own) and a clock for Chronicle's cycles (null: the wall clock).
     */
    static <C> ChronicleLogStore<C> open(Path dir, GroupId groupId, Codec<C> codec, RollCycle rollCycle,
                                         TimeProvider time) {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(codec, "codec");
        StoreDirectory directory = StoreDirectory.open(dir, groupId);
        QueueLog log = null;
        try {
            HardState hardState = HardStateFile.read(dir);
            log = QueueLog.open(directory.queueDirectory(), rollCycle, time);
            Replay.Result replay = Replay.run(log);
            ChronicleLogStore<C> store = new ChronicleLogStore<>(directory, log, codec, replay, hardState);
            if (replay.tornQueueIndex() >= 0) {
                store.writeMarker(LogRecord.VOID, replay.tornQueueIndex(), 0);
            }
            return store;
        } catch (Exception | AssertionError e) { // Chronicle: undeclared checked exceptions; asserts under -ea
            if (log != null) {
                closeQuietly(log, e);
            }
            directory.close();
            Optional<StorageException> noFlags = e instanceof StorageException ? Optional.empty()
                    : ChronicleJvm.missingFlags(e, ChronicleJvm.chronicleModule()); // the first mapping happens here
            if (noFlags.isPresent()) {
                throw noFlags.get();
            }
            throw e instanceof StorageException se ? se : new StorageException("cannot open the queue in "
                    + directory.queueDirectory() + " (newest file " + QueueLog.newestFile(directory.queueDirectory())
                    + ", whose header Chronicle reads first): " + printable(e.toString()), e);
        }
    }

    @Override
    public Index append(C command, Term term) {
        checkOpen();
        Objects.requireNonNull(term, "term");
        byte[] payload = codec.encode(Objects.requireNonNull(command, "command"));
        long index = map.lastIndex() + 1;
        writeBuffer.encode(LogRecord.ENTRY, nextSeq, index, term.value(), payload);
        long queueIndex = write();
        map.append(index, term.value(), queueIndex);
        dirty = true;
        return Index.of(index);
    }

    @Override
    public IndexRange available() {
        checkOpen();
        return IndexRange.of(map.offsetIndex(), map.lastIndex());
    }

    @Override
    public Optional<LogEntry<C>> get(Index index) {
        checkOpen();
        SegmentMap.Segment segment = map.segmentOf(index.value());
        return segment == null ? Optional.empty() : Optional.of(read(segment, index.value()));
    }

    @Override
    public List<LogEntry<C>> getRange(IndexRange range) {
        checkOpen();
        long from = Math.max(range.start().value(), map.offsetIndex() + 1);
        long to = Math.min(range.end().value(), map.lastIndex());
        if (from > to) {
            return new ArrayList<>(0);
        }
        List<LogEntry<C>> out = new ArrayList<>((int) Math.min(to - from + 1, 1 << 16));
        for (SegmentMap.Segment segment : map.overlapping(from, to)) {
            long end = Math.min(to, segment.lastIndex());
            for (long i = Math.max(from, segment.firstIndex()); i <= end; i++) {
                out.add(read(segment, i)); // consecutive queue indices: the reader does not seek
            }
        }
        return out;
    }

    private LogEntry<C> read(SegmentMap.Segment segment, long index) {
        long queueIndex = segment.queueIndexOf(index);
        boolean found;
        try {
            found = log.read(queueIndex, readBuffer);
        } catch (Exception | AssertionError e) { // Chronicle: undeclared checked exceptions; asserts under -ea
            throw new StorageException("cannot read entry " + index + " from " + log.fileOf(queueIndex) + ": " + e, e);
        }
        if (!found || readBuffer.problem() != null || readBuffer.kind() != LogRecord.ENTRY
                || readBuffer.a() != index || readBuffer.b() != segment.term()) {
            throw new StorageException("entry " + index + " in " + log.fileOf(queueIndex) + " (queue index 0x"
                    + Long.toHexString(queueIndex) + ") is " + (!found ? "missing" : readBuffer.problem() != null
                    ? "corrupted: " + readBuffer.problem() : "not the expected record"));
        }
        try {
            C command = codec.decode(readBuffer.bytes(), readBuffer.payloadOffset(), readBuffer.payloadLength());
            return new LogEntry<>(Index.of(index), Term.of(segment.term()), command);
        } catch (CodecException e) {
            throw new StorageException("entry " + index + " cannot be decoded by the group's codec", e);
        }
    }

    @Override
    public void truncate(Index at) {
        checkOpen();
        if (!map.hasEntries() || at.value() > map.lastIndex()) {
            return;
        }
        long from = Math.max(at.value(), map.offsetIndex() + 1);
        writeMarker(LogRecord.TRUNCATE, from, 0);
        map.truncate(from);
    }

    @Override
    public Cursor last() {
        checkOpen();
        return map.last();
    }

    @Override
    public Optional<Term> termAt(Index index) {
        checkOpen();
        return Optional.ofNullable(map.termAt(index.value()));
    }

    @Override
    public void prunePrefix(Index upTo) {
        checkOpen();
        if (upTo.value() <= map.offsetIndex() || !map.hasEntries()) {
            return;
        }
        long index = Math.min(upTo.value(), map.lastIndex());
        Cursor offset = new Cursor(map.termAt(index), Index.of(index));
        writeMarker(LogRecord.PRUNE, index, offset.term().value());
        map.prune(offset);
        deleteObsoleteFiles();
    }

    @Override
    public void resetTo(Cursor cursor) {
        checkOpen();
        Objects.requireNonNull(cursor, "cursor");
        writeMarker(LogRecord.RESET, cursor.index().value(), cursor.term().value());
        map.reset(cursor);
        deleteObsoleteFiles();
    }

    /** Deletes the cycle files older than the first live entry's (never the newest). */
    private void deleteObsoleteFiles() {
        int keep = log.newestCycle();
        long first = map.firstQueueIndex();
        if (first >= 0) {
            keep = Math.min(keep, log.cycleOf(first));
        }
        log.deleteCyclesBefore(keep);
    }

    @Override
    public HardState hardState() {
        checkOpen();
        return hardState;
    }

    @Override
    public void saveHardState(HardState state) {
        checkOpen();
        Objects.requireNonNull(state, "state");
        HardStateFile.write(directory.path(), state);
        hardState = state;
    }

    @Override
    public void flush() {
        checkOpen();
        if (dirty) {
            log.sync();
            dirty = false;
        }
    }

    /** The bytes the queue files use up to their last record (not their sparse apparent size). */
    @Override
    public long sizeInBytes() {
        return closed ? -1 : log.usedBytes();
    }

    @Override
    public boolean isPersistent() {
        return true;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (dirty) {
                log.sync();
            }
        } finally {
            try {
                log.close();
            } finally {
                directory.close();
            }
        }
    }

    /** Writes a marker record and syncs it together with everything before it. */
    private void writeMarker(byte kind, long a, long b) {
        writeBuffer.encode(kind, nextSeq, a, b, null);
        write();
        log.sync();
        dirty = false;
    }

    private long write() {
        long queueIndex;
        try {
            queueIndex = log.append(writeBuffer);
        } catch (StorageException e) {
            throw e;
        } catch (Exception e) { // Chronicle also throws checked exceptions undeclared
            throw new StorageException("cannot append to the queue in " + log.directory() + ": " + e, e);
        }
        nextSeq++;
        return queueIndex;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("log store is closed");
        }
    }

    /** Chronicle quotes raw file bytes in some messages. */
    private static String printable(String text) {
        StringBuilder sb = new StringBuilder(Math.min(text.length(), 300));
        for (int i = 0; i < text.length() && sb.length() < 300; i++) {
            char c = text.charAt(i);
            sb.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return sb.toString();
    }

    private static void closeQuietly(QueueLog log, Throwable primary) {
        try {
            log.close();
        } catch (Exception e) {
            primary.addSuppressed(e);
        }
    }

    /** The number of segments in the index map (tests). */
    int segmentCount() {
        return map.segmentCount();
    }

    @Override
    public String toString() {
        if (closed) {
            return "ChronicleLogStore(closed)";
        }
        return "ChronicleLogStore(" + directory.path() + ", " + available() + ", last=" + last() + ")";
    }
}
