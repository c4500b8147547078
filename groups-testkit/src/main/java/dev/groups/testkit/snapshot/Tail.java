package dev.groups.testkit.snapshot;

import dev.groups.log.Cursor;
import dev.groups.log.Index;
import dev.groups.log.LogEntry;
import dev.groups.log.LogPayload;
import dev.groups.storage.Storage;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where a catch-up session must bring the log: the runtime's target (which the final log must
 * contain, so no snapshot may be anchored past it), the position the fetched entries must reach (the
 * target, moved forward when the leader's heartbeats show its log outgrew it), and the leader's entries
 * received since, which follow. Every entry here comes from the session's leader in the session's
 * term, whose log only grows, so a later entry for an index replaces an earlier one only with the same
 * content.
 */
final class Tail<C> {
    private final Cursor origin;
    private final TreeMap<Long, LogEntry<LogPayload<C>>> buffered = new TreeMap<>();
    private Cursor position;

    Tail(Cursor target, List<LogEntry<LogPayload<C>>> entries) {
        this.origin = target;
        this.position = target;
        add(target, entries);
    }

    /** The runtime's target: the finished log must hold it, so snapshots are anchored at or before it. */
    Cursor origin() {
        return origin;
    }

    /** The position the fetched entries must reach; the buffered entries follow it. */
    Cursor position() {
        return position;
    }

    /**
     * Entries of a further AppendEntries; they belong at {@code at.index()+1 …}. If {@code at} lies past
     * what is known (the position and the entries contiguous after it), fetch up to {@code at} too rather
     * than end with a hole.
     */
    void add(Cursor at, List<LogEntry<LogPayload<C>>> entries) {
        long index = at.index().value();
        if (index > knownEnd()) {
            position = at;
        }
        for (LogEntry<LogPayload<C>> e : entries) {
            index++;
            buffered.put(index, new LogEntry<>(Index.of(index), e.term(), e.command()));
        }
    }

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
     * end are skipped (the log or an installed snapshot already covers them), those after a hole are
     * dropped (the leader sends them again).
     */
    void appendBuffered(Storage<LogPayload<C>> log) {
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
