package dev.groups.testkit.linearizability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class RegisterLinearizabilityTest {

    private static final RegisterModel REGISTER = new RegisterModel();
    private static final Budget BUDGET = Budget.ofSteps(1_000_000);

    private static CheckResult check(RegisterHistoryBuilder history) {
        return LinearizabilityChecker.check(REGISTER, history.build(), BUDGET);
    }

    private static void assertLinearizable(RegisterHistoryBuilder history) {
        CheckResult result = check(history);
        assertEquals(Verdict.LINEARIZABLE, result.verdict(), result::toString);
        assertEquals(Optional.empty(), result.partition());
    }

    private static CheckResult assertViolation(RegisterHistoryBuilder history, String... mentioned) {
        CheckResult result = check(history);
        assertEquals(Verdict.NOT_LINEARIZABLE, result.verdict(), result::toString);
        assertEquals(Optional.of(Model.SINGLE_PARTITION), result.partition());
        for (String text : mentioned) {
            assertTrue(result.explanation().contains(text),
                    () -> "explanation should mention \"" + text + "\":\n" + result.explanation());
        }
        return result;
    }

    @Test
    void emptyHistoryIsLinearizable() {
        CheckResult result = check(new RegisterHistoryBuilder());
        assertEquals(Verdict.LINEARIZABLE, result.verdict());
        assertEquals(0, result.steps());
    }

    @Test
    void sequentialHistoryIsLinearizable() {
        assertLinearizable(new RegisterHistoryBuilder()
                .read(0, 0, 0, 1)
                .write(0, 1, 2, 3)
                .read(1, 1, 4, 5)
                .write(1, 2, 6, 7)
                .read(0, 2, 8, 9));
    }

    @Test
    void readConcurrentWithWriteMaySeeOldOrNewValue() {
        assertLinearizable(new RegisterHistoryBuilder().write(0, 1, 0, 10).read(1, 0, 2, 4));
        assertLinearizable(new RegisterHistoryBuilder().write(0, 1, 0, 10).read(1, 1, 2, 4));
        assertLinearizable(new RegisterHistoryBuilder().write(0, 1, 0, 10).read(1, 0, 2, 4).read(1, 1, 5, 6));
    }

    @Test
    void concurrentWritesMayTakeEffectInEitherOrder() {
        // write(1) and write(2) overlap, so either may win; the reads pin down an order each time.
        assertLinearizable(new RegisterHistoryBuilder()
                .write(0, 1, 0, 10).write(1, 2, 1, 11)
                .read(2, 1, 12, 13).read(2, 1, 14, 15));
        assertLinearizable(new RegisterHistoryBuilder()
                .write(0, 1, 0, 10).write(1, 2, 1, 11)
                .read(2, 2, 12, 13));
        assertLinearizable(new RegisterHistoryBuilder()
                .write(0, 1, 0, 10).write(1, 2, 1, 11)
                .read(2, 2, 2, 3).read(3, 1, 4, 5).read(2, 1, 12, 13));
        assertLinearizable(new RegisterHistoryBuilder()
                .write(0, 1, 0, 10).write(1, 2, 1, 11).write(3, 3, 2, 12)
                .read(2, 3, 3, 4).read(4, 1, 5, 6).read(2, 2, 7, 8).read(4, 2, 13, 14));
    }

    @Test
    void concurrentCompareAndSetHasOneWinner() {
        assertLinearizable(new RegisterHistoryBuilder()
                .cas(0, 0, 1, true, 0, 10).cas(1, 0, 2, false, 1, 9).read(2, 1, 11, 12));
        assertLinearizable(new RegisterHistoryBuilder()
                .cas(0, 0, 1, false, 0, 10).cas(1, 0, 2, true, 1, 9).read(2, 2, 11, 12));
        // A chain: cas(0,1) then cas(1,2) succeed even though they overlap.
        assertLinearizable(new RegisterHistoryBuilder()
                .cas(0, 1, 2, true, 0, 10).cas(1, 0, 1, true, 1, 9).read(2, 2, 11, 12));
    }

    @Test
    void twoWinningCompareAndSetsFromTheSameValueAreAViolation() {
        assertViolation(new RegisterHistoryBuilder()
                .cas(0, 0, 1, true, 0, 10).cas(1, 0, 2, true, 1, 9),
                "cas(0, 1) -> true", "cas(0, 2) -> true");
    }

    @Test
    void readOfAValueNeverWrittenIsAViolation() {
        CheckResult result = assertViolation(new RegisterHistoryBuilder()
                .write(0, 1, 0, 1).write(1, 2, 2, 5).read(2, 7, 3, 4),
                "read() -> 7", "[invoked 3, completed 4]", "impossible in this state");
        assertTrue(result.explanation().contains("must take effect by 4"), result.explanation());
    }

    @Test
    void staleReadAfterACompletedWriteIsAViolation() {
        CheckResult result = assertViolation(new RegisterHistoryBuilder()
                .write(0, 1, 0, 10).read(1, 0, 11, 12),
                "client 1 read() -> 0 [invoked 11, completed 12]");
        // the prefix is the write, after which the register holds 1
        assertTrue(result.explanation().contains("1. client 0 write(1) -> ok [invoked 0, completed 10]"),
                result.explanation());
        assertTrue(result.explanation().contains("register = 1"), result.explanation());
    }

    @Test
    void sequentialReadsGoingBackInTimeAreAViolation() {
        assertViolation(new RegisterHistoryBuilder()
                .write(0, 1, 0, 20).read(1, 1, 1, 2).read(1, 0, 3, 4),
                "read() -> 0 [invoked 3, completed 4]");
    }

    @Test
    void callsComeBeforeReturnsAtEqualTimestamps() {
        // The write completes at 10 and the read is invoked at 10: concurrent, so the old value is legal.
        assertLinearizable(new RegisterHistoryBuilder().write(0, 1, 0, 10).read(1, 0, 10, 12));
        // One tick later the write definitely precedes the read.
        assertViolation(new RegisterHistoryBuilder().write(0, 1, 0, 10).read(1, 0, 11, 12), "read() -> 0");
    }

    @Test
    void outputOfTheWrongKindIsAViolation() {
        assertViolation(new RegisterHistoryBuilder()
                .add(Operation.ok(0, RegisterInput.read(), RegisterOutput.ok(), 0, 1)), "read() -> ok");
    }

    @Test
    void timedOutWriteLaterObservedIsLinearizable() {
        assertLinearizable(new RegisterHistoryBuilder().writeUnknown(0, 1, 0, 5).read(1, 1, 10, 11));
    }

    @Test
    void timedOutWriteNeverObservedIsLinearizable() {
        assertLinearizable(new RegisterHistoryBuilder()
                .writeUnknown(0, 1, 0, 5).read(1, 0, 10, 11).read(1, 0, 12, 13));
    }

    @Test
    void timedOutWriteMayTakeEffectLongAfterTheClientGaveUp() {
        assertLinearizable(new RegisterHistoryBuilder()
                .writeUnknown(0, 1, 0, 5).read(1, 0, 10, 11).write(2, 2, 12, 13).read(1, 1, 20, 21));
    }

    @Test
    void timedOutWriteTakesEffectAtMostOnce() {
        assertViolation(new RegisterHistoryBuilder()
                .writeUnknown(0, 1, 0, 5).read(1, 1, 10, 11).write(2, 2, 12, 13).read(1, 2, 14, 15)
                .read(1, 1, 16, 17).read(1, 1, 18, 19),
                "read() -> 1 [invoked 16, completed 17]");
    }

    @Test
    void timedOutWriteCannotTakeEffectBeforeItWasInvoked() {
        assertViolation(new RegisterHistoryBuilder().read(1, 1, 0, 1).writeUnknown(0, 1, 5, 9),
                "read() -> 1 [invoked 0, completed 1]");
    }

    @Test
    void neverCompletedWriteMayStillBeObserved() {
        assertLinearizable(new RegisterHistoryBuilder()
                .add(Operation.unknown(0, RegisterInput.write(4), 0)).read(1, 0, 1, 2).read(1, 4, 3, 4));
    }

    @Test
    void failedWriteObservedByAReadIsAViolation() {
        CheckResult result = assertViolation(new RegisterHistoryBuilder()
                .writeFailed(0, 1, 0, 5).read(1, 1, 10, 11),
                "read() -> 1 [invoked 10, completed 11]");
        assertTrue(result.explanation().contains("1 ignored as FAILED"), result.explanation());
    }

    @Test
    void failedWriteNotObservedIsLinearizable() {
        assertLinearizable(new RegisterHistoryBuilder().writeFailed(0, 1, 0, 5).read(1, 0, 10, 11));
    }

    @Test
    void unknownReadsAreIgnored() {
        CheckResult result = check(new RegisterHistoryBuilder()
                .add(Operation.unknown(0, RegisterInput.read(), 0, 3))
                .write(1, 1, 1, 2));
        assertEquals(Verdict.LINEARIZABLE, result.verdict());
        assertTrue(result.explanation().contains("1 ignored"), result.explanation());
    }

    @Test
    void initialValueIsConfigurable() {
        History<RegisterInput, RegisterOutput> history = new RegisterHistoryBuilder().read(0, 42, 0, 1).build();
        assertEquals(Verdict.LINEARIZABLE, LinearizabilityChecker.check(new RegisterModel(42), history, BUDGET).verdict());
        assertEquals(Verdict.NOT_LINEARIZABLE, LinearizabilityChecker.check(REGISTER, history, BUDGET).verdict());
    }
}
