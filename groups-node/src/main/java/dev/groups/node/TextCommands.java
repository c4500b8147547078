package dev.groups.node;

/**
 * An optional face of a state machine: commands and queries written as text, and a one-line summary
 * of the state. A node offers {@code bin/groups exec} / {@code query} and shows the summary in
 * {@code bin/groups status} for machines that implement it (the built-in {@code counter} and
 * {@code kvmap} do); other machines still run, without these conveniences.
 *
 * <p>Parsing and formatting are called on admin threads, never on the group's thread: they must not
 * touch the machine's state (the summary is read with a {@link #summaryQuery() query}).
 *
 * @param <C> command type
 * @param <Q> query type
 * @param <R> query result type
 */
public interface TextCommands<C, Q, R> {
    /**
     * One command from one line of text.
     *
     * @throws IllegalArgumentException saying what the machine accepts
     */
    C parseCommand(String line);

    /**
     * One query from one line of text.
     *
     * @throws IllegalArgumentException saying what the machine accepts
     */
    Q parseQuery(String line);

    /** A query whose result {@link #formatResult} turns into a one-line summary of the whole state. */
    Q summaryQuery();

    /** A query result as text, for people. */
    String formatResult(R result);
}
