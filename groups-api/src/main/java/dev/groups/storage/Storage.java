package dev.groups.storage;

import dev.groups.log.Cursor;
import dev.groups.log.Index;
import dev.groups.log.IndexRange;
import dev.groups.log.LogEntry;
import dev.groups.log.Term;
import java.util.List;
import java.util.Optional;

/**
 * A group's Raft log plus its hard state (current term and vote), with the exact semantics of the
 * spec §6 and an explicit durability point. {@link InMemoryLogStore} is the reference implementation
 * of these semantics; the testkit's {@code StorageContract} checks any other against them.
 *
 * <h2>Positions</h2>
 * Indices start at 1. <b>Index 0 is a sentinel</b> with term 0 that never holds an entry. After
 * {@link #prunePrefix} or {@link #resetTo}, entries keep their logical indices, and the last removed
 * position (the "offset", with its term) stays known through {@link #termAt} and {@link #last}.
 *
 * <h2>Threading</h2>
 * Called only from the group's actor (or the simulator's thread), one call at a time and never
 * concurrently, each call seeing everything the previous ones did; an implementation needs no locking
 * of its own. The group's actor runs on a worker pool shared by the node's groups, so successive calls
 * may come from different threads (no thread-locals), and a slow {@code flush} holds up a worker. It is opened by a {@link StorageProvider} and used by one
 * group on one node.
 *
 * <h2>Durability</h2>
 * Changes to the log ({@link #append}, {@link #truncate}, {@link #prunePrefix}, {@link #resetTo}) may
 * stay volatile until {@link #flush()} returns: the runtime calls it once per batch of work (group
 * commit) and acknowledges entries to the leader, or counts them as replicated on the leader, only
 * after it. {@link #saveHardState} is durable when it returns: the runtime calls it before granting a
 * vote or starting a candidacy. After a crash, reopening must yield a state in which every flushed
 * change is present, no entry is half-written, and later unflushed changes are either wholly present
 * or wholly absent in log order (a prefix of them).
 *
 * <h2>Blocking and errors</h2>
 * {@link #flush()} and {@link #saveHardState} may block for a disk sync (~0.2–0.4 ms); every other
 * method should return quickly. Methods never return null. An I/O failure is reported with
 * {@link StorageException}; the runtime then stops the group rather than risk acknowledging what is
 * not stored. Implementations must never reorder entries or renumber them.
 *
 * @param <C> the state machine's command type
 */
public interface Storage<C> extends AutoCloseable {
    /**
     * Appends an entry at {@code last().index() + 1} (after a prune or reset: after the offset) and
     * returns that index. Not necessarily durable before {@link #flush()}.
     */
    Index append(C command, Term term);

    /**
     * {@code offset ..= last index}: the spec's availability range, whose <b>start is exclusive</b>:
     * it is the last pruned or reset index (0 when none), whose entry is gone but whose term
     * {@link #termAt} still knows. Entries {@code start+1 ..= end} are retrievable ({@link #retrievable()}).
     */
    IndexRange available();

    /** The retrievable entries: {@code available().start()+1 ..= available().end()} (empty when none). */
    default IndexRange retrievable() {
        IndexRange a = available();
        return new IndexRange(a.start().next(), a.end());
    }

    /** The entry at {@code index}; empty for 0, for pruned indices (≤ offset) and beyond the end. */
    Optional<LogEntry<C>> get(Index index);

    /**
     * The entries of {@code range} that exist, in index order: the range is clamped to
     * {@code offset+1 ..= last}; empty when it lies outside. The list is the caller's.
     */
    List<LogEntry<C>> getRange(IndexRange range);

    /**
     * Removes entries {@code at ..= end}. If {@code at <= offset}, every remaining entry is removed
     * but the offset and its term are kept. If {@code at > last}, nothing happens.
     */
    void truncate(Index at);

    /**
     * The cursor of the last entry; with no entries, the offset's cursor (the last pruned or reset
     * position), or {@link Cursor#ZERO}.
     */
    Cursor last();

    /**
     * The term at {@code index}: {@code Term.ZERO} for index 0, the offset's term at the offset,
     * the entry's term for a retrievable entry; empty otherwise (pruned below the offset or beyond
     * the end).
     */
    Optional<Term> termAt(Index index);

    /**
     * Drops entries {@code ≤ upTo}, keeping logical indices, and records the last dropped entry's
     * cursor as the new offset. Idempotent; a no-op when {@code upTo <= offset} (so
     * {@code prunePrefix(0)} does nothing). Pruning past the last entry prunes every entry. Does not
     * change {@link #last()}.
     */
    void prunePrefix(Index upTo);

    /**
     * Clears every entry and makes {@code cursor} the offset: afterwards {@code last() == cursor},
     * {@code termAt(cursor.index()) == cursor.term()}, and appends continue at {@code cursor.index()+1}.
     * Used by snapshot-based state sync after installing a snapshot.
     */
    void resetTo(Cursor cursor);

    /** The durable hard state; {@link HardState#INITIAL} for a new log. */
    HardState hardState();

    /**
     * Replaces the hard state. <b>Durable when it returns</b>: a vote must never be forgotten by a
     * crash, or a node could vote twice in one term.
     */
    void saveHardState(HardState state);

    /**
     * The durability point: when it returns, every change made before the call is durable (synced to
     * disk for a durable store). Cheap when nothing changed since the last flush. An in-memory store
     * returns at once.
     */
    void flush();

    /**
     * The bytes this log takes in its store (for a durable store: on disk, close to what {@code du}
     * reports for its files), or -1 when the store does not say (the default). For status displays and
     * metrics: the runtime calls it on the group's thread after a flush, so it must be cheap (a counter
     * the store keeps, never a walk of its directory) and must not throw.
     */
    default long sizeInBytes() {
        return -1;
    }

    /** True if this store survives a process restart (its {@link #flush()} really syncs). */
    boolean isPersistent();

    /** Flushes and releases files and memory. Idempotent. Using the store afterwards is an error. */
    @Override
    void close();
}
