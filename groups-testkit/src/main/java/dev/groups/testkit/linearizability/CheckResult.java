package dev.groups.testkit.linearizability;

import java.util.Objects;
import java.util.Optional;

/**
 * The answer of {@link LinearizabilityChecker#check}.
 *
 * @param verdict     whether the history is linearizable, or that the budget ran out
 * @param partition   for {@link Verdict#NOT_LINEARIZABLE}, the partition (key) with no linearization;
 *                    for {@link Verdict#UNKNOWN}, the partition being checked when the budget ran out;
 *                    empty for {@link Verdict#LINEARIZABLE}
 * @param explanation a human-readable report; for a violation it shows the longest linearizable prefix
 *                    found, the state after it, and the operations that could not be linearized next,
 *                    with their times
 * @param steps       the search steps used, across all partitions
 */
public record CheckResult(Verdict verdict, Optional<String> partition, String explanation, long steps) {

    /** Validates the result. */
    public CheckResult {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(partition, "partition");
        Objects.requireNonNull(explanation, "explanation");
        if (verdict == Verdict.LINEARIZABLE && partition.isPresent()) {
            throw new IllegalArgumentException("a linearizable result names no partition");
        }
    }

    /** Whether the verdict is {@link Verdict#LINEARIZABLE}. */
    public boolean isLinearizable() {
        return verdict == Verdict.LINEARIZABLE;
    }

    @Override
    public String toString() {
        return verdict + partition.map(p -> " (partition \"" + p + "\")").orElse("") + ": " + explanation;
    }
}
