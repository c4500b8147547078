package dev.groups.testkit.linearizability;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides whether a {@link History} is linearizable with respect to a {@link Model}.
 *
 * <p>The check: drop {@link Outcome#FAILED} operations (they did not happen) and unknown read-only
 * operations (they constrain nothing); split the rest by {@link Model#partitionKey} (a history is
 * linearizable iff each partition is); check partitions from the smallest to the largest with the
 * Wing&ndash;Gong&ndash;Lowe search of Porcupine (see {@link WglSearch}), stopping at the first
 * partition with no linearization. See the package description for how equal timestamps and unknown
 * operations are treated.
 *
 * <p>Linearizability checking is NP-complete in general: each check runs within a {@link Budget} and
 * answers {@link Verdict#UNKNOWN} when it runs out, never a guessed verdict. Stateless and thread-safe;
 * one check runs on the calling thread and stops early, with {@link Verdict#UNKNOWN}, if that thread is
 * interrupted.
 */
public final class LinearizabilityChecker {

    private LinearizabilityChecker() {
    }

    /**
     * Checks {@code history} against {@code model} within {@code budget}.
     *
     * @return {@link Verdict#LINEARIZABLE}; {@link Verdict#NOT_LINEARIZABLE} with the failing partition
     *         and an explanation; or {@link Verdict#UNKNOWN} if the budget ran out first
     */
    public static <S, I, O> CheckResult check(Model<S, I, O> model, History<I, O> history, Budget budget) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(history, "history");
        Objects.requireNonNull(budget, "budget");

        Map<String, List<Operation<I, O>>> partitions = new LinkedHashMap<>();
        int ignored = 0;
        for (Operation<I, O> op : history.operations()) {
            if (isIgnored(model, op)) {
                ignored++;
                continue;
            }
            String key = Objects.requireNonNull(model.partitionKey(op.input()), "partition key");
            partitions.computeIfAbsent(key, k -> new ArrayList<>()).add(op);
        }
        List<Map.Entry<String, List<Operation<I, O>>>> ordered = new ArrayList<>(partitions.entrySet());
        ordered.sort(Comparator.comparingInt((Map.Entry<String, List<Operation<I, O>>> e) -> e.getValue().size())
                .thenComparing(Map.Entry::getKey));

        BudgetMeter meter = new BudgetMeter(budget);
        int checked = 0;
        for (Map.Entry<String, List<Operation<I, O>>> partition : ordered) {
            List<Operation<I, O>> operations = partition.getValue();
            WglSearch.Result<S> result = new WglSearch<>(model, operations, meter).run();
            switch (result.status()) {
                case LINEARIZABLE -> checked++;
                case VIOLATION -> {
                    int ignoredHere = ignoredIn(model, history, partition.getKey());
                    String explanation = ViolationReport.explain(
                            model, partition.getKey(), operations, ignoredHere, result);
                    return new CheckResult(Verdict.NOT_LINEARIZABLE, Optional.of(partition.getKey()),
                            explanation, meter.steps());
                }
                case EXHAUSTED -> {
                    String explanation = "UNKNOWN: " + meter.exhaustion() + " while checking partition \""
                            + partition.getKey() + "\" (" + operations.size() + " operations; longest "
                            + "linearizable prefix so far " + result.longestPrefix().length + "); " + checked
                            + " of " + ordered.size() + " partitions were checked and are linearizable; no "
                            + "violation was found, but none can be ruled out.";
                    return new CheckResult(Verdict.UNKNOWN, Optional.of(partition.getKey()), explanation,
                            meter.steps());
                }
            }
        }
        String explanation = "LINEARIZABLE: " + (history.size() - ignored) + " operations in " + ordered.size()
                + " partition(s) checked in " + meter.steps() + " steps; " + ignored
                + " ignored as FAILED or read-only UNKNOWN.";
        return new CheckResult(Verdict.LINEARIZABLE, Optional.empty(), explanation, meter.steps());
    }

    private static <I, O> int ignoredIn(Model<?, I, O> model, History<I, O> history, String partition) {
        int ignored = 0;
        for (Operation<I, O> op : history.operations()) {
            if (isIgnored(model, op) && partition.equals(model.partitionKey(op.input()))) {
                ignored++;
            }
        }
        return ignored;
    }

    /** Failed operations did not happen; unknown read-only ones constrain nothing. */
    private static <I, O> boolean isIgnored(Model<?, I, O> model, Operation<I, O> op) {
        return op.outcome() == Outcome.FAILED
                || (op.outcome() == Outcome.UNKNOWN && model.isReadOnly(op.input()));
    }
}
