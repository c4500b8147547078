package dev.groups.testkit.linearizability;

/**
 * Counts the steps of one check against its {@link Budget}. Not thread-safe: one per check.
 */
final class BudgetMeter {

    /** How many steps pass between two looks at the clock and the interrupt flag. */
    private static final long CLOCK_CHECK_INTERVAL = 1024;

    private final long maxSteps;
    private final long maxNanos;
    private final long startNanos;
    private long steps;
    private String exhaustion; // null while budget remains

    BudgetMeter(Budget budget) {
        this.maxSteps = budget.maxSteps();
        this.maxNanos = budget.maxNanos();
        this.startNanos = System.nanoTime();
    }

    /** Takes one step; false (for good) once the budget is exhausted or the thread is interrupted. */
    boolean tryStep() {
        if (exhaustion != null) {
            return false;
        }
        if (steps >= maxSteps) {
            exhaustion = "the step budget of " + maxSteps + " steps ran out";
            return false;
        }
        if (steps % CLOCK_CHECK_INTERVAL == 0) {
            if (Thread.currentThread().isInterrupted()) {
                exhaustion = "the checking thread was interrupted after " + steps + " steps";
                return false;
            }
            if (System.nanoTime() - startNanos >= maxNanos) {
                exhaustion = "the time budget of " + maxNanos + " ns ran out after " + steps + " steps";
                return false;
            }
        }
        steps++;
        return true;
    }

    /** The steps taken so far. */
    long steps() {
        return steps;
    }

    /** Why the budget ran out, or null if it has not. */
    String exhaustion() {
        return exhaustion;
    }
}
