package dev.groups.sync;

import dev.groups.id.GroupId;
import dev.groups.id.NetworkId;
import dev.groups.id.PeerId;
import dev.groups.log.Cursor;
import dev.groups.log.LogPayload;
import dev.groups.machine.Codec;
import dev.groups.metrics.GroupListener;
import dev.groups.storage.Storage;
import java.time.Instant;
import java.util.SortedSet;

/**
 * What the runtime offers every state-sync component. Valid only during the call it was passed to;
 * every method must be called on the group thread.
 */
public interface SyncContext<C, M> {
    PeerId localId();

    GroupId groupId();

    NetworkId networkId();

    /**
     * The group's log. Sessions may append, {@code resetTo} and read; providers should only read.
     * Entries are passed through unchanged: a sync implementation never needs to build a payload.
     */
    Storage<LogPayload<C>> log();

    /** Encodes log payloads for a sync implementation's messages (wraps the machine's command codec). */
    Codec<LogPayload<C>> payloadCodec();

    /** The last applied (and committed) position of this node. */
    Cursor committed();

    /** The peers this node is bonded with right now, ordered by id. A read-only snapshot. */
    SortedSet<PeerId> bonds();

    /**
     * Sends a message to a bonded peer's state sync. Best effort and asynchronous: silently dropped
     * when the peer is not bonded, and may be lost if the bond fails. Never blocks.
     */
    void send(PeerId to, M message);

    /** The current time: the runtime's clock (simulated under test). The only clock sync code may use. */
    Instant now();

    /**
     * The group's metrics listener, for the events a state sync reports itself
     * ({@link GroupListener#snapshotTaken}, {@link GroupListener#snapshotInstalled}). Same contract as
     * everywhere: call it on the group thread; it never blocks or throws. {@link GroupListener#NONE} when
     * the group is not observed (the default, for contexts that have no listener).
     */
    default GroupListener listener() {
        return GroupListener.NONE;
    }
}
