package dev.groups.sync;

import dev.groups.id.PeerId;
import dev.groups.log.Cursor;

/** The context of a {@link StateSyncSession}. */
public interface SyncSessionContext<C, M> extends SyncContext<C, M> {
    /** The leader whose log this session catches up with. Always known while a session lives. */
    PeerId leader();

    /**
     * Declares that the machine's state now reflects every entry up to {@code cursor}: used after
     * installing a snapshot. The runtime sets its committed and applied position to {@code cursor}
     * without applying anything, and publishes the new committed index.
     *
     * @throws IllegalStateException if {@code cursor} is not the log's sentinel after {@code resetTo}
     *     (i.e. {@code log().termAt(cursor.index())} must equal {@code cursor.term()})
     */
    void setCommitted(Cursor cursor);
}
