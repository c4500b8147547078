package dev.groups.sync;

import dev.groups.id.PeerId;
import dev.groups.log.Cursor;
import dev.groups.log.LogEntry;
import dev.groups.log.LogPayload;
import java.util.List;
import java.util.Optional;

/**
 * One catch-up of a lagging member. Created by {@link StateSync#createSession}; the runtime drops it
 * when it reports completion, when the term changes (a new leader), or when the group stops.
 *
 * <p>What a session must do: make the local log end exactly at the target position (by appending the
 * missing entries, or by installing a snapshot and {@code resetTo}), then append the entries buffered
 * since, then report the final {@code log().last()} from {@link #poll}. It must <b>not</b> apply
 * entries to the machine (the runtime applies them as the leader's commit index covers them), except
 * a snapshot install followed by {@link SyncSessionContext#setCommitted}.
 *
 * <p><b>Liveness</b> is the session's job: it must finish, or keep retrying while the leader is
 * reachable, whatever peers answer (an empty answer, a peer that leaves, a gap beyond what peers
 * have committed). The runtime gives up on a session only when the term changes.
 *
 * <p>All methods run on the group thread and must not block or throw.
 */
public interface StateSyncSession<C, M> {
    /** A message for this session (one the provider passed on). */
    void onMessage(PeerId from, M message, SyncSessionContext<C, M> ctx);

    /**
     * Entries from a further AppendEntries received during catch-up; they belong at
     * {@code position.index()+1 …}. A heartbeat gives an empty list (and its position says how far the
     * leader's log now reaches).
     */
    void buffer(Cursor position, List<LogEntry<LogPayload<C>>> entries, SyncSessionContext<C, M> ctx);

    /**
     * Does the session's work. Called after every event the group processes while the session lives.
     *
     * @return the final log position once caught up (it must equal {@code ctx.log().last()}), or empty
     *     while still working
     */
    Optional<Cursor> poll(SyncSessionContext<C, M> ctx);
}
