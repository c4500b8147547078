package dev.groups.testkit.snapshot;

/**
 * A state machine whose whole state can be captured as bytes and installed again: what
 * {@link SnapshotSync} needs from the machine it belongs to.
 *
 * <p><b>Threading.</b> Both methods are called on the group's thread only (by the state sync's
 * provider and session), never concurrently with {@code apply} or {@code query}; the machine needs no
 * locking for them.
 *
 * <p><b>Determinism.</b> Two replicas that applied the same commands must produce identical bytes
 * from {@link #snapshot()}: members compare snapshots by digest and a lagging member may fetch the
 * chunks of one snapshot from several of them. So the encoding must not depend on hash iteration
 * order, identity, time or anything else that differs between replicas.
 *
 * <p><b>Ownership.</b> The array returned by {@link #snapshot()} becomes the caller's (it is kept and
 * served to peers, so it must not alias live state). The array passed to {@link #restore} is the
 * caller's: the machine must not retain or modify it.
 */
public interface Snapshottable {
    /** The machine's whole state, encoded deterministically. Must not change the state. */
    byte[] snapshot();

    /**
     * Replaces the machine's whole state with the one {@code snapshot} encodes, as if the commands
     * that produced it had been applied to a fresh machine. Atomic: on failure the state is unchanged.
     *
     * @throws dev.groups.machine.CodecException if the bytes are not an encoding {@link #snapshot()}
     *     produces (the only exception it may throw)
     */
    void restore(byte[] snapshot);
}
