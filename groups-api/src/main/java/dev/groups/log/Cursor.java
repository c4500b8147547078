package dev.groups.log;

import java.util.Objects;

/**
 * A log position with the term of the entry there: {@code (term, index)}. Cursors order
 * lexicographically, term first (Raft's "at least as up to date" is {@code !a.isBehind(b)}).
 *
 * <p>Comparisons with a bare {@link Index} or {@link Term} look at that component only
 * ({@link #compareTo(Index)}, {@link #compareTo(Term)}), as the spec's {@code PartialOrd<Index>}.
 * {@link #toString()} is {@code (t:T,i:I)}.
 */
public record Cursor(Term term, Index index) implements Comparable<Cursor> {
    public static final Cursor ZERO = new Cursor(Term.ZERO, Index.ZERO);

    public Cursor {
        Objects.requireNonNull(term, "term");
        Objects.requireNonNull(index, "index");
    }

    public static Cursor of(long term, long index) {
        return new Cursor(Term.of(term), Index.of(index));
    }

    public boolean isZero() {
        return term.isZero() && index.isZero();
    }

    /** {@code this < other} in cursor order. */
    public boolean isBehind(Cursor other) {
        return compareTo(other) < 0;
    }

    @Override
    public int compareTo(Cursor o) {
        int byTerm = term.compareTo(o.term);
        return byTerm != 0 ? byTerm : index.compareTo(o.index);
    }

    /** Compares the index only. */
    public int compareTo(Index other) {
        return index.compareTo(other);
    }

    /** Compares the term only. */
    public int compareTo(Term other) {
        return term.compareTo(other);
    }

    /** True when the index (only) equals {@code other}. */
    public boolean indexEquals(Index other) {
        return index.equals(other);
    }

    @Override
    public String toString() {
        return "(t:" + term + ",i:" + index + ")";
    }
}
