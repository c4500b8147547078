package dev.groups.metrics;

import dev.groups.id.PeerId;
import dev.groups.log.Cursor;
import dev.groups.log.Index;
import dev.groups.log.Term;
import dev.groups.transport.CloseReason;
import java.util.Optional;

/**
 * The events of one group on this node, for metrics and monitoring. Every method has a no-op default:
 * implement the ones you need ({@link #NONE} implements none).
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li><b>Who calls it:</b> the group's runtime, from the group's actor (a worker of the node's
 *       pool, not always the same thread), one call at a time, in the order things happened; never
 *       concurrently for one group (different groups may call their listeners concurrently).</li>
 *   <li><b>Blocking:</b> never. These calls sit on the path of every commit: update a counter or a
 *       histogram and return; hand anything slower to another thread.</li>
 *   <li><b>Arguments:</b> values, never buffers; durations are in nanoseconds of
 *       {@link System#nanoTime()}. Nothing passed in is key material.</li>
 *   <li><b>Never:</b> throw (an exception is caught, logged once, and the event dropped; it never stops
 *       the group), call back into the group or wait for it (that would deadlock its thread).</li>
 *   <li><b>Lifetime:</b> from {@link GroupObserver#groupStarted} to {@link #stopped()}, the last call.</li>
 * </ul>
 */
public interface GroupListener {
    /** A listener that ignores every event; the runtime's default. */
    GroupListener NONE = new GroupListener() {};

    /**
     * The committed index advanced here by {@code entries} and the entries were applied (commits/s).
     * Counts log entries, including the no-op a new leader appends.
     */
    default void committed(long entries) {}

    /**
     * A local {@code feed}/{@code execute} saw its entries committed (this node learnt a commit index at
     * or past the last entry the leader assigned it), {@code nanos} after it was proposed.
     */
    default void proposeToCommit(long nanos) {}

    /** A local {@code execute} completed: its own entries were applied here, {@code nanos} after it was proposed. */
    default void proposeToApply(long nanos) {}

    /** The log was flushed (made durable: an fsync for a durable store); it took {@code nanos}. */
    default void flushed(long nanos) {}

    /** This node stood for election in {@code term} (it became a candidate). */
    default void electionStarted(Term term) {}

    /** The current term changed to {@code term} (an election here or elsewhere). */
    default void termChanged(Term term) {}

    /**
     * The leader this node follows changed: a new leader, this node ({@code leader} is the local id),
     * or none (empty: the leader was lost, an election runs).
     */
    default void leaderChanged(Optional<PeerId> leader, Term term) {}

    /** A bond with {@code peer} opened (both proofs checked). */
    default void bondOpened(PeerId peer) {}

    /** The open bond with {@code peer} closed, for {@code reason} (given by whichever side closed). */
    default void bondClosed(PeerId peer, CloseReason reason) {}

    /** This node started catching up through its state sync, towards the leader's {@code target}. */
    default void syncStarted(Cursor target) {}

    /** A state sync session ended with the log at {@code reached}, after {@code nanos}. */
    default void syncFinished(Cursor reached, long nanos) {}

    /**
     * A snapshot of the state machine was written, covering the log up to {@code upTo}: {@code bytes}
     * long, in {@code nanos}. Reported by snapshot-based state syncs.
     */
    default void snapshotTaken(Index upTo, long bytes, long nanos) {}

    /**
     * A snapshot received from a peer was installed, covering the log up to {@code upTo}: {@code bytes}
     * long, in {@code nanos} (transfer and restore). Reported by snapshot-based state syncs.
     */
    default void snapshotInstalled(Index upTo, long bytes, long nanos) {}

    /** The group stopped on this node (left, or failed): the last call; release what was registered. */
    default void stopped() {}
}
