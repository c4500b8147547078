package dev.groups.sync;

import static dev.groups.sync.LogAssertions.assertLog;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.groups.id.PeerId;
import dev.groups.log.Index;
import dev.groups.sync.ReplayHarness.Node;
import dev.groups.sync.ReplayMessages.AvailabilityResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Peers with another history (dynamic mode after a partition): their chunks must never enter the log.
 * Leader L and follower F share the honest history; D forked from it at index 3,000.
 */
class LogReplayDivergenceTest {
    private static final Duration BUDGET = Duration.ofHours(2);

    private final ReplayHarness h = new ReplayHarness(new LogReplaySync<String>().withBatchSize(1_000), 11);
    private final Node leader = h.node("L").leading();
    private final Node follower = h.node("F");
    private final Node rival = h.node("D");
    private final Node lagging = h.node("N");
    private final History honest = History.of()
            .term(1, leader.id, 3_000, "a")
            .term(3, leader.id, 7_000, "b");

    private void setUp(History rivalHistory) {
        leader.withLog(honest.all(), honest.size());
        follower.withLog(honest.all(), honest.size());
        rival.withLog(rivalHistory.all(), rivalHistory.size());
        h.bondAll();
    }

    /**
     * Keeps D out until the log is past the fork, so D's chunks start where the histories differ (a chunk
     * starting before the fork would pass the check and be caught by the runtime against the target).
     */
    private void catchUpWithTheRivalJoiningPastTheFork() {
        h.hold = e -> e.from().equals(rival.id) && e.message(h.codec) instanceof AvailabilityResponse;
        lagging.startSession(leader, honest.last(), List.of());
        while (lagging.log.last().index().value() < 3_500) {
            if (!h.step()) {
                h.tick();
            }
        }
        h.hold = e -> false;
        h.release();
        h.runUntilDone(lagging, BUDGET);
    }

    @Test
    void aRivalLeaderOfTheSameTermIsRejectedByItsTermStart() {
        setUp(History.prefixOf(honest, 3_000).term(3, rival.id, 7_000, "rival"));

        catchUpWithTheRivalJoiningPastTheFork();

        assertLog(honest.all(), lagging.log);
        assertTrue(h.chunksServedBy().getOrDefault(rival.id, 0) >= 1, "D served a chunk, and it was rejected");
    }

    @Test
    void aHistoryOfAnotherTermIsRejectedByItsPrevTerm() {
        setUp(History.prefixOf(honest, 3_000).term(2, rival.id, 7_000, "rival"));
        // D pruned its TermStart, so it names no leader; and term 2 is older than the target's term 3:
        // only the previous entry's term tells the histories apart.
        rival.log.prunePrefix(Index.of(3_100));

        catchUpWithTheRivalJoiningPastTheFork();

        assertLog(honest.all(), lagging.log);
        assertTrue(h.chunksServedBy().getOrDefault(rival.id, 0) >= 1, "D served a chunk, and it was rejected");
    }

    @Test
    void whenEvenTheLeadersEntriesDoNotContinueTheLogTheSessionEndsWhereItIs() {
        setUp(History.prefixOf(honest, 3_000).term(3, rival.id, 7_000, "rival"));
        // N kept 100 entries of a term-1 leader X that lost: nobody's entries can follow them.
        History stale = History.of().term(1, PeerId.fromHex("ab".repeat(32)), 100, "stale");
        lagging.withLog(stale.all(), 0);

        lagging.startSession(leader, honest.last(), List.of());
        h.runUntilDone(lagging, BUDGET);

        assertEquals(stale.last(), lagging.result.orElseThrow());
        assertLog(stale.all(), lagging.log);
    }
}
