package dev.groups.sync;

import dev.groups.id.PeerId;
import java.util.Optional;

/** The context of a {@link StateSyncProvider}. */
public interface SyncProviderContext<C, M> extends SyncContext<C, M> {
    /** The leader this node currently follows (itself when leading), if any. */
    Optional<PeerId> leader();

    boolean isLeader();

    /**
     * Appends a command to the log as a local {@code feed} would, for example a snapshot marker so
     * that every member snapshots at the same position. Leader only, best effort.
     *
     * @return false if this node is not the leader (nothing was appended)
     */
    boolean feedCommand(C command);

    /**
     * What the runtime holds at {@link #committed()} besides the machine: the leader of that term and the
     * client-session table. Take it together with the machine's state, in the same call (for example in
     * {@link StateSyncProvider#onCommitted}, where the machine has applied exactly up to {@code committed}),
     * and keep it with that state: a later install or restore of the state must hand it back.
     */
    RuntimeState runtimeState();

    /**
     * Tells the runtime, while the group starts, that this sync restored the machine's state at the log's
     * offset (the state a snapshot left behind before the log was pruned or reset to it), and what the
     * runtime held with that state. Call it from {@link StateSync#createProvider}, and only then.
     *
     * @throws IllegalStateException if {@code state.position()} is not the log's offset, or the group has
     *     started already
     * @throws IllegalArgumentException if the client-session table does not decode
     */
    void restored(RuntimeState state);
}
