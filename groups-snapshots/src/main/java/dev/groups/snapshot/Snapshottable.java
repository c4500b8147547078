package dev.groups.snapshot;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A state machine whose whole state can be written to a stream and read back: what
 * {@link SnapshotSync} needs from the machine it belongs to. The state may be larger than the heap:
 * {@link SnapshotSync} never holds a snapshot in memory (with a directory store it goes to a file
 * and is served from there, chunk by chunk).
 *
 * <p><b>Threading and blocking.</b> Both methods are called on the group's thread only (by the state
 * sync's provider and session), never concurrently with {@code apply} or {@code query}; the machine
 * needs no locking for them. They block that thread while they run (the group neither commits nor
 * answers meanwhile), so a machine with a large state should expect snapshots to pause its group for
 * about the time it takes to write it to disk once every snapshot interval.
 *
 * <p><b>Determinism.</b> Two replicas that applied the same commands must write identical bytes:
 * members compare snapshots by digest and a lagging member fetches the chunks of one snapshot from
 * several of them. So the encoding must not depend on hash iteration order, identity, time or
 * anything else that differs between replicas.
 *
 * <p><b>Ownership.</b> The streams belong to the caller: the machine must not close them and must not
 * keep them past the call.
 */
public interface Snapshottable {
    /**
     * Writes the machine's whole state to {@code out}. Must not change the state. The caller buffers
     * {@code out}, counts and hashes what is written, and makes it durable (with a directory store)
     * before the log is pruned behind it.
     *
     * @throws IOException only if {@code out} throws it (the snapshot is then abandoned, the group
     *     goes on)
     */
    void writeSnapshot(OutputStream out) throws IOException;

    /**
     * Replaces the machine's whole state with the one {@code in} holds (exactly what
     * {@link #writeSnapshot} wrote, already checked against its SHA-256), as if the commands that
     * produced it had been applied to a fresh machine. Reads to the end of {@code in} or stops early;
     * either is fine.
     *
     * <p><b>Atomic:</b> on failure the state must be unchanged (build the new state aside, then swap).
     *
     * @throws IOException if reading fails or the bytes are not an encoding {@link #writeSnapshot}
     *     produces ({@link dev.groups.machine.CodecException} is fine too); nothing else
     */
    void restoreSnapshot(InputStream in) throws IOException;
}
