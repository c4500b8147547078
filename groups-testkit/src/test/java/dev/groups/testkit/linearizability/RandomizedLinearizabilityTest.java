package dev.groups.testkit.linearizability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Property: histories produced by an atomic register (random linearization points inside random
 * intervals) are linearizable; making one read return a value that was never written makes them not,
 * and the report names that read.
 */
class RandomizedLinearizabilityTest {

    private static final int HISTORIES = 400;
    private static final Budget BUDGET = Budget.ofSteps(5_000_000);

    private static SimulatedHistories.Shape shape(Random random) {
        return new SimulatedHistories.Shape(2 + random.nextInt(6), 5 + random.nextInt(60), 1, 0.05, 0.05, 0.2);
    }

    @Test
    void atomicRegisterHistoriesAreLinearizableAndCorruptedOnesAreNot() {
        int corrupted = 0;
        for (long seed = 1; seed <= HISTORIES; seed++) {
            History<RegisterInput, RegisterOutput> history =
                    SimulatedHistories.register(seed, shape(new Random(seed)));
            RegisterModel model = new RegisterModel();

            CheckResult result = LinearizabilityChecker.check(model, history, BUDGET);
            if (result.verdict() != Verdict.LINEARIZABLE) {
                fail("seed " + seed + ": " + result + "\n" + history);
            }

            // The order of operations in a history is irrelevant: only their times count.
            List<Operation<RegisterInput, RegisterOutput>> ops = new ArrayList<>(history.operations());
            Collections.shuffle(ops, new Random(-seed));
            List<Integer> reads = new ArrayList<>();
            for (int i = 0; i < ops.size(); i++) {
                if (ops.get(i).outcome() == Outcome.OK && ops.get(i).input() instanceof RegisterInput.Read) {
                    reads.add(i);
                }
            }
            if (reads.isEmpty()) {
                continue;
            }
            int victim = reads.get(new Random(seed).nextInt(reads.size()));
            Operation<RegisterInput, RegisterOutput> read = ops.get(victim);
            Operation<RegisterInput, RegisterOutput> bad = Operation.ok(read.clientId(), read.input(),
                    RegisterOutput.value(-seed), read.invokedAt(), read.completedAt());
            ops.set(victim, bad);

            CheckResult broken = LinearizabilityChecker.check(model, History.of(ops), BUDGET);
            long s = seed;
            assertEquals(Verdict.NOT_LINEARIZABLE, broken.verdict(), () -> "seed " + s + ": " + broken);
            assertTrue(broken.explanation().contains(bad.describe(model)),
                    () -> "seed " + s + " should name " + bad.describe(model) + ":\n" + broken.explanation());
            corrupted++;
        }
        assertTrue(corrupted >= HISTORIES * 3 / 4, "too few histories had a read to corrupt: " + corrupted);
    }

    @Test
    void keyValueHistoriesAreLinearizable() {
        for (long seed = 1; seed <= 100; seed++) {
            Random random = new Random(seed);
            SimulatedHistories.Shape shape = new SimulatedHistories.Shape(
                    2 + random.nextInt(6), 10 + random.nextInt(80), 1 + random.nextInt(4), 0.05, 0.05, 0.15);
            CheckResult result = LinearizabilityChecker.check(
                    new KeyValueModel(), SimulatedHistories.keyValue(seed, shape), BUDGET);
            long s = seed;
            assertEquals(Verdict.LINEARIZABLE, result.verdict(), () -> "seed " + s + ": " + result);
        }
    }
}
