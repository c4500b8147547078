package dev.groups.log;

/**
 * A Raft term: a period with at most one leader (in strict mode; see the README for dynamic mode).
 * Same arithmetic rules as {@link Index}: negative inputs become 0, {@link #prev()} saturates,
 * {@link #next()} throws on overflow.
 */
public record Term(long value) implements Comparable<Term> {
    public static final Term ZERO = new Term(0);
    public static final Term ONE = new Term(1);

    public Term {
        if (value < 0) {
            value = 0;
        }
    }

    public static Term of(long value) {
        return value == 0 ? ZERO : value == 1 ? ONE : new Term(value);
    }

    public boolean isZero() {
        return value == 0;
    }

    public Term prev() {
        return value == 0 ? ZERO : of(value - 1);
    }

    public Term next() {
        return of(Math.addExact(value, 1));
    }

    public Term plus(long n) {
        return of(Math.addExact(value, n));
    }

    public Term minus(long n) {
        return n >= value ? ZERO : of(value - n);
    }

    public long distance(Term other) {
        return Math.abs(value - other.value);
    }

    public boolean isBefore(Term other) {
        return value < other.value;
    }

    public boolean isAfter(Term other) {
        return value > other.value;
    }

    public static Term max(Term a, Term b) {
        return a.value >= b.value ? a : b;
    }

    @Override
    public int compareTo(Term o) {
        return Long.compare(value, o.value);
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
