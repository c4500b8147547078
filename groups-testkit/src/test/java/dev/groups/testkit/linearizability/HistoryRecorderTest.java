package dev.groups.testkit.linearizability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class HistoryRecorderTest {

    private static final int THREADS = 4;
    private static final int OPS_PER_THREAD = 250;

    @Test
    void concurrentRecordingOfAnAtomicRegisterYieldsAConsistentLinearizableHistory() throws Exception {
        AtomicLong logicalClock = new AtomicLong();
        HistoryRecorder<RegisterInput, RegisterOutput> recorder = new HistoryRecorder<>(logicalClock::incrementAndGet);
        AtomicLong register = new AtomicLong();
        AtomicLong nextValue = new AtomicLong(1);
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int client = t;
                workers.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < OPS_PER_THREAD; i++) {
                        perform(recorder, client, register, nextValue);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> worker : workers) {
                worker.get(1, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }

        History<RegisterInput, RegisterOutput> history = recorder.history();

        assertEquals(THREADS * OPS_PER_THREAD, history.size());
        assertEquals(history.size(), history.count(Outcome.OK));
        Set<Long> timestamps = new HashSet<>();
        for (Operation<RegisterInput, RegisterOutput> op : history.operations()) {
            assertTrue(op.invokedAt() < op.completedAt(), op::toString);
            assertTrue(timestamps.add(op.invokedAt()) && timestamps.add(op.completedAt()), "duplicate timestamp");
        }
        Map<Integer, List<Operation<RegisterInput, RegisterOutput>>> byClient = history.operations().stream()
                .collect(Collectors.groupingBy(Operation::clientId));
        assertEquals(THREADS, byClient.size());
        for (List<Operation<RegisterInput, RegisterOutput>> ops : byClient.values()) {
            assertEquals(OPS_PER_THREAD, ops.size());
            for (int i = 1; i < ops.size(); i++) {
                assertTrue(ops.get(i - 1).completedAt() < ops.get(i).invokedAt(), "a client's operations overlap");
            }
        }
        CheckResult result = LinearizabilityChecker.check(new RegisterModel(), history, Budget.ofSteps(5_000_000));
        assertEquals(Verdict.LINEARIZABLE, result.verdict(), result::toString);
    }

    private static void perform(HistoryRecorder<RegisterInput, RegisterOutput> recorder, int client,
            AtomicLong register, AtomicLong nextValue) {
        int kind = ThreadLocalRandom.current().nextInt(3);
        if (kind == 0) {
            var handle = recorder.invoke(client, RegisterInput.read());
            handle.ok(RegisterOutput.value(register.get()));
        } else if (kind == 1) {
            long value = nextValue.getAndIncrement();
            var handle = recorder.invoke(client, RegisterInput.write(value));
            register.set(value);
            handle.ok(RegisterOutput.ok());
        } else {
            long expected = register.get();
            long update = nextValue.getAndIncrement();
            var handle = recorder.invoke(client, RegisterInput.cas(expected, update));
            handle.ok(RegisterOutput.casResult(register.compareAndSet(expected, update)));
        }
    }

    @Test
    void operationsNeverCompletedAreUnknown() {
        long[] now = {0};
        HistoryRecorder<RegisterInput, RegisterOutput> recorder = new HistoryRecorder<>(() -> now[0]);
        now[0] = 10;
        var write = recorder.invoke(1, RegisterInput.write(5));
        now[0] = 11;
        var read = recorder.invoke(2, RegisterInput.read());
        now[0] = 12;
        read.ok(RegisterOutput.value(5));

        History<RegisterInput, RegisterOutput> before = recorder.history();

        assertEquals(2, before.size());
        Operation<RegisterInput, RegisterOutput> pending = before.operations().get(0);
        assertEquals(Outcome.UNKNOWN, pending.outcome());
        assertEquals(10, pending.invokedAt());
        assertEquals(Operation.NEVER, pending.completedAt());
        assertNull(pending.output());
        assertEquals(Operation.ok(2, RegisterInput.read(), RegisterOutput.value(5), 11, 12), before.operations().get(1));
        assertFalse(write.isCompleted());
        assertEquals(Verdict.LINEARIZABLE,
                LinearizabilityChecker.check(new RegisterModel(), before, Budget.ofSteps(1_000)).verdict());

        now[0] = 20;
        write.ok(RegisterOutput.ok());

        assertTrue(write.isCompleted());
        assertEquals(Operation.ok(1, RegisterInput.write(5), RegisterOutput.ok(), 10, 20),
                recorder.history().operations().get(0));
        assertEquals(Outcome.UNKNOWN, before.operations().get(0).outcome(), "a snapshot never changes");
    }

    @Test
    void failedAndTimedOutOperationsAreRecordedAsSuch() {
        long[] now = {0};
        HistoryRecorder<RegisterInput, RegisterOutput> recorder = new HistoryRecorder<>(() -> now[0]++);
        recorder.invoke(0, RegisterInput.write(1)).fail();
        recorder.invoke(0, RegisterInput.write(2)).unknown();

        List<Operation<RegisterInput, RegisterOutput>> ops = recorder.history().operations();

        assertEquals(Operation.failed(0, RegisterInput.write(1), 0, 1), ops.get(0));
        assertEquals(Operation.unknown(0, RegisterInput.write(2), 2, 3), ops.get(1));
        assertEquals(2, recorder.size());
    }

    @Test
    void aHandleCompletesOnlyOnce() {
        HistoryRecorder<RegisterInput, RegisterOutput> recorder = HistoryRecorder.withSystemNanoTime();
        var handle = recorder.invoke(0, RegisterInput.write(1));
        handle.ok(RegisterOutput.ok());

        assertThrows(IllegalStateException.class, handle::fail);
        assertThrows(IllegalStateException.class, handle::unknown);
        assertThrows(IllegalStateException.class, () -> handle.ok(RegisterOutput.ok()));
        assertEquals(Outcome.OK, recorder.history().operations().get(0).outcome());
        assertThrows(NullPointerException.class, () -> recorder.invoke(0, null));
        assertThrows(NullPointerException.class, () -> recorder.invoke(0, RegisterInput.read()).ok(null));
    }
}
