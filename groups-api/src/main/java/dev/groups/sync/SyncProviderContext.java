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
}
