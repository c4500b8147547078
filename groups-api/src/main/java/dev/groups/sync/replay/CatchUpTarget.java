package dev.groups.sync.replay;

import dev.groups.log.Cursor;
import dev.groups.log.Index;
import dev.groups.log.LogEntry;
import dev.groups.log.LogPayload;
import dev.groups.storage.Storage;
import dev.groups.sync.StateSync;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where a catch-up session must bring the log: the runtime's target ({@link #origin()}, which the final
 * log must contain), the position the fetched entries must reach ({@link #position()}: the target, moved
 * forward when the leader's later AppendEntries show its log outgrew it) and the leader's entries
 * received since, which follow it. Every entry here comes from the session's leader in the session's
 * term, whose log only grows, so a later entry for an index replaces an earlier one only with the same
 * content (keeping the latest is merely the simplest rule).
 *
 * <p>For {@link StateSync} implementations: log replay's session and the snapshot sync's use it as is.
 * Not thread-safe: a session uses it on its group's thread.
 *
 * @param <C> the group's command type
 */
public final class CatchUpTarget<C> {
    private final TreeMap<Long, LogEntry<LogPayload<C>>> buffered = new TreeMap<>();
    private final Cursor origin;
    private Cursor position;

    /** From the runtime's target and the entries that arrived with it (they follow it). */
    public CatchUpTarget(Cursor position, List<LogEntry<LogPayload<C>>> entries) {
        this.origin = position;
        this.position = position;
        add(position, entries);
    }

    /** The runtime's target as given: the finished log must hold it (a snapshot is anchored at or before it). */
    public Cursor origin() {
        return origin;
    }

    /** The position the fetched entries must reach (the log ends exactly there before buffered entries). */
    public Cursor position() {
        return position;
    }

    /**
     * Entries of a further AppendEntries; they belong at {@code at.index()+1 …}. If {@code at} lies past
     * what is known (the target and the entries contiguous after it), the leader's log has outgrown
     * the target: fetch up to {@code at} too rather than end with a hole.
     */
    public void add(Cursor at, List<LogEntry<LogPayload<C>>> entries) {
        long index = at.index().value();
        if (index > knownEnd()) {
            position = at;
        }
        for (LogEntry<LogPayload<C>> e : entries) {
            index++;
            buffered.put(index, new LogEntry<>(Index.of(index), e.term(), e.command()));
        }
    }

    /** The last index known without fetching: the target, then any buffered entries contiguous after it. */
    private long knownEnd() {
        long end = position.index().value();
        for (long key : buffered.tailMap(end, false).keySet()) {
            if (key != end + 1) {
                break;
            }
            end = key;
        }
        return end;
    }

    /**
     * Appends the buffered entries that continue the log without a hole; those at or below the log's
     * end are skipped (the log, or a snapshot installed into it, already covers them), those after a
     * hole are dropped (the leader sends them again).
     */
    public void appendBuffered(Storage<LogPayload<C>> log) {
        long next = log.last().index().value() + 1;
        for (Map.Entry<Long, LogEntry<LogPayload<C>>> e : buffered.tailMap(next, true).entrySet()) {
            if (e.getKey() != next) {
                break;
            }
            log.append(e.getValue().command(), e.getValue().term());
            next++;
        }
        buffered.clear();
    }
}
