package dev.groups.snapshot.internal;

import dev.groups.id.Digest;
import dev.groups.log.Cursor;
import dev.groups.snapshot.SnapshotStore;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.LinkedHashMap;

/**
 * {@link SnapshotStore#memory()}: snapshots as arrays, lost with the process (for a volatile log). A
 * snapshot is limited to the largest array.
 */
public final class MemorySnapshotStore implements SnapshotStore {
    private static final int MAX_BYTES = Integer.MAX_VALUE - 8;
    private final Map<Cursor, Stored> committed = new LinkedHashMap<>();

    @Override
    public Draft begin(Cursor anchor) {
        return new MemoryDraft(anchor);
    }

    @Override
    public List<Stored> list() {
        return new ArrayList<>(committed.values());
    }

    @Override
    public void delete(Cursor anchor) {
        committed.remove(anchor);
    }

    @Override
    public void close() {
        // nothing to release: the arrays go with the store
    }

    /** A committed snapshot in an array (also used by stores that simulate a disk). */
    public record StoredBytes(Cursor anchor, Digest digest, byte[] bytes) implements Stored {
        @Override
        public long size() {
            return bytes.length;
        }

        @Override
        public int read(long position, byte[] into, int offset, int length) {
            if (position >= bytes.length) {
                return 0;
            }
            int n = (int) Math.min(length, bytes.length - position);
            System.arraycopy(bytes, (int) position, into, offset, n);
            return n;
        }

        @Override
        public InputStream open() {
            return new ByteArrayInputStream(bytes);
        }
    }

    /** A draft in a growable array: positional writes, any order. */
    public class MemoryDraft implements Draft {
        private final Cursor anchor;
        private byte[] bytes = new byte[256];
        private int size;
        private boolean spent;

        MemoryDraft(Cursor anchor) {
            this.anchor = anchor;
        }

        @Override
        public Cursor anchor() {
            return anchor;
        }

        @Override
        public void write(long position, byte[] data, int offset, int length) {
            check();
            long end = position + length;
            if (position < 0 || end > MAX_BYTES) {
                throw new UncheckedIOException(new IOException("a snapshot of more than " + MAX_BYTES
                        + " bytes does not fit a memory store"));
            }
            if (end > bytes.length) {
                bytes = Arrays.copyOf(bytes, (int) Math.min(MAX_BYTES, Math.max(end, 2L * bytes.length)));
            }
            System.arraycopy(data, offset, bytes, (int) position, length);
            size = (int) Math.max(size, end);
        }

        @Override
        public long size() {
            return size;
        }

        @Override
        public InputStream read() {
            check();
            return new ByteArrayInputStream(bytes, 0, size);
        }

        @Override
        public Stored commit(Digest digest) {
            check();
            spent = true;
            Stored s = new StoredBytes(anchor, digest, Arrays.copyOf(bytes, size));
            bytes = null;
            committed.put(anchor, s);
            return s;
        }

        @Override
        public void abort() {
            spent = true;
            bytes = null;
        }

        private void check() {
            if (spent) {
                throw new IllegalStateException("the draft at " + anchor + " was committed or aborted");
            }
        }
    }
}
