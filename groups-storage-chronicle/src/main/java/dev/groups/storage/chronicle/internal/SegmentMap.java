package dev.groups.storage.chronicle.internal;

import dev.groups.log.Cursor;
import dev.groups.log.Term;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where each live Raft entry sits in the queue, with the spec §6 log semantics (offset, truncate,
 * prune, reset) applied to the mapping alone. A {@link Segment} is a run of entries with consecutive
 * Raft indices, consecutive queue indices and one term; a truncation, a marker record, a term change
 * or a Chronicle file roll starts a new one, so there are few and lookups are one floor search.
 *
 * <p>The live entries are {@code offset+1 ..= last}, contiguous. While replaying a queue whose oldest
 * files were deleted, the mapping may transiently have gaps; {@link #isContiguous()} checks the end
 * result.
 */
public final class SegmentMap {
    /** A run of entries; mutable so appends and prunes adjust it in place. */
    public static final class Segment {
        long firstIndex;
        long firstQueueIndex;
        long count;
        final long term;

        Segment(long firstIndex, long firstQueueIndex, long count, long term) {
            this.firstIndex = firstIndex;
            this.firstQueueIndex = firstQueueIndex;
            this.count = count;
            this.term = term;
        }

        public long firstIndex() {
            return firstIndex;
        }

        public long lastIndex() {
            return firstIndex + count - 1;
        }

        public long term() {
            return term;
        }

        /** The queue index of Raft index {@code index}, which must lie in this segment. */
        public long queueIndexOf(long index) {
            return firstQueueIndex + (index - firstIndex);
        }
    }

    private final TreeMap<Long, Segment> segments = new TreeMap<>();
    private Cursor offset = Cursor.ZERO;

    public Cursor offset() {
        return offset;
    }

    public boolean hasEntries() {
        return !segments.isEmpty();
    }

    /** The last entry's index, or the offset's when there are none. */
    public long lastIndex() {
        return segments.isEmpty() ? offset.index().value() : segments.lastEntry().getValue().lastIndex();
    }

    public Cursor last() {
        if (segments.isEmpty()) {
            return offset;
        }
        Segment s = segments.lastEntry().getValue();
        return Cursor.of(s.term, s.lastIndex());
    }

    /** Records that the entry {@code index} of {@code term} was written at {@code queueIndex}. */
    public void append(long index, long term, long queueIndex) {
        Map.Entry<Long, Segment> e = segments.lastEntry();
        if (e != null) {
            Segment s = e.getValue();
            if (s.term == term && s.lastIndex() + 1 == index && s.queueIndexOf(index) == queueIndex) {
                s.count++;
                return;
            }
        }
        segments.put(index, new Segment(index, queueIndex, 1, term));
    }

    /** The segment holding live entry {@code index}, or null. */
    public Segment segmentOf(long index) {
        Map.Entry<Long, Segment> e = segments.floorEntry(index);
        return e == null || e.getValue().lastIndex() < index ? null : e.getValue();
    }

    /** The queue index of live entry {@code index}, or -1. */
    public long queueIndexOf(long index) {
        Segment s = segmentOf(index);
        return s == null ? -1 : s.queueIndexOf(index);
    }

    /** The spec's {@code term_at}: 0 at 0, the offset's term at the offset, a live entry's term, else null. */
    public Term termAt(long index) {
        if (index == 0) {
            return Term.ZERO;
        }
        if (index == offset.index().value()) {
            return offset.term();
        }
        Segment s = segmentOf(index);
        return s == null ? null : Term.of(s.term);
    }

    /** The segments overlapping {@code from ..= to}, in order. */
    public Collection<Segment> overlapping(long from, long to) {
        if (from > to || segments.isEmpty()) {
            return List.of();
        }
        Long start = segments.floorKey(from);
        return segments.subMap(start == null ? from : start, true, to, true).values();
    }

    /** The queue index of the first live entry, or -1 when there is none. */
    public long firstQueueIndex() {
        return segments.isEmpty() ? -1 : segments.firstEntry().getValue().firstQueueIndex;
    }

    /** Removes live entries {@code at ..=}; all of them when {@code at <= offset}. */
    public void truncate(long at) {
        if (at <= offset.index().value()) {
            segments.clear();
            return;
        }
        segments.tailMap(at, true).clear();
        Map.Entry<Long, Segment> e = segments.lastEntry();
        if (e != null && e.getValue().lastIndex() >= at) {
            e.getValue().count = at - e.getValue().firstIndex;
        }
    }

    /** Drops entries {@code <= newOffset.index} and makes {@code newOffset} the offset. */
    public void prune(Cursor newOffset) {
        long upTo = newOffset.index().value();
        Map.Entry<Long, Segment> e = segments.floorEntry(upTo);
        segments.headMap(upTo, true).clear();
        if (e != null && e.getValue().lastIndex() > upTo) {
            Segment s = e.getValue();
            long drop = upTo + 1 - s.firstIndex;
            s.firstIndex += drop;
            s.firstQueueIndex += drop;
            s.count -= drop;
            segments.put(s.firstIndex, s);
        }
        offset = newOffset;
    }

    /** Clears every entry and makes {@code cursor} the offset. */
    public void reset(Cursor cursor) {
        segments.clear();
        offset = cursor;
    }

    /** True when the live entries are exactly {@code offset+1 ..= last} with no hole. */
    public boolean isContiguous() {
        long expected = offset.index().value() + 1;
        for (Segment s : segments.values()) {
            if (s.firstIndex != expected || s.count <= 0) {
                return false;
            }
            expected = s.lastIndex() + 1;
        }
        return true;
    }

    public int segmentCount() {
        return segments.size();
    }

    public long offsetIndex() {
        return offset.index().value();
    }
}
