package dev.groups.storage.chronicle.internal;

import dev.groups.storage.StorageException;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.SyncMode;
import net.openhft.chronicle.core.time.TimeProvider;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.RollingResourcesCache;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * The Chronicle Queue under a store: appends {@link LogRecord}s, reads them back by queue index,
 * syncs, and deletes whole cycle files. Knows nothing of Raft.
 *
 * <p>Syncing uses {@code FileChannel.force} on every cycle file written since the last sync rather
 * than {@code ExcerptAppender.sync()}: the latter msyncs only the appender's current mapped chunk from
 * where the previous sync stopped, and logs instead of throwing when msync fails. On Linux, fsync of a
 * file also writes back the pages dirtied through its memory mappings.
 *
 * <p>Single-threaded like the store; Chronicle's own thread-affinity checks are switched off because
 * the store is opened on one thread and used on another.
 */
public final class QueueLog implements AutoCloseable {
    private static final String SUFFIX = SingleChronicleQueue.SUFFIX;

    private final Path dir;
    private final SingleChronicleQueue queue;
    private final RollCycle rollCycle;
    private final RollingResourcesCache files;
    /** Created at the first append: after the replay has checked the files it would otherwise touch. */
    private ExcerptAppender appender;
    private final ExcerptTailer reader;
    /** Cycle → what each file's header said at open (checked then). */
    private final Map<Integer, CycleHeaders.Header> headersAtOpen;

    /** The cycle file written last and its channel; files rolled away from since the last sync. */
    private int currentCycle = Integer.MIN_VALUE;
    private FileChannel currentChannel;
    private final List<FileChannel> rolledOver = new ArrayList<>();
    private boolean newFileSinceSync;
    /**
     * Cycle → the file offset where its last document ends: the bytes each file uses (its apparent
     * size is the whole sparse cycle file). Learnt by the replay at open, advanced by appends.
     */
    private final Map<Integer, Long> usedBytes = new HashMap<>();

    private QueueLog(Path dir, SingleChronicleQueue queue, Map<Integer, CycleHeaders.Header> headers) {
        this.dir = dir;
        this.headersAtOpen = headers;
        this.queue = queue;
        this.rollCycle = queue.rollCycle();
        File base = dir.toFile();
        this.files = new RollingResourcesCache(rollCycle, queue.epoch(),
                name -> new File(base, name + SUFFIX),
                file -> file.getName().substring(0, file.getName().length() - SUFFIX.length()));
        this.reader = queue.createTailer();
        this.reader.singleThreadedCheckDisabled(true);
    }

    /** Opens (creating if needed) the queue in {@code dir}. {@code time} null means the wall clock. */
    public static QueueLog open(Path dir, RollCycle rollCycle, TimeProvider time) {
        boolean created = !Files.isDirectory(dir);
        SingleChronicleQueueBuilder builder = SingleChronicleQueueBuilder.binary(dir)
                .rollCycle(rollCycle)
                // our own FileChannel.force is the durability point; SYNC still makes Chronicle
                // msync chunks it releases instead of leaving them to the kernel.
                .syncMode(SyncMode.SYNC);
        if (time != null) {
            builder.timeProvider(time);
        }
        SingleChronicleQueue queue = builder.build();
        try {
            QueueLog log = new QueueLog(dir, queue, CycleHeaders.check(queue));
            if (created) {
                Fsync.directory(dir);
                Fsync.directory(dir.getParent());
            }
            return log;
        } catch (RuntimeException e) {
            queue.close();
            throw e;
        }
    }

    /** Appends {@code record} and returns its queue index. Durable after {@link #sync()}. */
    public long append(LogRecord record) {
        if (appender == null) {
            appender = queue.createAppender();
            appender.singleThreadedCheckDisabled(true);
        }
        long end;
        try (DocumentContext dc = appender.writingDocument()) {
            try {
                dc.wire().bytes().write(record.bytes(), 0, record.length());
                end = dc.wire().bytes().writePosition(); // an offset in the cycle file
            } catch (RuntimeException e) {
                dc.rollbackOnClose();
                throw e;
            }
        }
        long index = appender.lastIndexAppended();
        int cycle = rollCycle.toCycle(index);
        usedBytes.merge(cycle, end, Math::max);
        if (cycle != currentCycle) {
            switchFile(cycle);
        }
        return index;
    }

    private void switchFile(int cycle) {
        try {
            FileChannel channel = FileChannel.open(fileOfCycle(cycle).toPath(), StandardOpenOption.READ);
            if (currentChannel != null) {
                rolledOver.add(currentChannel);
            }
            currentChannel = channel;
            currentCycle = cycle;
            newFileSinceSync = true;
        } catch (IOException e) {
            throw new StorageException("cannot open queue file " + fileOfCycle(cycle) + " to sync it", e);
        }
    }

    /** Makes every record appended so far durable. */
    public void sync() {
        try {
            for (FileChannel channel : rolledOver) {
                channel.force(false);
                channel.close();
            }
            rolledOver.clear();
            if (currentChannel != null) {
                currentChannel.force(false);
            }
            if (newFileSinceSync) {
                Fsync.directory(dir);
                newFileSinceSync = false;
            }
        } catch (IOException | UncheckedIOException e) {
            throw new StorageException("cannot sync the queue in " + dir, e);
        }
    }

    /**
     * Reads the record at {@code queueIndex} into {@code into} and parses it; false when the queue has
     * no document there. Sequential calls (index, index+1, …) do not seek.
     */
    public boolean read(long queueIndex, LogRecord into) {
        if (reader.index() != queueIndex && !reader.moveToIndex(queueIndex)) {
            return false;
        }
        try (DocumentContext dc = reader.readingDocument()) {
            if (!dc.isPresent() || dc.index() != queueIndex) {
                return false;
            }
            copy(dc, into); // whether it parsed is in into.problem()
            return true;
        }
    }

    /** A tailer over every document from the start, for the replay at open. */
    public Scanner scanner() {
        ExcerptTailer tailer = queue.createTailer();
        tailer.singleThreadedCheckDisabled(true);
        return new Scanner(tailer.toStart());
    }

    /** What {@link Scanner#next} found. */
    public enum Scan { END, INTACT, DAMAGED }

    /** Reads the queue from its start; {@link #next} parses each document into a record. */
    public final class Scanner implements AutoCloseable {
        private final ExcerptTailer tailer;
        private long index = -1;
        /** Cycle → file offset of the last document read in it. */
        private final Map<Integer, Long> lastPositions = new HashMap<>();
        /** Queue index → file offset of the documents read that Chronicle's index should point at. */
        private final Map<Long, Long> indexed = new HashMap<>();
        private final int spacing = rollCycle.defaultIndexSpacing();

        private Scanner(ExcerptTailer tailer) {
            this.tailer = tailer;
        }

        /**
         * Reads the next document into {@code into} and parses it; {@link LogRecord#problem()} says
         * why a damaged one is.
         */
        public Scan next(LogRecord into) {
            try (DocumentContext dc = tailer.readingDocument()) {
                if (!dc.isPresent()) {
                    return Scan.END;
                }
                index = dc.index();
                // documents have a 4-byte header; positions are offsets in the cycle file
                long offset = dc.wire().bytes().readPosition() - 4;
                int cycle = rollCycle.toCycle(index);
                lastPositions.put(cycle, offset);
                usedBytes.merge(cycle, dc.wire().bytes().readLimit(), Math::max);
                if (rollCycle.toSequenceNumber(index) % spacing == 0) {
                    indexed.put(index, offset);
                }
                return copy(dc, into) ? Scan.INTACT : Scan.DAMAGED;
            }
        }

        /**
         * After the last document: what is wrong with a cycle file, or null. Every file must have been
         * read at least up to the last complete document its header records (further is fine: a crash
         * can stop Chronicle between completing a document and advancing the header), and its
         * Chronicle index must agree with the offsets read ({@link IndexCheck}).
         */
        public String checkFiles() {
            for (Map.Entry<Integer, CycleHeaders.Header> e : headersAtOpen.entrySet()) {
                CycleHeaders.Header header = e.getValue();
                long read = lastPositions.getOrDefault(e.getKey(), 0L);
                if (read < header.writePosition()) {
                    return "queue file " + header.file() + ": its header says its last record starts at byte "
                            + header.writePosition() + " but reading " + (read == 0 ? "found no record" : "stopped at byte " + read);
                }
                String problem = IndexCheck.check(rollCycle, e.getKey(), header, indexed, read);
                if (problem != null) {
                    return "queue file " + header.file() + ": " + problem;
                }
            }
            return null;
        }

        /** The queue index of the document read last. */
        public long index() {
            return index;
        }

        @Override
        public void close() {
            tailer.close();
        }
    }

    private static boolean copy(DocumentContext dc, LogRecord into) {
        Bytes<?> bytes = dc.wire().bytes();
        long remaining = bytes.readRemaining();
        if (remaining > Integer.MAX_VALUE - 16) {
            into.bufferFor(0);
            return into.parse(0);
        }
        int n = (int) remaining;
        bytes.read(into.bufferFor(n), 0, n);
        return into.parse(n);
    }

    /** The bytes the queue's files use: in each file, up to the end of its last document. Cheap. */
    public long usedBytes() {
        long total = 0;
        for (long b : usedBytes.values()) {
            total += b;
        }
        return total;
    }

    public int cycleOf(long queueIndex) {
        return rollCycle.toCycle(queueIndex);
    }

    /** The cycle of the document appended last by this process, or of the queue's newest file. */
    public int newestCycle() {
        return currentCycle != Integer.MIN_VALUE ? currentCycle : queue.lastCycle();
    }

    /** The file that holds queue index {@code queueIndex} (for messages and tests). */
    public File fileOf(long queueIndex) {
        return fileOfCycle(cycleOf(queueIndex));
    }

    private File fileOfCycle(int cycle) {
        return files.resourceFor(cycle).path;
    }

    /**
     * Deletes the cycle files older than {@code keepCycle}. Callers sync first: what the deleted files
     * held must already be superseded by a durable record. Returns how many files went.
     */
    public int deleteCyclesBefore(int keepCycle) {
        List<Path> doomed = new ArrayList<>();
        try (Stream<Path> list = Files.list(dir)) {
            list.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).forEach(p -> {
                Long cycle = cycleOfFile(p.toFile());
                if (cycle != null && cycle < keepCycle) {
                    doomed.add(p);
                }
            });
        } catch (IOException e) {
            throw new StorageException("cannot list the queue directory " + dir, e);
        }
        usedBytes.keySet().removeIf(cycle -> cycle < keepCycle);
        if (doomed.isEmpty()) {
            return 0;
        }
        try {
            for (Path p : doomed) {
                Files.deleteIfExists(p);
            }
            Fsync.directory(dir);
        } catch (IOException | UncheckedIOException e) {
            throw new StorageException("cannot delete pruned queue files in " + dir, e);
        }
        queue.refreshDirectoryListing();
        return doomed.size();
    }

    private Long cycleOfFile(File file) {
        try {
            return files.toLong(file);
        } catch (RuntimeException e) {
            return null; // not a cycle file of this roll cycle: leave it alone
        }
    }

    /** The name of the newest cycle file in {@code dir}, or "none" (for messages). */
    public static String newestFile(Path dir) {
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(SUFFIX))
                    .max(String::compareTo).orElse("none");
        } catch (IOException e) {
            return "unknown";
        }
    }

    public Path directory() {
        return dir;
    }

    @Override
    public void close() {
        try {
            for (FileChannel channel : rolledOver) {
                channel.close();
            }
            if (currentChannel != null) {
                currentChannel.close();
            }
        } catch (IOException e) {
            throw new StorageException("cannot close the queue files in " + dir, e);
        } finally {
            rolledOver.clear();
            currentChannel = null;
            reader.close();
            if (appender != null) {
                appender.close();
            }
            queue.close();
        }
    }
}
