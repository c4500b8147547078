package dev.groups.testkit.linearizability;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Records client operations as they happen and produces a {@link History}.
 *
 * <p>Usage: call {@link #invoke} <em>before</em> the request is sent, keep the returned {@link Handle},
 * and complete it exactly once <em>after</em> the outcome is known: {@link Handle#ok} with the observed
 * output, {@link Handle#fail} if the operation definitely did not take effect, {@link Handle#unknown} if
 * it may or may not have (a timeout). Operations never completed appear as {@link Outcome#UNKNOWN} with
 * {@code completedAt == }{@link Operation#NEVER} in every {@link #history()} taken while they are open.
 *
 * <p>Threading contract: every method of the recorder and of its handles may be called from any thread
 * concurrently; a handle may be completed by a different thread than the one that invoked it. The clock
 * is read while holding the recorder's lock, so timestamps never decrease in the order in which the
 * recorder's methods are called, provided the clock itself is monotonic (for example
 * {@code System::nanoTime} or a simulator's clock). The clock must not call back into the recorder.
 *
 * @param <I> the model's input type
 * @param <O> the model's output type
 */
public final class HistoryRecorder<I, O> {

    private final Object lock = new Object();
    private final LongSupplier clock;
    private final List<Handle> handles = new ArrayList<>(); // guarded by lock

    /** A recorder that timestamps with {@code clock}, for example a simulator's virtual clock. */
    public HistoryRecorder(LongSupplier clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A recorder that timestamps with {@link System#nanoTime()}. */
    public static <I, O> HistoryRecorder<I, O> withSystemNanoTime() {
        return new HistoryRecorder<>(System::nanoTime);
    }

    /** Records that {@code clientId} invokes {@code input} now; complete the returned handle later. */
    public Handle invoke(int clientId, I input) {
        Objects.requireNonNull(input, "input");
        synchronized (lock) {
            Handle handle = new Handle(clientId, input, clock.getAsLong());
            handles.add(handle);
            return handle;
        }
    }

    /**
     * A snapshot of everything recorded so far, in invocation order. Operations not completed yet are
     * {@link Outcome#UNKNOWN}.
     */
    public History<I, O> history() {
        synchronized (lock) {
            List<Operation<I, O>> operations = new ArrayList<>(handles.size());
            for (Handle handle : handles) {
                operations.add(handle.completed != null
                        ? handle.completed
                        : Operation.unknown(handle.clientId, handle.input, handle.invokedAt));
            }
            return new History<>(operations);
        }
    }

    /** The number of operations invoked so far. */
    public int size() {
        synchronized (lock) {
            return handles.size();
        }
    }

    /**
     * One invoked operation, to be completed exactly once. Thread-safe; see {@link HistoryRecorder}.
     */
    public final class Handle {
        private final int clientId;
        private final I input;
        private final long invokedAt;
        private Operation<I, O> completed; // guarded by lock

        private Handle(int clientId, I input, long invokedAt) {
            this.clientId = clientId;
            this.input = input;
            this.invokedAt = invokedAt;
        }

        /** The operation completed now and the client observed {@code output} (never null). */
        public void ok(O output) {
            complete(Outcome.OK, Objects.requireNonNull(output, "output"));
        }

        /** The operation definitely did not take effect. */
        public void fail() {
            complete(Outcome.FAILED, null);
        }

        /** The client gives up now without knowing whether the operation took effect. */
        public void unknown() {
            complete(Outcome.UNKNOWN, null);
        }

        /** Whether {@link #ok}, {@link #fail} or {@link #unknown} has been called. */
        public boolean isCompleted() {
            synchronized (lock) {
                return completed != null;
            }
        }

        /** When the operation was invoked, by the recorder's clock. */
        public long invokedAt() {
            return invokedAt;
        }

        private void complete(Outcome outcome, O output) {
            synchronized (lock) {
                if (completed != null) {
                    throw new IllegalStateException("operation " + input + " of client " + clientId
                            + " was already completed as " + completed.outcome());
                }
                completed = new Operation<>(clientId, input, output, invokedAt, clock.getAsLong(), outcome);
            }
        }
    }
}
