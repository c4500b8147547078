package dev.groups.testkit.linearizability;

import java.time.Duration;
import java.util.Objects;

/**
 * How much work one {@link LinearizabilityChecker#check} may do before it gives up with
 * {@link Verdict#UNKNOWN}: checking is NP-complete in general, and a pathological history (many
 * concurrent or unknown operations) must not hang a test.
 *
 * <p>A step is one iteration of the search: trying one operation as the next one to linearize, or
 * backtracking once. The budget covers the whole check, across all partitions. The memo cache grows by
 * at most one entry per step, so the step budget also bounds memory. A step budget gives reproducible
 * verdicts; a time budget does not (it depends on the machine), so prefer steps in tests and use time
 * as a safety net.
 *
 * @param maxSteps the maximum number of search steps, {@code >= 0}
 * @param maxTime  the maximum wall-clock time, non-negative
 */
public record Budget(long maxSteps, Duration maxTime) {

    /** Validates the budget. */
    public Budget {
        Objects.requireNonNull(maxTime, "maxTime");
        if (maxSteps < 0) {
            throw new IllegalArgumentException("maxSteps must be >= 0: " + maxSteps);
        }
        if (maxTime.isNegative()) {
            throw new IllegalArgumentException("maxTime must not be negative: " + maxTime);
        }
    }

    /** At most {@code maxSteps} steps and at most {@code maxTime}. */
    public static Budget of(long maxSteps, Duration maxTime) {
        return new Budget(maxSteps, maxTime);
    }

    /** At most {@code maxSteps} steps, however long they take. */
    public static Budget ofSteps(long maxSteps) {
        return new Budget(maxSteps, unlimitedTime());
    }

    /** At most {@code maxTime}, however many steps fit. */
    public static Budget ofTime(Duration maxTime) {
        return new Budget(Long.MAX_VALUE, maxTime);
    }

    /** No limit at all: only for histories known to be small; a pathological one may never finish. */
    public static Budget unlimited() {
        return new Budget(Long.MAX_VALUE, unlimitedTime());
    }

    /** {@link #maxTime()} in nanoseconds, saturating at {@link Long#MAX_VALUE}. */
    long maxNanos() {
        try {
            return maxTime.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }

    private static Duration unlimitedTime() {
        return Duration.ofSeconds(Long.MAX_VALUE);
    }
}
