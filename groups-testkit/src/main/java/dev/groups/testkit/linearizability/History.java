package dev.groups.testkit.linearizability;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An immutable list of client {@link Operation}s, in no particular order: the checker orders them by
 * time. Produced by a {@link HistoryRecorder} or built directly.
 *
 * @param operations the operations; copied, never null and containing no null
 * @param <I> the model's input type
 * @param <O> the model's output type
 */
public record History<I, O>(List<Operation<I, O>> operations) {

    /** Copies {@code operations} into an unmodifiable list. */
    public History {
        operations = List.copyOf(Objects.requireNonNull(operations, "operations"));
    }

    /** A history of the given operations. */
    public static <I, O> History<I, O> of(List<Operation<I, O>> operations) {
        return new History<>(operations);
    }

    /** A history of the given operations. */
    @SafeVarargs
    public static <I, O> History<I, O> of(Operation<I, O>... operations) {
        List<Operation<I, O>> list = new ArrayList<>(operations.length);
        for (Operation<I, O> operation : operations) {
            list.add(operation);
        }
        return new History<>(list);
    }

    /** The number of operations. */
    public int size() {
        return operations.size();
    }

    /** The number of operations with the given outcome. */
    public long count(Outcome outcome) {
        return operations.stream().filter(op -> op.outcome() == outcome).count();
    }
}
