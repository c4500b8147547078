package dev.groups.log;

/**
 * A position in the replicated log. Index 0 is the sentinel that never holds an entry; the first
 * entry is at index 1.
 *
 * <p>Values are unsigned in meaning: building one from a negative number gives 0 (as the spec's
 * conversion from signed integers). {@link #prev()} and {@link #minus(long)} saturate at 0;
 * {@link #next()} and {@link #plus(long)} do not saturate and throw {@link ArithmeticException} on
 * overflow rather than wrap.
 */
public record Index(long value) implements Comparable<Index> {
    public static final Index ZERO = new Index(0);
    public static final Index ONE = new Index(1);

    public Index {
        if (value < 0) {
            value = 0;
        }
    }

    public static Index of(long value) {
        return value == 0 ? ZERO : value == 1 ? ONE : new Index(value);
    }

    public boolean isZero() {
        return value == 0;
    }

    /** The previous index, saturating at 0. */
    public Index prev() {
        return value == 0 ? ZERO : of(value - 1);
    }

    public Index next() {
        return of(Math.addExact(value, 1));
    }

    public Index plus(long n) {
        return of(Math.addExact(value, n));
    }

    /** {@code this - n}, saturating at 0. */
    public Index minus(long n) {
        return n >= value ? ZERO : of(value - n);
    }

    /** The absolute difference. */
    public long distance(Index other) {
        return Math.abs(value - other.value);
    }

    public boolean isBefore(Index other) {
        return value < other.value;
    }

    public boolean isAfter(Index other) {
        return value > other.value;
    }

    public static Index max(Index a, Index b) {
        return a.value >= b.value ? a : b;
    }

    public static Index min(Index a, Index b) {
        return a.value <= b.value ? a : b;
    }

    @Override
    public int compareTo(Index o) {
        return Long.compare(value, o.value);
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
