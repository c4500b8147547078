package dev.groups.testkit.linearizability;

import java.util.Objects;
import java.util.Optional;

/**
 * One client operation of a {@link History}: what a client asked for, what it observed, when, and how
 * the operation ended. Immutable.
 *
 * <p>Times are in any monotonic unit shared by the whole history (simulated ticks, nanoseconds,
 * milliseconds); the checker only compares them. The interval must cover the real operation: take
 * {@code invokedAt} before the request leaves the client and {@code completedAt} after the response
 * arrived.
 *
 * <ul>
 *   <li>{@link Outcome#OK}: {@code output} is the observed result and is never null.</li>
 *   <li>{@link Outcome#FAILED}: the operation definitely did not take effect; {@code output} is null.</li>
 *   <li>{@link Outcome#UNKNOWN}: the operation may have taken effect at any time after
 *       {@code invokedAt}, or never; {@code output} is null and {@code completedAt} is only informational
 *       (when the client gave up, or {@link #NEVER} if it never completed).</li>
 * </ul>
 *
 * @param clientId    the client (or logical process) that issued the operation; used in reports only
 * @param input       what was asked, never null
 * @param output      the observed output for {@link Outcome#OK}, null otherwise
 * @param invokedAt   when the operation was invoked
 * @param completedAt when the outcome became known; {@code completedAt >= invokedAt}
 * @param outcome     how the operation ended
 * @param <I> the model's input type
 * @param <O> the model's output type
 */
public record Operation<I, O>(int clientId, I input, O output, long invokedAt, long completedAt, Outcome outcome) {

    /** The {@code completedAt} of an operation that never completed. */
    public static final long NEVER = Long.MAX_VALUE;

    /** Validates the operation; see the class description for the rules. */
    public Operation {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(outcome, "outcome");
        if (outcome == Outcome.OK && output == null) {
            throw new IllegalArgumentException("an OK operation needs its observed output: " + input);
        }
        if (outcome != Outcome.OK && output != null) {
            throw new IllegalArgumentException("a " + outcome + " operation has no observed output: " + input);
        }
        if (completedAt < invokedAt) {
            throw new IllegalArgumentException("operation " + input + " completed at " + completedAt
                    + ", before it was invoked at " + invokedAt);
        }
    }

    /** An operation that completed with the observed {@code output}. */
    public static <I, O> Operation<I, O> ok(int clientId, I input, O output, long invokedAt, long completedAt) {
        return new Operation<>(clientId, input, output, invokedAt, completedAt, Outcome.OK);
    }

    /** An operation that definitely did not take effect. */
    public static <I, O> Operation<I, O> failed(int clientId, I input, long invokedAt, long completedAt) {
        return new Operation<>(clientId, input, null, invokedAt, completedAt, Outcome.FAILED);
    }

    /** An operation whose effect is unknown; the client gave up waiting at {@code gaveUpAt}. */
    public static <I, O> Operation<I, O> unknown(int clientId, I input, long invokedAt, long gaveUpAt) {
        return new Operation<>(clientId, input, null, invokedAt, gaveUpAt, Outcome.UNKNOWN);
    }

    /** An operation whose effect is unknown and that never completed. */
    public static <I, O> Operation<I, O> unknown(int clientId, I input, long invokedAt) {
        return unknown(clientId, input, invokedAt, NEVER);
    }

    /** The output as the model sees it: present for {@link Outcome#OK}, empty when it is unknown. */
    public Optional<O> observedOutput() {
        return Optional.ofNullable(output);
    }

    /** A one-line description for reports, for example {@code client 3 read() -> 1 [invoked 5, completed 9]}. */
    public String describe(Model<?, I, O> model) {
        String times = switch (outcome) {
            case OK -> "[invoked " + invokedAt + ", completed " + completedAt + "]";
            case FAILED -> "[invoked " + invokedAt + ", failed " + completedAt + "]";
            case UNKNOWN -> completedAt == NEVER
                    ? "[invoked " + invokedAt + ", never completed]"
                    : "[invoked " + invokedAt + ", outcome unknown, gave up " + completedAt + "]";
        };
        return "client " + clientId + " " + model.describe(input, observedOutput()) + " " + times;
    }
}
