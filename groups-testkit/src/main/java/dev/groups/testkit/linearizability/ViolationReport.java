package dev.groups.testkit.linearizability;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Writes the human-readable explanation of a violation in one partition: the longest linearizable
 * prefix the search found, the state after it, and why no remaining operation can come next.
 *
 * <p>After the prefix, the operation with the earliest completion among the remaining definite ones
 * (the deadline) must be linearized before that completion, so the only candidates for the next
 * position are the remaining operations invoked no later than it. Each candidate is either impossible
 * in the state after the prefix, or possible but leading to a dead end further on.
 */
final class ViolationReport {

    /** At most this many operations are listed per section; the rest are counted. */
    private static final int MAX_LISTED = 30;

    private ViolationReport() {
    }

    static <S, I, O> String explain(Model<S, I, O> model, String partition, List<Operation<I, O>> operations,
            int ignored, WglSearch.Result<S> result) {
        int[] prefix = result.longestPrefix();
        S state = result.stateAfterPrefix();
        StringBuilder out = new StringBuilder();
        out.append("NOT LINEARIZABLE: partition \"").append(partition).append("\" has no linearization (")
                .append(operations.size()).append(" operations searched");
        if (ignored > 0) {
            out.append(", ").append(ignored).append(" ignored as FAILED or read-only UNKNOWN");
        }
        out.append(").\n");

        out.append("Longest linearizable prefix found: ").append(prefix.length).append(" of ")
                .append(operations.size()).append(" operations, in linearization order:\n");
        int skipped = Math.max(0, prefix.length - MAX_LISTED);
        if (skipped > 0) {
            out.append("  ... ").append(skipped).append(" earlier operations not shown\n");
        }
        for (int i = skipped; i < prefix.length; i++) {
            out.append("  ").append(i + 1).append(". ").append(operations.get(prefix[i]).describe(model)).append('\n');
        }
        out.append("State after the prefix: ").append(model.describeState(state)).append('\n');

        BitSet done = new BitSet(operations.size());
        for (int id : prefix) {
            done.set(id);
        }
        List<Operation<I, O>> remaining = new ArrayList<>();
        for (int id = done.nextClearBit(0); id < operations.size(); id = done.nextClearBit(id + 1)) {
            remaining.add(operations.get(id));
        }
        Optional<Operation<I, O>> deadline = remaining.stream()
                .filter(op -> op.outcome() == Outcome.OK)
                .min(Comparator.comparingLong(Operation<I, O>::completedAt)
                        .thenComparingLong(Operation::invokedAt));
        if (deadline.isEmpty()) {
            return out.append("No definite operation remains after the prefix.").toString();
        }
        long by = deadline.get().completedAt();
        out.append("Not linearizable after it: ").append(deadline.get().describe(model)).append('\n')
                .append("  must take effect by ").append(by)
                .append(", but no remaining operation can legally come next.\n");

        List<Operation<I, O>> candidates = remaining.stream()
                .filter(op -> op.invokedAt() <= by)
                .sorted(Comparator.comparingLong(Operation<I, O>::invokedAt).thenComparingInt(Operation::clientId))
                .toList();
        out.append("Operations that could come next (invoked by ").append(by).append(") and why each fails:\n");
        for (int i = 0; i < Math.min(candidates.size(), MAX_LISTED); i++) {
            Operation<I, O> op = candidates.get(i);
            out.append("  - ").append(op.describe(model)).append(": ").append(why(model, state, op)).append('\n');
        }
        if (candidates.size() > MAX_LISTED) {
            out.append("  ... ").append(candidates.size() - MAX_LISTED).append(" more not shown\n");
        }
        return out.toString();
    }

    private static <S, I, O> String why(Model<S, I, O> model, S state, Operation<I, O> op) {
        Optional<S> next = model.step(state, op.input(), op.observedOutput());
        if (next.isEmpty()) {
            return "impossible in this state";
        }
        return "possible (state would become " + model.describeState(next.get())
                + "), but no linearization of the remaining operations follows";
    }
}
