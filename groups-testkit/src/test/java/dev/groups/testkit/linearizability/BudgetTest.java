package dev.groups.testkit.linearizability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BudgetTest {

    private static final SimulatedHistories.Shape LARGE = new SimulatedHistories.Shape(8, 2_000, 10, 0.02, 0.02, 0.1);
    /** Generous for the large history, yet small enough that a runaway search ends quickly. */
    private static final Budget SAFETY_NET = Budget.of(2_000_000, Duration.ofMinutes(2));

    @Test
    void largeConcurrentHistoryOnTenKeysIsLinearizable() {
        History<KvInput, KvOutput> history = SimulatedHistories.keyValue(42, LARGE);
        assertEquals(2_000, history.size());

        CheckResult result = LinearizabilityChecker.check(new KeyValueModel(), history, SAFETY_NET);

        assertEquals(Verdict.LINEARIZABLE, result.verdict(), result::toString);
        assertTrue(result.explanation().contains("10 partition(s)"), result.explanation());
        // Partitioning and memoisation keep the search near-linear here: a deterministic step count,
        // with a wide margin, rather than a wall-clock assertion.
        assertTrue(result.steps() < 100_000, () -> "steps: " + result.steps());
    }

    @Test
    void largeHistoryWithOneCorruptedReadIsNotLinearizableOnThatKey() {
        History<KvInput, KvOutput> history = SimulatedHistories.keyValue(43, LARGE);
        List<Operation<KvInput, KvOutput>> ops = new ArrayList<>(history.operations());
        int victim = -1;
        for (int i = ops.size() / 2; i < ops.size(); i++) {
            if (ops.get(i).outcome() == Outcome.OK && ops.get(i).input() instanceof KvInput.Get) {
                victim = i;
                break;
            }
        }
        Operation<KvInput, KvOutput> read = ops.get(victim);
        ops.set(victim, Operation.ok(read.clientId(), read.input(), KvOutput.value(-1), read.invokedAt(),
                read.completedAt()));

        CheckResult result = LinearizabilityChecker.check(new KeyValueModel(), History.of(ops), SAFETY_NET);

        assertEquals(Verdict.NOT_LINEARIZABLE, result.verdict(), result::toString);
        assertEquals(Optional.of(read.input().key()), result.partition());
        assertTrue(result.explanation().contains(read.input() + " -> -1 [invoked " + read.invokedAt()),
                result.explanation());
    }

    @Test
    void budgetOfOneStepAnswersUnknown() {
        History<KvInput, KvOutput> history = SimulatedHistories.keyValue(42, LARGE);

        CheckResult result = LinearizabilityChecker.check(new KeyValueModel(), history, Budget.ofSteps(1));

        assertEquals(Verdict.UNKNOWN, result.verdict(), result::toString);
        assertEquals(1, result.steps());
        assertTrue(result.partition().isPresent());
        assertTrue(result.explanation().contains("step budget of 1 steps ran out"), result.explanation());
    }

    @Test
    void budgetOfOneStepNeverHidesAViolationBehindAWrongVerdict() {
        History<RegisterInput, RegisterOutput> history = new RegisterHistoryBuilder()
                .write(0, 1, 0, 10).write(1, 2, 0, 10).read(2, 7, 11, 12).build();
        CheckResult result = LinearizabilityChecker.check(new RegisterModel(), history, Budget.ofSteps(1));
        assertEquals(Verdict.UNKNOWN, result.verdict(), result::toString);
    }

    @Test
    void zeroTimeBudgetAnswersUnknown() {
        History<KvInput, KvOutput> history = SimulatedHistories.keyValue(42, LARGE);
        CheckResult result = LinearizabilityChecker.check(new KeyValueModel(), history, Budget.ofTime(Duration.ZERO));
        assertEquals(Verdict.UNKNOWN, result.verdict(), result::toString);
        assertTrue(result.explanation().contains("time budget"), result.explanation());
    }

    @Test
    void pathologicalHistoryRunsOutOfBudgetInsteadOfHanging() {
        // 40 concurrent timed-out writes and an impossible read: refuting it means trying every subset of
        // the writes, about 2^40 configurations.
        RegisterHistoryBuilder builder = new RegisterHistoryBuilder();
        for (int i = 1; i <= 40; i++) {
            builder.writeUnknown(i, i, 0, 5);
        }
        builder.read(0, -1, 10, 11);

        CheckResult result = LinearizabilityChecker.check(new RegisterModel(), builder.build(), Budget.ofSteps(50_000));

        assertEquals(Verdict.UNKNOWN, result.verdict(), result::toString);
        assertEquals(50_000, result.steps());
        assertEquals(Optional.of(Model.SINGLE_PARTITION), result.partition());
    }

    @Test
    void interruptedCheckAnswersUnknown() {
        History<KvInput, KvOutput> history = SimulatedHistories.keyValue(42, LARGE);
        Thread.currentThread().interrupt();
        try {
            CheckResult result = LinearizabilityChecker.check(new KeyValueModel(), history, SAFETY_NET);
            assertEquals(Verdict.UNKNOWN, result.verdict(), result::toString);
            assertTrue(result.explanation().contains("interrupted"), result.explanation());
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void budgetRejectsNegativeLimits() {
        assertThrows(IllegalArgumentException.class, () -> Budget.ofSteps(-1));
        assertThrows(IllegalArgumentException.class, () -> Budget.ofTime(Duration.ofSeconds(-1)));
        assertEquals(Long.MAX_VALUE, Budget.unlimited().maxNanos());
    }
}
