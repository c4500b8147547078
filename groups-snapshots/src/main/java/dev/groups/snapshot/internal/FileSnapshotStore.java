package dev.groups.snapshot.internal;

import dev.groups.id.Digest;
import dev.groups.log.Cursor;
import dev.groups.snapshot.SnapshotStore;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@link SnapshotStore#directory}: one file per committed snapshot, named
 * {@code snapshot-<index>-<term>-<sha256>.snap} (the name carries the digest, so a restart checks the
 * bytes without a second file), written as {@code draft-<index>-<term>-<n>.tmp} first. A commit syncs the
 * draft, renames it into place and syncs the directory; drafts left by a crash are deleted at open.
 * Nothing is held in memory but the file names.
 */
public final class FileSnapshotStore implements SnapshotStore {
    private static final Pattern NAME = Pattern.compile("snapshot-(\\d+)-(\\d+)-([0-9a-f]{64})\\.snap");
    private final Path dir;
    private long drafts;

    private FileSnapshotStore(Path dir) {
        this.dir = dir;
    }

    /** Opens (creating) {@code dir} and deletes the drafts a crash left there. */
    public static FileSnapshotStore open(Path dir) {
        try {
            Files.createDirectories(dir);
            try (Stream<Path> files = Files.list(dir)) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    String name = p.getFileName().toString();
                    if (name.startsWith("draft-") && name.endsWith(".tmp")) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the snapshot directory " + dir, e);
        }
        return new FileSnapshotStore(dir);
    }

    public Path directory() {
        return dir;
    }

    @Override
    public Draft begin(Cursor anchor) {
        Path file = dir.resolve("draft-" + anchor.index().value() + "-" + anchor.term().value() + "-" + (drafts++) + ".tmp");
        try {
            return new FileDraft(anchor, file, FileChannel.open(file, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.READ, StandardOpenOption.WRITE));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the snapshot draft " + file, e);
        }
    }

    @Override
    public List<Stored> list() {
        List<Stored> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                parse(p).ifPresent(out::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the snapshot directory " + dir, e);
        }
        return out;
    }

    private static Optional<Stored> parse(Path p) {
        Matcher m = NAME.matcher(p.getFileName().toString());
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            Cursor anchor = Cursor.of(Long.parseLong(m.group(2)), Long.parseLong(m.group(1)));
            return Optional.of(new FileStored(anchor, Digest.fromHex(m.group(3)), p, Files.size(p)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // not one of ours (or vanished): leave it alone
        }
    }

    @Override
    public void delete(Cursor anchor) {
        for (Stored s : list()) {
            if (s.anchor().equals(anchor)) {
                try {
                    Files.deleteIfExists(((FileStored) s).file);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot delete the snapshot " + ((FileStored) s).file, e);
                }
            }
        }
    }

    @Override
    public void close() {
        // drafts close their own channels; committed snapshots hold none
    }

    private static void syncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /** A committed snapshot file; each read opens it (chunks are large, opens are cheap). */
    private record FileStored(Cursor anchor, Digest digest, Path file, long size) implements Stored {
        @Override
        public int read(long position, byte[] into, int offset, int length) {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                ByteBuffer buffer = ByteBuffer.wrap(into, offset, length);
                long at = position;
                while (buffer.hasRemaining()) {
                    int n = channel.read(buffer, at);
                    if (n < 0) {
                        break;
                    }
                    at += n;
                }
                return (int) (at - position);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the snapshot " + file, e);
            }
        }

        @Override
        public InputStream open() {
            try {
                return new BufferedInputStream(Files.newInputStream(file), 1 << 16);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open the snapshot " + file, e);
            }
        }
    }

    private final class FileDraft implements Draft {
        private final Cursor anchor;
        private final Path file;
        private final FileChannel channel;
        private long size;
        private boolean spent;

        FileDraft(Cursor anchor, Path file, FileChannel channel) {
            this.anchor = anchor;
            this.file = file;
            this.channel = channel;
        }

        @Override
        public Cursor anchor() {
            return anchor;
        }

        @Override
        public void write(long position, byte[] data, int offset, int length) {
            check();
            try {
                ByteBuffer buffer = ByteBuffer.wrap(data, offset, length);
                long at = position;
                while (buffer.hasRemaining()) {
                    at += channel.write(buffer, at);
                }
                size = Math.max(size, at);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the snapshot draft " + file, e);
            }
        }

        @Override
        public long size() {
            return size;
        }

        @Override
        public InputStream read() {
            check();
            try {
                FileChannel reader = FileChannel.open(file, StandardOpenOption.READ);
                return new BufferedInputStream(Channels.newInputStream(reader), 1 << 16);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the snapshot draft " + file, e);
            }
        }

        @Override
        public Stored commit(Digest digest) {
            check();
            spent = true;
            Path target = dir.resolve("snapshot-" + anchor.index().value() + "-" + anchor.term().value() + "-" + digest
                    + ".snap");
            try {
                channel.force(true);
                channel.close();
                List<Stored> same = list().stream().filter(s -> s.anchor().equals(anchor)).toList();
                Files.move(file, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                for (Stored s : same) {
                    Path old = ((FileStored) s).file;
                    if (!old.equals(target)) {
                        Files.deleteIfExists(old);
                    }
                }
                syncDirectory(dir);
                return new FileStored(anchor, digest, target, size);
            } catch (IOException e) {
                abort();
                throw new UncheckedIOException("cannot commit the snapshot " + target, e);
            }
        }

        @Override
        public void abort() {
            spent = true;
            try {
                channel.close();
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete the snapshot draft " + file, e);
            }
        }

        private void check() {
            if (spent) {
                throw new IllegalStateException("the draft at " + anchor + " was committed or aborted");
            }
        }
    }
}
