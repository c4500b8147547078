package dev.groups.sync;

import static dev.groups.sync.LogAssertions.assertLog;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.groups.sync.ReplayHarness.Node;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Catch-up over a network that loses 30% of messages and delivers the rest in random order. */
class LogReplayChaosTest {

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void lostAndReorderedMessagesStillCatchUpExactly(long seed) {
        ReplayHarness h = new ReplayHarness(new LogReplaySync<String>().withBatchSize(500), seed);
        Node leader = h.node("L").leading();
        Node f1 = h.node("F1");
        Node f2 = h.node("F2");
        Node lagging = h.node("N");
        History history = History.of().term(1, leader.id, 2_500, "a").term(3, leader.id, 2_500, "b");
        leader.withLog(history.all(), 4_000);
        f1.withLog(history.all(), 4_000);
        f2.withLog(history.upTo(3_000), 3_000);
        h.bondAll();
        h.lossRate = 0.3;
        h.reorder = true;

        lagging.startSession(leader, history.at(4_500), history.range(4_501, 4_600));
        lagging.buffer(history.at(4_600), List.of());
        h.runUntilDone(lagging, Duration.ofHours(6));

        assertLog(history.upTo(4_600), lagging.log);
        assertEquals(history.at(4_600), lagging.result.orElseThrow());
    }
}
