package dev.groups.testkit.linearizability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KeyValueLinearizabilityTest {

    private static final KeyValueModel KV = new KeyValueModel();
    private static final Budget BUDGET = Budget.ofSteps(1_000_000);

    private final List<Operation<KvInput, KvOutput>> ops = new ArrayList<>();

    private void ok(int client, KvInput input, KvOutput output, long invokedAt, long completedAt) {
        ops.add(Operation.ok(client, input, output, invokedAt, completedAt));
    }

    private CheckResult check() {
        return LinearizabilityChecker.check(KV, History.of(ops), BUDGET);
    }

    /** Healthy traffic on keys a, b and c, interleaved in time with whatever else a test adds. */
    private void healthyTrafficOnOtherKeys() {
        ok(0, KvInput.put("a", 1), KvOutput.ok(), 0, 4);
        ok(1, KvInput.get("a"), KvOutput.absent(), 1, 2);
        ok(1, KvInput.get("a"), KvOutput.value(1), 5, 6);
        ok(2, KvInput.put("b", 2), KvOutput.ok(), 0, 3);
        ok(2, KvInput.cas("b", 2, 3), KvOutput.casResult(true), 4, 8);
        ok(3, KvInput.get("b"), KvOutput.value(2), 5, 6);
        ok(3, KvInput.get("b"), KvOutput.value(3), 9, 10);
        ok(4, KvInput.put("c", 5), KvOutput.ok(), 2, 3);
        ok(4, KvInput.delete("c"), KvOutput.ok(), 7, 9);
        ok(5, KvInput.get("c"), KvOutput.value(5), 8, 11);
        ok(5, KvInput.get("c"), KvOutput.absent(), 12, 13);
        ok(0, KvInput.cas("c", 5, 6), KvOutput.casResult(false), 14, 15);
    }

    @Test
    void healthyMultiKeyHistoryIsLinearizable() {
        healthyTrafficOnOtherKeys();
        CheckResult result = check();
        assertEquals(Verdict.LINEARIZABLE, result.verdict(), result::toString);
        assertTrue(result.explanation().contains("3 partition(s)"), result.explanation());
    }

    @Test
    void lostAcknowledgedWriteOnOneKeyIsReportedForThatKey() {
        healthyTrafficOnOtherKeys();
        ok(6, KvInput.put("lost", 5), KvOutput.ok(), 3, 6);
        ok(7, KvInput.get("lost"), KvOutput.absent(), 7, 9);

        CheckResult result = check();

        assertEquals(Verdict.NOT_LINEARIZABLE, result.verdict(), result::toString);
        assertEquals(Optional.of("lost"), result.partition());
        assertTrue(result.explanation().contains("partition \"lost\""), result.explanation());
        assertTrue(result.explanation().contains("client 7 get(lost) -> absent [invoked 7, completed 9]"),
                result.explanation());
        assertTrue(result.explanation().contains("put(lost, 5) -> ok"), result.explanation());
    }

    @Test
    void getAfterDeleteMustNotSeeTheOldValue() {
        ok(0, KvInput.put("x", 1), KvOutput.ok(), 0, 1);
        ok(0, KvInput.delete("x"), KvOutput.ok(), 2, 3);
        ok(1, KvInput.get("x"), KvOutput.value(1), 4, 5);
        CheckResult result = check();
        assertEquals(Verdict.NOT_LINEARIZABLE, result.verdict(), result::toString);
        assertTrue(result.explanation().contains("get(x) -> 1"), result.explanation());
    }

    @Test
    void compareAndSetOnAnAbsentKeyNeverSwaps() {
        ok(0, KvInput.cas("x", 0, 1), KvOutput.casResult(true), 0, 1);
        CheckResult result = check();
        assertEquals(Verdict.NOT_LINEARIZABLE, result.verdict(), result::toString);
        assertTrue(result.explanation().contains("cas(x, 0, 1) -> true"), result.explanation());
    }

    @Test
    void unknownCompareAndSetMayOrMayNotHaveSwapped() {
        ok(0, KvInput.put("x", 1), KvOutput.ok(), 0, 1);
        ops.add(Operation.unknown(1, KvInput.cas("x", 1, 2), 2, 4));
        ok(2, KvInput.get("x"), KvOutput.value(1), 5, 6);
        ok(2, KvInput.get("x"), KvOutput.value(2), 7, 8);
        assertEquals(Verdict.LINEARIZABLE, check().verdict());

        ok(2, KvInput.get("x"), KvOutput.value(1), 9, 10);
        CheckResult result = check();
        assertEquals(Verdict.NOT_LINEARIZABLE, result.verdict(), result::toString);
        assertTrue(result.explanation().contains("get(x) -> 1 [invoked 9, completed 10]"), result.explanation());
    }

    @Test
    void failedPutObservedOnOneKeyIsReportedForThatKey() {
        healthyTrafficOnOtherKeys();
        ops.add(Operation.failed(6, KvInput.put("f", 9), 0, 2));
        ok(7, KvInput.get("f"), KvOutput.value(9), 3, 4);
        CheckResult result = check();
        assertEquals(Verdict.NOT_LINEARIZABLE, result.verdict(), result::toString);
        assertEquals(Optional.of("f"), result.partition());
        assertTrue(result.explanation().contains("get(f) -> 9"), result.explanation());
    }
}
