package dev.groups.testkit.linearizability;

/**
 * The answer of a {@link LinearizabilityChecker}.
 */
public enum Verdict {
    /** A linearization exists for every partition of the history. */
    LINEARIZABLE,
    /** Some partition has no linearization: the system under test violated linearizability. */
    NOT_LINEARIZABLE,
    /** The budget ran out (or the checking thread was interrupted) before an answer was found. */
    UNKNOWN
}
