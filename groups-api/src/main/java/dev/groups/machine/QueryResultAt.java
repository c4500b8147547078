package dev.groups.machine;

import dev.groups.log.Index;
import java.util.Objects;

/**
 * A query result with the log position it was read at: the state after applying every entry up to
 * and including {@code position}. Callers use it to read their own writes
 * ({@code result.position() >= myIndex}).
 *
 * @param <R> the state machine's query result type
 */
public record QueryResultAt<R>(R result, Index position) {
    public QueryResultAt {
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(position, "position");
    }

    @Override
    public String toString() {
        return result + " @ " + position;
    }
}
