package dev.groups.testkit.linearizability;

/**
 * How a client operation ended, as far as the client knows.
 */
public enum Outcome {
    /** The operation completed and the client observed its output. */
    OK,
    /** The operation definitely did not take effect (for example, rejected before being proposed). */
    FAILED,
    /**
     * The operation may or may not have taken effect, at any time after its invocation (for example, the
     * client timed out or lost its connection). Its output is unknown.
     */
    UNKNOWN
}
