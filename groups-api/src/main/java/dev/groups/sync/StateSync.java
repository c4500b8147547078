package dev.groups.sync;

import dev.groups.id.UniqueId;
import dev.groups.log.Cursor;
import dev.groups.log.Index;
import dev.groups.log.LogEntry;
import dev.groups.log.LogPayload;
import dev.groups.machine.Codec;
import java.util.List;

/**
 * How a member whose log is behind the leader's catches up (spec §5). One instance per group per
 * node; it makes one {@link StateSyncProvider} (serves others, on every member, in every role) and a
 * {@link StateSyncSession} each time this node falls behind.
 *
 * <p>Two shapes are possible with this SPI alone:
 * <ul>
 *   <li><b>log replay</b> (the built-in): fetch the missing entries from peers and append them;
 *       the runtime applies them as they commit.</li>
 *   <li><b>snapshot</b>: the provider captures the machine's state (the implementation holds the
 *       machine it was created by), the session installs it, calls
 *       {@code log().resetTo(anchor)} and {@link SyncSessionContext#setCommitted(Cursor)}, and
 *       appends the buffered entries after the anchor.</li>
 * </ul>
 *
 * <p><b>Threading.</b> Every method of this interface, of its providers and sessions is called from
 * the group's actor, one call at a time (possibly on different threads of the node's worker pool, each
 * call seeing what the previous ones did), and none may block: waiting is done by returning and being
 * polled again.
 * Time comes only from {@link SyncContext#now()}, which makes implementations deterministic under
 * simulation.
 *
 * @param <C> the state machine's command type
 * @param <M> this implementation's own message type, carried between members' providers and sessions
 */
public interface StateSync<C, M> {
    /** Identifies this implementation and every setting members must share; part of the group id. */
    UniqueId signature();

    /** Encodes this implementation's messages for the wire (bounded, as every decoder). */
    Codec<M> messageCodec();

    /** Called once per node when the group starts, whatever the role. */
    StateSyncProvider<M> createProvider(SyncProviderContext<C, M> ctx);

    /**
     * Called when an AppendEntries did not match the local log: this node must reach
     * {@code position} (the leader's previous-entry cursor of that message).
     *
     * @param position     the cursor the local log must end at before {@code entries} can follow
     * @param leaderCommit the leader's commit index at that time
     * @param entries      the entries of the triggering message; they belong at {@code position.index()+1 …}
     */
    StateSyncSession<C, M> createSession(SyncSessionContext<C, M> ctx, Cursor position, Index leaderCommit,
                                         List<LogEntry<LogPayload<C>>> entries);
}
