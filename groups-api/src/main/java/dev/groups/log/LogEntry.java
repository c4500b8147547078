package dev.groups.log;

import java.util.Objects;

/**
 * One entry of the replicated log: the command and the term in which a leader appended it, at its
 * index. Immutable as long as the command is.
 *
 * @param <C> the state machine's command type
 */
public record LogEntry<C>(Index index, Term term, C command) {
    public LogEntry {
        Objects.requireNonNull(index, "index");
        Objects.requireNonNull(term, "term");
        Objects.requireNonNull(command, "command");
        if (index.isZero()) {
            throw new IllegalArgumentException("index 0 is the sentinel and never holds an entry");
        }
    }

    /** {@code (term, index)} of this entry. */
    public Cursor cursor() {
        return new Cursor(term, index);
    }
}
