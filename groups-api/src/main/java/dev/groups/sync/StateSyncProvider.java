package dev.groups.sync;

import dev.groups.id.PeerId;
import dev.groups.log.Cursor;
import dev.groups.log.Index;
import java.util.Optional;

/**
 * The serving side of a {@link StateSync}: it runs on every member, in every role, for the life of
 * the group, and answers other members' sessions.
 *
 * <p>All methods run on the group thread and must not block or throw. The runtime passes the same
 * context to every call; it is valid only during the call.
 */
public interface StateSyncProvider<M> {
    /**
     * A message from a peer's session or provider.
     *
     * @return true if the provider consumed it; false to pass it on to this node's active session
     *     (responses to this node's own requests)
     */
    boolean onMessage(PeerId from, M message, SyncProviderContext<?, M> ctx);

    /**
     * Called after every event the group processes (messages, timer ticks, bond changes), after the
     * consensus role ran. Do periodic work here, such as expiring state by {@code ctx.now()}.
     */
    default void poll(SyncProviderContext<?, M> ctx) {}

    /**
     * Called after each advance of the committed index, before {@link #safeToPrunePrefix}.
     */
    default void onCommitted(Cursor committed, SyncProviderContext<?, M> ctx) {}

    /**
     * How far the log may be pruned: entries up to the returned index are no longer needed by this
     * implementation to bring others up to date. The runtime prunes up to
     * {@code min(returned, committed - 1)}, so the newest committed entry is always kept. Empty (the
     * default) means never prune.
     */
    default Optional<Index> safeToPrunePrefix(SyncProviderContext<?, M> ctx) {
        return Optional.empty();
    }
}
