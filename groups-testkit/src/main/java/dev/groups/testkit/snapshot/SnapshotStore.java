package dev.groups.testkit.snapshot;

import dev.groups.log.Cursor;
import java.util.Optional;

/**
 * Durable snapshots next to a durable log, so that a member restarting from a pruned log gets its
 * machine back. The runtime starts a member with a persistent log as if its machine already held
 * every entry up to the log's offset (the last pruned or reset position); with a machine that keeps
 * its state in memory that is only true if {@link SnapshotSync} can restore the snapshot taken at
 * exactly that offset. {@code SnapshotSync} makes every offset a snapshot anchor (it lets the runtime
 * prune only up to one, and installs one before resetting the log to it) and saves each snapshot here
 * before the log can move to it.
 *
 * <p>Without a store (the default) snapshots live in memory only, which is right for a volatile log
 * and wrong for a persistent one.
 *
 * <p><b>Threading.</b> Called on the group's thread only. {@link #save} may block for a disk sync, as
 * {@code Storage.saveHardState} does; {@link #load} is called once, when the group starts.
 *
 * <p><b>Retention</b> is the store's business: it must keep the snapshot whose anchor is the log's
 * durable offset, and every later one, until the durable offset passes them. It may drop any other.
 */
public interface SnapshotStore {
    /**
     * Keeps {@code snapshot}, the machine's state at {@code anchor}. Durable when it returns. The array
     * becomes the store's; the caller does not modify it afterwards.
     */
    void save(Cursor anchor, byte[] snapshot);

    /** The snapshot saved at exactly {@code anchor} (same term and index), if the store still has it. */
    Optional<byte[]> load(Cursor anchor);
}
