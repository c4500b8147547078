package dev.groups.testkit.linearizability;

import java.util.Optional;

/**
 * The sequential specification of the system under test: the checker asks whether the concurrent
 * history could have been produced by applying its operations one at a time, in some order consistent
 * with real time, to this model.
 *
 * <p>Models must be deterministic and side-effect free; states must be immutable values with proper
 * {@code equals} and {@code hashCode}, since the checker memoises (linearized operations, state) pairs
 * in a hash set. Implementations are used from one thread per check but may be shared between checks.
 *
 * @param <S> the state type (an immutable value)
 * @param <I> the input type, what a client asks for
 * @param <O> the output type, what a client observes
 */
public interface Model<S, I, O> {

    /** The partition key of models that do not split their histories. */
    String SINGLE_PARTITION = "all";

    /** The initial state. */
    S init();

    /**
     * Applies {@code input} to {@code state}.
     *
     * @param output the observed output, or empty when it is unknown (the operation's outcome is
     *               {@link Outcome#UNKNOWN}); an empty output must be accepted whatever the result would be
     * @return the next state if {@code output} is empty or is a legal result of applying {@code input}
     *         in {@code state}; empty if the output is impossible
     */
    Optional<S> step(S state, I input, Optional<O> output);

    /**
     * Whether {@code input} never changes the state (a read). Unknown read-only operations are dropped
     * before the search: with no output to check, they cannot constrain anything. Defaults to false,
     * which is always safe.
     */
    default boolean isReadOnly(I input) {
        return false;
    }

    /**
     * The partition an input belongs to. A history is checked partition by partition; this is sound
     * only if operations of different partitions never affect each other (for example, single-key
     * operations on different keys of a map). Defaults to {@link #SINGLE_PARTITION}: no splitting.
     */
    default String partitionKey(I input) {
        return SINGLE_PARTITION;
    }

    /** A short description of an operation for reports, for example {@code read() -> 3}. */
    default String describe(I input, Optional<O> output) {
        return input + " -> " + output.map(String::valueOf).orElse("?");
    }

    /** A short description of a state for reports. */
    default String describeState(S state) {
        return String.valueOf(state);
    }
}
