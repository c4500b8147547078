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
     * without applying anything, and publishes the new committed index. The state must be one the
     * session's {@link #leader()} took of its own committed log: the runtime then counts the log up to
     * {@code cursor} as matching that leader's (a snapshot from another peer may, in dynamic mode, hold a
     * history the leader superseded).
     *
     * @throws IllegalStateException if {@code cursor} is not the log's sentinel after {@code resetTo}
     *     (i.e. {@code log().termAt(cursor.index())} must equal {@code cursor.term()})
     */
    void setCommitted(Cursor cursor);

    /**
     * {@link #setCommitted(Cursor)}, also naming the leader that started {@code cursor.term()}. Log
     * matching compares (term, leader of the term, index): without the leader, the runtime cannot tell
     * a later same-term rival's entries (dynamic mode) from the real ones right after the anchor. A
     * snapshot implementation that knows it should use this form.
     */
    void setCommitted(Cursor cursor, java.util.Optional<dev.groups.id.PeerId> termLeader);

    /**
     * {@link #setCommitted(Cursor, java.util.Optional)} at {@code state.position()}, also restoring the
     * client-session table that was taken with the snapshot ({@link SyncProviderContext#runtimeState()}),
     * so that a retried forward of a command inside the snapshot is not applied a second time. A snapshot
     * implementation should use this form.
     *
     * @throws IllegalStateException as {@link #setCommitted(Cursor)}
     * @throws IllegalArgumentException if the client-session table does not decode
     */
    void setCommitted(RuntimeState state);
}
