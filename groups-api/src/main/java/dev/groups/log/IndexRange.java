package dev.groups.log;

import java.util.Objects;

/**
 * An inclusive range of log indices, {@code start..=end}. A range whose start is after its end is
 * empty (as Rust's {@code RangeInclusive}); {@link #size()} is then 0.
 */
public record IndexRange(Index start, Index end) {
    public IndexRange {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
    }

    public static IndexRange of(long start, long end) {
        return new IndexRange(Index.of(start), Index.of(end));
    }

    /** The single index {@code i..=i}. */
    public static IndexRange single(Index i) {
        return new IndexRange(i, i);
    }

    public boolean isEmpty() {
        return start.isAfter(end);
    }

    /** Number of indices in the range (0 when empty). */
    public long size() {
        return isEmpty() ? 0 : end.value() - start.value() + 1;
    }

    public boolean contains(Index i) {
        return !i.isBefore(start) && !i.isAfter(end);
    }

    /** The overlap of two ranges (possibly empty). */
    public IndexRange intersect(IndexRange other) {
        return new IndexRange(Index.max(start, other.start), Index.min(end, other.end));
    }

    @Override
    public String toString() {
        return start + "..=" + end;
    }
}
