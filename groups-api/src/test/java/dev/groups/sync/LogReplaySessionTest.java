package dev.groups.sync;

import static dev.groups.sync.LogAssertions.assertLog;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.groups.id.PeerId;
import dev.groups.log.Cursor;
import dev.groups.log.Index;
import dev.groups.log.IndexRange;
import dev.groups.sync.ReplayHarness.Delivered;
import dev.groups.sync.ReplayHarness.Node;
import dev.groups.sync.ReplayMessages.AvailabilityRequest;
import dev.groups.sync.ReplayMessages.FetchEntriesRequest;
import dev.groups.sync.ReplayMessages.FetchEntriesResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** Catch-up scenarios on a hand-pumped cluster: a leader L, followers F1 and F2, and the lagging node N. */
class LogReplaySessionTest {
    private static final Duration BUDGET = Duration.ofHours(2);

    private final ReplayHarness h = new ReplayHarness(new LogReplaySync<>(), 7);
    private final Node leader = h.node("L").leading();
    private final Node f1 = h.node("F1");
    private final Node f2 = h.node("F2");
    private final Node lagging = h.node("N");

    /** Two terms of the leader: 10,000 entries. */
    private final History history = History.of()
            .term(1, leader.id, 4_000, "a")
            .term(2, leader.id, 6_000, "b");

    private void everyoneHasEverythingCommitted() {
        leader.withLog(history.all(), history.size());
        f1.withLog(history.all(), history.size());
        f2.withLog(history.all(), history.size());
        h.bondAll();
    }

    private Predicate<ReplayHarness.Envelope> is(Class<?> type) {
        return e -> type.isInstance(e.message(h.codec));
    }

    @Test
    void freshNodeCatchesUpTenThousandEntriesFromThreePeersInParallel() {
        everyoneHasEverythingCommitted();

        lagging.startSession(leader, history.last(), List.of());
        h.runUntilDone(lagging, BUDGET);

        assertLog(history.all(), lagging.log);
        assertEquals(history.last(), lagging.result.orElseThrow());
        Map<?, Integer> served = h.chunksServedBy();
        assertTrue(served.size() > 1, "chunks served by " + served);
        assertEquals(5, served.values().stream().mapToInt(Integer::intValue).sum(), "10,000 entries in batches of 2,000");
    }

    @Test
    void idlePeersGetOneChunkEachInOrderWithTheLeaderLast() {
        everyoneHasEverythingCommitted();
        h.hold = e -> e.to().equals(lagging.id);
        lagging.startSession(leader, history.last(), List.of());
        while (h.step()) {
            // the three availability requests reach the peers; their answers are held
        }
        // All three answers arrive before the session next runs, so all three peers are idle at once.
        for (ReplayHarness.Envelope e : h.held) {
            lagging.session.onMessage(e.from(), e.message(h.codec), lagging.sessionContext);
        }
        h.held.clear();
        lagging.poll();

        assertEquals(3, h.queue.size(), "one request per idle peer");
        List<PeerId> to = h.queue.stream().map(ReplayHarness.Envelope::to).toList();
        List<IndexRange> ranges = h.queue.stream().map(e -> ((FetchEntriesRequest) e.message(h.codec)).range()).toList();
        assertEquals(leader.id, to.get(2), "the leader is given the last chunk");
        assertEquals(3, Set.copyOf(to).size());
        assertEquals(List.of(IndexRange.of(1, 2_000), IndexRange.of(2_001, 4_000), IndexRange.of(4_001, 6_000)), ranges);
    }

    @Test
    void bufferedEntriesAfterTheTargetAreAppended() {
        History longer = History.of().term(1, leader.id, 3_000, "a").term(2, leader.id, 10, "b");
        leader.withLog(longer.all(), 3_000);
        f1.withLog(longer.upTo(3_000), 3_000);
        h.bondAll();

        lagging.startSession(leader, longer.at(3_000), longer.range(3_001, 3_004));
        lagging.buffer(longer.at(3_002), longer.range(3_003, 3_008)); // overlaps the first batch
        lagging.buffer(longer.at(3_008), List.of()); // a heartbeat at the leader's end: nothing new to fetch
        h.runUntilDone(lagging, BUDGET);

        assertLog(longer.upTo(3_008), lagging.log);
        assertEquals(longer.at(3_008), lagging.result.orElseThrow());
    }

    @Test
    void aPositionPastTheBufferedEntriesExtendsTheTargetOverTheHole() {
        History longer = History.of().term(1, leader.id, 2_020, "a");
        leader.withLog(longer.all(), 2_000);
        f1.withLog(longer.upTo(2_000), 2_000);
        h.bondAll();

        lagging.startSession(leader, longer.at(2_000), longer.range(2_001, 2_002));
        lagging.buffer(longer.at(2_004), longer.range(2_005, 2_006)); // 2,003..2,004 never arrived
        h.runUntilDone(lagging, BUDGET);

        // The session fetched the hole too (only the leader has it), then appended what followed.
        assertLog(longer.upTo(2_006), lagging.log);
    }

    @Test
    void aLaterPositionBeyondTheTargetExtendsTheCatchUp() {
        everyoneHasEverythingCommitted();

        lagging.startSession(leader, history.at(2_000), List.of());
        lagging.buffer(history.last(), List.of()); // the leader's heartbeat: its log now reaches 10,000
        h.runUntilDone(lagging, BUDGET);

        assertLog(history.all(), lagging.log);
    }

    /** Spec §10 item 6, first stall: followers advertise committed entries only, the target is past them. */
    @Test
    void aGapPastEveryFollowersCommitIndexIsServedByTheLeader() {
        leader.withLog(history.all(), 6_000);
        f1.withLog(history.all(), 6_000);
        f2.withLog(history.upTo(6_000), 6_000);
        h.bondAll();

        lagging.startSession(leader, history.last(), List.of());
        h.runUntilDone(lagging, BUDGET);

        assertLog(history.all(), lagging.log);
        List<Delivered> pastCommit = h.delivered.stream()
                .filter(d -> d.message() instanceof FetchEntriesResponse r && !r.isNone()
                        && r.range().end().value() > 6_000)
                .toList();
        assertFalse(pastCommit.isEmpty());
        assertTrue(pastCommit.stream().allMatch(d -> d.from().equals(leader.id)), "only the leader serves its tail");
    }

    /** Spec §10 item 6, second stall: an empty answer once blocked draining for ever. */
    @Test
    void anEmptyAnswerFreesThePeerAndTheRangeIsFetchedElsewhere() {
        everyoneHasEverythingCommitted();
        h.hold = e -> e.to().equals(f1.id) && is(FetchEntriesRequest.class).test(e);
        lagging.startSession(leader, history.last(), List.of());
        while (h.held.isEmpty()) {
            assertTrue(h.step());
        }
        IndexRange requested = ((FetchEntriesRequest) h.held.get(0).message(h.codec)).range();
        f1.log.truncate(Index.ONE); // F1 lost its log after advertising it
        f1.committed = Cursor.ZERO;
        h.hold = e -> false;
        h.release();

        h.runUntilDone(lagging, BUDGET);

        assertLog(history.all(), lagging.log);
        List<FetchEntriesResponse> none = h.delivered.stream()
                .filter(d -> d.from().equals(f1.id) && d.message() instanceof FetchEntriesResponse)
                .map(d -> (FetchEntriesResponse) d.message())
                .toList();
        assertEquals(1, none.size());
        assertTrue(none.get(0).isNone());
        assertEquals(requested, none.get(0).range(), "the none answer names the requested range");
        assertTrue(h.delivered(d -> d.to().equals(f1.id) && d.message() instanceof AvailabilityRequest) >= 2,
                "F1 was asked again what it has");
    }

    @Test
    void aPeerThatLeavesMidFetchIsReplacedByOthers() {
        everyoneHasEverythingCommitted();
        h.hold = e -> e.to().equals(f1.id) && is(FetchEntriesRequest.class).test(e);
        lagging.startSession(leader, history.last(), List.of());
        while (h.held.isEmpty()) {
            assertTrue(h.step());
        }
        h.unbond(lagging, f1);
        Instant left = h.now;

        h.runUntilDone(lagging, BUDGET);

        assertLog(history.all(), lagging.log);
        assertFalse(h.chunksServedBy().containsKey(f1.id));
        assertTrue(Duration.between(left, h.now).compareTo(h.sync.fetchTimeout()) < 0,
                "F1's range moved on when the bond closed, without waiting for the fetch timeout");
    }

    @Test
    void aPeerThatNeverAnswersTimesOutAndAnotherServesItsRange() {
        everyoneHasEverythingCommitted();
        h.drop = e -> e.from().equals(f1.id) && is(FetchEntriesResponse.class).test(e);
        Instant start = h.now;

        lagging.startSession(leader, history.last(), List.of());
        h.runUntilDone(lagging, BUDGET);

        assertLog(history.all(), lagging.log);
        assertTrue(h.delivered(d -> d.to().equals(f1.id) && d.message() instanceof FetchEntriesRequest) >= 1);
        Duration took = Duration.between(start, h.now);
        assertTrue(took.compareTo(h.sync.fetchTimeout()) >= 0, "F1's range waited for the fetch timeout: " + took);
    }

    @Test
    void theSessionKeepsAskingUntilAPeerHasTheGap() {
        leader.withLog(history.all(), history.size());
        f1.withLog(history.all(), 5_000);
        f2.withLog(history.all(), 5_000);
        h.bondAll();
        h.unbond(lagging, leader); // only followers, none of which has committed the gap yet

        lagging.startSession(leader, history.last(), List.of());
        for (int i = 0; i < 120; i++) {
            while (h.step()) {
                // deliver everything
            }
            h.tick();
        }
        assertNotNull(lagging.session, "nobody serves 5,001..10,000 yet");
        assertEquals(Index.of(5_000), lagging.log.last().index());

        f1.committed = history.last(); // F1 commits the rest
        h.runUntilDone(lagging, BUDGET);

        assertLog(history.all(), lagging.log);
        assertTrue(h.delivered(d -> d.to().equals(f1.id) && d.message() instanceof AvailabilityRequest) > 2,
                "availability is asked again periodically, not once");
    }

    @Test
    void aGapAlreadyClosedFinishesAtOnceWithTheBufferedEntries() {
        everyoneHasEverythingCommitted();
        lagging.withLog(history.upTo(9_000), 9_000);

        lagging.startSession(leader, history.at(9_000), history.range(9_001, 9_010));

        assertEquals(history.at(9_010), lagging.result.orElseThrow());
        assertLog(history.upTo(9_010), lagging.log);
        assertTrue(h.queue.isEmpty(), "nothing to fetch");
    }
}
