package dev.groups.testkit.linearizability;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The Wing&ndash;Gong&ndash;Lowe search over one partition, as in Porcupine's {@code checkSingle}: a
 * depth-first walk over the {@link EntryList} with an explicit stack, lifting each linearized operation
 * out of the list and putting it back on backtracking, and memoising every (linearized set, state) pair
 * it has entered so no configuration is explored twice.
 *
 * <p>The walk starts at the head of the list. At a call entry it tries to linearize that operation
 * next; if the model accepts it and the resulting configuration is new, the operation is lifted out and
 * the walk restarts from the head. Otherwise the walk moves on. Reaching the return entry of an
 * operation that is not linearized yet means its deadline has passed without a legal place for it, so the
 * search backtracks. Returns of {@link Outcome#UNKNOWN} operations sit at +infinity, after every finite
 * entry: reaching one means every definite operation is linearized, and the remaining unknown ones are
 * left out (they may never have taken effect), so the partition is linearizable.
 *
 * <p>Worst-case time and memory are exponential in the number of concurrent operations; the
 * {@link BudgetMeter} bounds both.
 */
final class WglSearch<S, I, O> {

    /** How a search ended. */
    enum Status { LINEARIZABLE, VIOLATION, EXHAUSTED }

    /**
     * The result of a search.
     *
     * @param longestPrefix for a violation, the ids of the longest linearizable prefix found, in order
     * @param stateAfterPrefix the model state after that prefix
     */
    record Result<S>(Status status, int[] longestPrefix, S stateAfterPrefix) {
    }

    private record Frame<S>(EntryList.Node call, S stateBefore) {
    }

    private record Configuration<S>(BitSet linearized, S state) {
    }

    private final Model<S, I, O> model;
    private final List<Operation<I, O>> operations;
    private final BudgetMeter meter;

    /**
     * @param operations the partition's operations, none {@link Outcome#FAILED}; operation {@code i}
     *                   has id {@code i}
     */
    WglSearch(Model<S, I, O> model, List<Operation<I, O>> operations, BudgetMeter meter) {
        this.model = model;
        this.operations = operations;
        this.meter = meter;
    }

    Result<S> run() {
        int n = operations.size();
        List<I> inputs = new ArrayList<>(n);
        List<Optional<O>> outputs = new ArrayList<>(n);
        boolean[] unknown = new boolean[n];
        for (int id = 0; id < n; id++) {
            Operation<I, O> op = operations.get(id);
            inputs.add(op.input());
            outputs.add(op.observedOutput());
            unknown[id] = op.outcome() == Outcome.UNKNOWN;
        }

        EntryList list = EntryList.of(operations);
        BitSet linearized = new BitSet(n);
        Set<Configuration<S>> cache = new HashSet<>();
        List<Frame<S>> calls = new ArrayList<>();
        int[] order = new int[n]; // order[d] = id linearized at depth d, valid up to calls.size()
        int[] longest = new int[0];
        S state = model.init();
        S stateAfterLongest = state;
        EntryList.Node entry = list.first();

        while (!list.isEmpty()) {
            if (!meter.tryStep()) {
                return new Result<>(Status.EXHAUSTED, longest, stateAfterLongest);
            }
            if (entry.call) {
                Optional<S> next = Objects.requireNonNull(
                        model.step(state, inputs.get(entry.id), outputs.get(entry.id)),
                        "Model.step returned null instead of an Optional");
                if (next.isPresent() && cache.add(new Configuration<>(with(linearized, entry.id), next.get()))) {
                    order[calls.size()] = entry.id;
                    calls.add(new Frame<>(entry, state));
                    state = next.get();
                    linearized.set(entry.id);
                    EntryList.lift(entry);
                    if (calls.size() > longest.length) {
                        longest = Arrays.copyOf(order, calls.size());
                        stateAfterLongest = state;
                    }
                    entry = list.first();
                } else {
                    entry = entry.next;
                }
            } else if (unknown[entry.id]) {
                // Only unknown returns are left ahead: every definite operation is linearized.
                return new Result<>(Status.LINEARIZABLE, new int[0], state);
            } else {
                if (calls.isEmpty()) {
                    return new Result<>(Status.VIOLATION, longest, stateAfterLongest);
                }
                Frame<S> top = calls.remove(calls.size() - 1);
                state = top.stateBefore();
                linearized.clear(top.call().id);
                EntryList.unlift(top.call());
                entry = top.call().next;
            }
        }
        return new Result<>(Status.LINEARIZABLE, new int[0], state);
    }

    private static BitSet with(BitSet bits, int id) {
        BitSet copy = (BitSet) bits.clone();
        copy.set(id);
        return copy;
    }
}
