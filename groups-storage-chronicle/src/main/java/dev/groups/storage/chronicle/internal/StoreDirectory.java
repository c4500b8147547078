package dev.groups.storage.chronicle.internal;

import dev.groups.id.GroupId;
import dev.groups.storage.StorageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A store's directory: its {@value #META} file (format and owning group, written once at creation)
 * and an exclusive lock held while the store is open, so two stores (in one process or two) never
 * append to the same log.
 */
public final class StoreDirectory implements AutoCloseable {
    public static final String META = "store.meta";
    public static final String LOCK = "lock";
    public static final String QUEUE = "queue";
    static final String FORMAT = "groups-chronicle-log/1";

    private final Path dir;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private StoreDirectory(Path dir, FileChannel lockChannel, FileLock lock) {
        this.dir = dir;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /** Creates or checks {@code dir} for {@code groupId} and locks it. */
    public static StoreDirectory open(Path dir, GroupId groupId) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StorageException("cannot create the log directory " + dir, e);
        }
        FileChannel channel;
        FileLock lock;
        try {
            channel = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new StorageException("cannot open the lock file in " + dir, e);
        }
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException | IOException e) {
            lock = null;
        }
        if (lock == null) {
            closeQuietly(channel);
            throw new StorageException("log directory " + dir + " is already open (by this or another process)");
        }
        StoreDirectory opened = new StoreDirectory(dir, channel, lock);
        try {
            opened.checkOrCreateMeta(groupId);
            return opened;
        } catch (RuntimeException e) {
            opened.close();
            throw e;
        }
    }

    private void checkOrCreateMeta(GroupId groupId) {
        Path meta = dir.resolve(META);
        if (Files.exists(meta)) {
            Map<String, String> fields = readMeta(meta);
            if (!FORMAT.equals(fields.get("format"))) {
                throw new StorageException("directory " + dir + " has an unknown store format \""
                        + fields.get("format") + "\" in " + META + " (expected " + FORMAT + ")");
            }
            String owner = fields.get("group");
            if (!groupId.toString().equals(owner)) {
                throw new StorageException("directory " + dir + " belongs to group " + owner + ", not " + groupId);
            }
            return;
        }
        if (holdsLogFiles()) {
            throw new StorageException("directory " + dir + " holds log files but no " + META
                    + ", so the group it belongs to is unknown; refusing to use it");
        }
        String text = "# groups Chronicle log store: do not edit\nformat=" + FORMAT + "\ngroup=" + groupId + "\n";
        try {
            Fsync.replace(meta, text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException | UncheckedIOException e) {
            throw new StorageException("cannot write " + meta, e);
        }
    }

    private static Map<String, String> readMeta(Path meta) {
        Map<String, String> fields = new HashMap<>();
        try {
            for (String line : Files.readAllLines(meta, StandardCharsets.UTF_8)) {
                int eq = line.indexOf('=');
                if (!line.startsWith("#") && eq > 0) {
                    fields.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
                }
            }
        } catch (IOException e) {
            throw new StorageException("cannot read " + meta, e);
        }
        return fields;
    }

    private boolean holdsLogFiles() {
        if (Files.exists(dir.resolve(HardStateFile.NAME))) {
            return true;
        }
        Path queue = dir.resolve(QUEUE);
        if (!Files.isDirectory(queue)) {
            return false;
        }
        try (Stream<Path> files = Files.list(queue)) {
            return files.findAny().isPresent();
        } catch (IOException e) {
            throw new StorageException("cannot list " + queue, e);
        }
    }

    public Path path() {
        return dir;
    }

    public Path queueDirectory() {
        return dir.resolve(QUEUE);
    }

    /** Releases the lock. */
    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            // closing the channel below releases the lock anyway
        } finally {
            closeQuietly(lockChannel);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing was written through it
        }
    }
}
