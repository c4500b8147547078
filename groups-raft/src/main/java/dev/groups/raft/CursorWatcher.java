package dev.groups.raft;

import dev.groups.log.Cursor;
import dev.groups.log.Index;
import dev.groups.log.IndexRange;
import java.util.concurrent.CompletableFuture;
import java.util.function.ToLongFunction;

/**
 * Waits for a log position to move: {@code when().committed()} (an {@link Index}) or
 * {@code when().log()} (a {@link Cursor}, compared by index where an index is given). Correct on every
 * role: a follower's log position advances with ordinary replication, and a regression (a superseded
 * suffix in dynamic mode) is reported by {@link #reverted()}.
 *
 * <p>Futures complete on the group's thread; they never complete if the group stops first.
 */
public final class CursorWatcher<T extends Comparable<T>> {
    private final Watch<T> watch;
    private final ToLongFunction<T> index;

    CursorWatcher(Watch<T> watch, ToLongFunction<T> index) {
        this.watch = watch;
        this.index = index;
    }

    /** The current value. */
    public T get() {
        return watch.get();
    }

    /** The next change, in either direction. */
    public CompletableFuture<T> changed() {
        return watch.next((from, to) -> !from.equals(to));
    }

    /** The value becomes greater than it is now. */
    public CompletableFuture<T> advanced() {
        return watch.next((from, to) -> to.compareTo(from) > 0);
    }

    /** The value becomes less than it is now. */
    public CompletableFuture<T> reverted() {
        return watch.next((from, to) -> to.compareTo(from) < 0);
    }

    /** The index reaches at least {@code i} (at once if it has). */
    public CompletableFuture<T> reaches(Index i) {
        return watch.when(v -> index.applyAsLong(v) >= i.value());
    }

    /** The index reaches at least the end of {@code range}. */
    public CompletableFuture<T> reaches(IndexRange range) {
        return reaches(range.end());
    }
}
