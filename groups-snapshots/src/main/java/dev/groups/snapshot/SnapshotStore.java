package dev.groups.snapshot;

import dev.groups.id.Digest;
import dev.groups.log.Cursor;
import dev.groups.snapshot.internal.FileSnapshotStore;
import dev.groups.snapshot.internal.MemorySnapshotStore;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Where a member's snapshots live: {@link #directory files} next to a durable log (so that a member
 * restarting from a pruned log gets its machine back), or {@link #memory() memory} for a volatile
 * log. The runtime starts a member with a persistent log as if its machine already held every entry
 * up to the log's offset; {@link SnapshotSync} makes every offset a snapshot anchor (it lets the
 * runtime prune only up to one, and commits one to the store before resetting the log to it), and
 * restores the stored snapshot at the offset when the group starts.
 *
 * <p>A snapshot's bytes are written once, through a {@link Draft} (sequentially when the machine is
 * snapshotted, at chunk positions in any order when it is downloaded from peers), then
 * {@link Draft#commit committed}; a committed {@link Stored} snapshot is immutable and read at any
 * position. Nothing here holds a whole snapshot in memory except the memory store.
 *
 * <p><b>Threading.</b> One store belongs to one {@link SnapshotSync} of one group on one node; it is
 * called on the group's thread only, never concurrently. Its methods block for file I/O (and a
 * commit for a disk sync); they should not otherwise wait.
 *
 * <p><b>Durability.</b> {@link Draft#commit} is durable when it returns: the file is synced, renamed
 * into place and its directory synced. A draft that was not committed is gone after a crash.
 * {@link #delete} need not be durable (a deleted snapshot that comes back after a crash is deleted
 * again).
 *
 * <p><b>Retention</b> is decided by {@link SnapshotSync}: it deletes a snapshot only when the log's
 * offset has passed its anchor and it no longer serves it; the store keeps everything else.
 *
 * <p><b>Errors.</b> I/O failures are thrown as {@link UncheckedIOException} (the state sync then
 * abandons that snapshot and logs why; the group goes on). Never null.
 */
public interface SnapshotStore extends AutoCloseable {
    /** Snapshots in files under {@code directory} (created if needed). */
    static SnapshotStore directory(Path directory) {
        return FileSnapshotStore.open(directory);
    }

    /** Snapshots in memory: lost with the process. For a volatile log (or tests). */
    static SnapshotStore memory() {
        return new MemorySnapshotStore();
    }

    /** Starts a new snapshot of the state at {@code anchor}; it replaces any committed at the same anchor. */
    Draft begin(Cursor anchor);

    /** The committed snapshots, in no particular order (called once, when the group starts). */
    List<Stored> list();

    /** Deletes the committed snapshot at {@code anchor}, if there is one. */
    void delete(Cursor anchor);

    /** Releases files; idempotent. Drafts not committed are discarded. */
    @Override
    void close();

    /** A snapshot being written. Not committed until {@link #commit}; {@link #abort} discards it. */
    interface Draft {
        Cursor anchor();

        /**
         * Writes {@code length} bytes of {@code data} from {@code offset} at {@code position} of the
         * snapshot (positions may be written in any order; the draft's size is the end of the furthest
         * write). The bytes are copied.
         */
        void write(long position, byte[] data, int offset, int length);

        /** The end of the furthest write. */
        long size();

        /** What was written so far, from the start (to check a digest before committing). The caller closes it. */
        InputStream read();

        /**
         * Makes the draft a committed snapshot, durable when it returns, replacing any committed at the
         * same anchor. The draft is then spent.
         *
         * @param digest the SHA-256 of the bytes, which the caller computed or checked: the store keeps it
         *               with them so that a restart can check them before restoring
         */
        Stored commit(Digest digest);

        /** Discards the draft; idempotent. */
        void abort();
    }

    /** A committed snapshot: immutable, readable at any position. */
    interface Stored {
        Cursor anchor();

        /** The SHA-256 declared at {@link Draft#commit}. */
        Digest digest();

        long size();

        /**
         * Reads up to {@code length} bytes at {@code position} into {@code into}; fewer only at the end.
         *
         * @return the bytes read
         */
        int read(long position, byte[] into, int offset, int length);

        /** The whole snapshot as a stream from its start. The caller closes it. */
        InputStream open();
    }
}
