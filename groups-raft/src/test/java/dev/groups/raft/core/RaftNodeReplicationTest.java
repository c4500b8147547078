package dev.groups.raft.core;

import static dev.groups.raft.core.Drive.P1;
import static dev.groups.raft.core.Drive.P2;
import static dev.groups.raft.core.Drive.P3;
import static dev.groups.raft.core.Drive.denied;
import static dev.groups.raft.core.Drive.elect;
import static dev.groups.raft.core.Drive.granted;
import static dev.groups.raft.core.Drive.tuned;
import static dev.groups.raft.core.Drive.termOneLog;
import static dev.groups.raft.core.Harness.dynamic;
import static dev.groups.raft.core.Harness.strict;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.groups.consensus.ConsensusConfig;
import dev.groups.id.PeerId;
import dev.groups.log.Cursor;
import dev.groups.log.Index;
import dev.groups.log.LogEntry;
import dev.groups.log.LogPayload;
import dev.groups.log.Term;
import dev.groups.machine.Unit;
import dev.groups.raft.core.Harness.Member;
import dev.groups.raft.core.RaftMessage.AppendEntries;
import dev.groups.raft.core.RaftMessage.AppendEntriesResponse;
import dev.groups.storage.InMemoryLogStore;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The leader's side of replication, asserted message by message: batches of {@code maxBatch} entries, at
 * most {@code window} unanswered per follower, a resend after a heartbeat interval of silence with a full
 * window, heartbeats to idle followers, probing after a denial, and the choice between streaming and
 * asking a far-behind follower to catch up through its state sync. Heartbeat interval: 500 ms.
 */
class RaftNodeReplicationTest {
    private static final long HEARTBEAT = ConsensusConfig.DEFAULT_HEARTBEAT_INTERVAL.toMillis();

    private static List<AppendEntries<Long, Unit, Long>> sentTo(List<Outgoing<Long, Unit, Long>> out, PeerId p) {
        return Drive.to(out, p, AppendEntries.class);
    }

    private static List<Long> indices(AppendEntries<Long, Unit, Long> ae) {
        return ae.entries().stream().map(e -> e.index().value()).toList();
    }

    /** Strict 3-member leader of term 1 over an empty log: batches of 2, 2 in flight. */
    private static Member pipelined() {
        return elect(tuned(0, strict(3), new RaftTuning(2, 2, 1_000), new InMemoryLogStore<>()), P1, P2);
    }

    @Test
    void entriesGoInBatchesWithAWindowOfUnansweredMessages() {
        Member m = pipelined(); // the TermStart (1) is in flight to both since 10 000
        m.raft.propose(1, List.of(11L, 12L, 13L, 14L, 15L), false, 10_001); // 2..6
        List<Outgoing<Long, Unit, Long>> out = m.raft.drainMessages();
        List<AppendEntries<Long, Unit, Long>> toP1 = sentTo(out, P1);
        assertEquals(1, toP1.size(), "one more batch fills the window of 2");
        assertEquals(List.of(2L, 3L), indices(toP1.get(0)));
        assertEquals(Cursor.of(1, 1), toP1.get(0).prev());
        assertEquals(1, sentTo(out, P2).size());
        m.flushAndDrain(10_001);
        // P1 answers the TermStart: one slot frees, the next batch goes
        m.raft.receive(P1, granted(1, 1, 0, 1), 10_002);
        assertEquals(Index.ONE, m.raft.commitIndex());
        out = m.raft.drainMessages();
        toP1 = sentTo(out, P1);
        assertEquals(1, toP1.size());
        assertEquals(List.of(4L, 5L), indices(toP1.get(0)));
        assertEquals(Cursor.of(1, 3), toP1.get(0).prev());
        assertEquals(Index.ONE, toP1.get(0).leaderCommit());
        assertEquals(List.of(), sentTo(out, P2), "P2's window is still full");
        m.raft.receive(P1, granted(1, 3, 1, 3), 10_003);
        toP1 = sentTo(m.raft.drainMessages(), P1);
        assertEquals(1, toP1.size());
        assertEquals(List.of(6L), indices(toP1.get(0)));
        assertEquals(Index.of(3), m.raft.commitIndex());
    }

    @Test
    void aFullWindowWithoutAnswersIsResentFromTheMatchAfterAHeartbeatInterval() {
        Member m = pipelined();
        m.raft.propose(1, List.of(11L, 12L, 13L, 14L, 15L), false, 10_001);
        m.flushAndDrain(10_001);
        assertEquals(10_001 + HEARTBEAT, m.raft.nextDeadline());
        Harness.stand(m.raft, 10_001 + HEARTBEAT - 1);
        assertEquals(List.of(), m.raft.drainMessages());
        Harness.stand(m.raft, 10_001 + HEARTBEAT);
        List<AppendEntries<Long, Unit, Long>> toP1 = sentTo(m.raft.drainMessages(), P1);
        assertEquals(2, toP1.size(), "the window again, from the first unacknowledged entry");
        assertEquals(Cursor.ZERO, toP1.get(0).prev());
        assertEquals(List.of(1L, 2L), indices(toP1.get(0)));
        assertEquals(List.of(3L, 4L), indices(toP1.get(1)));
    }

    @Test
    void anIdleFollowerGetsAHeartbeatEveryHeartbeatInterval() {
        Member m = pipelined();
        m.raft.receive(P1, granted(1, 1, 0, 1), 10_001);
        m.raft.drainMessages(); // P1 hears of the commit at once
        m.raft.receive(P2, granted(1, 1, 0, 1), 10_002);
        m.raft.drainMessages();
        assertEquals(10_001 + HEARTBEAT, m.raft.nextDeadline());
        Harness.stand(m.raft, 10_001 + HEARTBEAT - 1);
        assertEquals(List.of(), m.raft.drainMessages());
        Harness.stand(m.raft, 10_001 + HEARTBEAT);
        List<Outgoing<Long, Unit, Long>> out = m.raft.drainMessages();
        assertEquals(List.of(), sentTo(out, P2), "P2 heard from us at 10 002");
        List<AppendEntries<Long, Unit, Long>> hb = sentTo(out, P1);
        assertEquals(1, hb.size());
        assertTrue(hb.get(0).isHeartbeat());
        assertEquals(Cursor.of(1, 1), hb.get(0).prev());
        assertEquals(Index.ONE, hb.get(0).leaderCommit());
        assertEquals(10_002 + HEARTBEAT, m.raft.nextDeadline());
    }

    /** Strict leader of term 2 over P1's term-1 log of 1..7; its TermStart at 8. Batches of 2, window 1, catch up beyond 3. */
    private static Member behindLeader() {
        return elect(tuned(0, strict(3), new RaftTuning(2, 1, 3), termOneLog(6)), P1, P2);
    }

    @Test
    void aFollowerThatAsksForEntriesTheLeaderStillHoldsIsStreamedThemEvenAfterAProbeBelowTheOffset() {
        InMemoryLogStore<LogPayload<Long>> log = termOneLog(6); // term 1 at 1..7
        log.prunePrefix(Index.of(4));
        Member m = elect(tuned(0, strict(3), new RaftTuning(2, 1, 3), log), P1, P2); // TermStart at 8
        m.raft.receive(P1, denied(2, 1, 7, 1, false), 10_001); // "retry from 1": pruned, so a catch-up
        m.raft.drainMessages();
        // Its catch-up found only a conflicting tail past 5 that no snapshot replaces: it asks to be
        // streamed from 6, which the leader still holds (simulator, seed 83 of --reconfigure --snapshots).
        m.raft.receive(P1, denied(2, 6, 8, 2, true), 10_002);
        List<AppendEntries<Long, Unit, Long>> sent = sentTo(m.raft.drainMessages(), P1);
        assertEquals(1, sent.size());
        assertFalse(sent.get(0).catchUp(), "streamed, not asked to catch up again");
        assertEquals(Cursor.of(1, 5), sent.get(0).prev());
        assertEquals(List.of(6L, 7L), indices(sent.get(0)));
    }

    @Test
    void aFollowerFarBehindIsAskedToCatchUpThroughItsStateSync() {
        Member m = behindLeader();
        m.raft.receive(P1, denied(2, 1, 7, 1, false), 10_001); // P1's log is empty: retry from 1
        List<AppendEntries<Long, Unit, Long>> probe = sentTo(m.raft.drainMessages(), P1);
        assertEquals(1, probe.size());
        assertEquals(Cursor.ZERO, probe.get(0).prev());
        assertEquals(List.of(1L, 2L), indices(probe.get(0)));
        m.raft.receive(P1, granted(2, 2, 0, 2), 10_002); // matched at 2; 8 - 2 > 3 behind
        assertEquals(List.of(), m.raft.drainMessages(), "no more streaming");
        Harness.stand(m.raft, 10_001 + HEARTBEAT);
        List<AppendEntries<Long, Unit, Long>> catchUp = sentTo(m.raft.drainMessages(), P1);
        assertEquals(1, catchUp.size());
        assertTrue(catchUp.get(0).catchUp());
        assertTrue(catchUp.get(0).isHeartbeat());
        assertEquals(Cursor.of(2, 8), catchUp.get(0).prev(), "fetch everything up to the leader's last entry");
        Harness.stand(m.raft, 10_001 + 2 * HEARTBEAT - 1);
        assertEquals(List.of(), sentTo(m.raft.drainMessages(), P1), "one catch-up heartbeat per interval");
        Harness.stand(m.raft, 10_001 + 2 * HEARTBEAT);
        assertEquals(1, sentTo(m.raft.drainMessages(), P1).size());
        // its state sync brought it to 8: nothing is streamed again, it only hears of the commit
        m.raft.receive(P1, granted(2, 8, 8, 9), 10_001 + 2 * HEARTBEAT + 1);
        assertEquals(Index.of(8), m.raft.commitIndex());
        List<AppendEntries<Long, Unit, Long>> after = sentTo(m.raft.drainMessages(), P1);
        assertEquals(1, after.size());
        assertTrue(after.get(0).isHeartbeat(), "8 is matched: nothing to resend");
        assertFalse(after.get(0).catchUp());
        assertEquals(Index.of(8), after.get(0).leaderCommit());
    }

    @Test
    void aRetryHintBelowTheMatchNeverSendsMatchedEntriesAgain() {
        // Window 2: [2,3] and [4,5] out, 1..3 matched, [6,7] out; the answer to [6,7] is a denial whose
        // hint lies below the match: the leader resumes right after the match.
        Member m = elect(tuned(0, strict(3), new RaftTuning(2, 2, 100), termOneLog(6)), P1, P2);
        m.raft.receive(P1, denied(2, 2, 7, 1, false), 10_001);
        List<AppendEntries<Long, Unit, Long>> sent = sentTo(m.raft.drainMessages(), P1);
        assertEquals(List.of(2L, 3L), indices(sent.get(0)));
        assertEquals(List.of(4L, 5L), indices(sent.get(1)));
        m.raft.receive(P1, granted(2, 3, 1, 2), 10_002);
        assertEquals(List.of(6L, 7L), indices(sentTo(m.raft.drainMessages(), P1).get(0)));
        m.raft.receive(P1, denied(2, 2, 5, 4, true), 10_003);
        sent = sentTo(m.raft.drainMessages(), P1);
        assertEquals(Cursor.of(1, 3), sent.get(0).prev());
        assertEquals(List.of(4L, 5L), indices(sent.get(0)));
    }

    @Test
    void aFollowerJustWithinTheThresholdIsStreamedTo() {
        Member m = behindLeader();
        m.raft.receive(P1, denied(2, 4, 7, 1, false), 10_001);
        assertEquals(List.of(4L, 5L), indices(sentTo(m.raft.drainMessages(), P1).get(0)));
        m.raft.receive(P1, granted(2, 5, 3, 2), 10_002); // 8 - 5 = 3: not beyond the threshold
        List<AppendEntries<Long, Unit, Long>> next = sentTo(m.raft.drainMessages(), P1);
        assertEquals(1, next.size());
        assertFalse(next.get(0).catchUp());
        assertEquals(List.of(6L, 7L), indices(next.get(0)));
    }

    @Test
    void aFollowerWhoseLogConflictedIsStreamedToUntilInSyncThenMayCatchUpAgain() {
        // Its tail must be overwritten by the leader: a state sync from the members cannot do that.
        Member m = behindLeader();
        m.raft.receive(P1, denied(2, 1, 7, 1, true), 10_001);
        assertEquals(List.of(1L, 2L), indices(sentTo(m.raft.drainMessages(), P1).get(0)));
        m.raft.receive(P1, granted(2, 2, 0, 2), 10_002);
        assertEquals(List.of(3L, 4L), indices(sentTo(m.raft.drainMessages(), P1).get(0)), "streamed, far behind or not");
        m.raft.receive(P1, granted(2, 4, 2, 3), 10_003);
        assertEquals(List.of(5L, 6L), indices(sentTo(m.raft.drainMessages(), P1).get(0)));
        m.raft.receive(P1, granted(2, 6, 4, 4), 10_004);
        assertEquals(List.of(7L, 8L), indices(sentTo(m.raft.drainMessages(), P1).get(0)));
        m.raft.receive(P1, granted(2, 8, 6, 5), 10_005); // in sync now
        m.flushAndDrain(10_005);
        m.raft.propose(1, List.of(1L, 2L, 3L, 4L, 5L), false, 10_006); // 9..13
        m.flushAndDrain(10_006);
        m.raft.receive(P1, granted(2, 9, 8, 6), 10_007); // 13 - 9 > 3: far behind again, no conflict now
        assertEquals(List.of(), sentTo(m.raft.drainMessages(), P1));
        Harness.stand(m.raft, 10_007 + HEARTBEAT);
        assertTrue(sentTo(m.raft.drainMessages(), P1).get(0).catchUp());
    }

    @Test
    void aDenialOfAnOlderMessageIsIgnored() {
        Member m = behindLeader();
        m.raft.receive(P1, denied(2, 6, 7, 1, false), 10_001);
        m.raft.drainMessages();
        m.raft.receive(P1, granted(2, 7, 5, 2), 10_002);
        assertEquals(List.of(8L), indices(sentTo(m.raft.drainMessages(), P1).get(0)));
        m.raft.receive(P1, denied(2, 3, 5, 1, false), 10_003); // about prev 5, below the match
        assertEquals(List.of(), m.raft.drainMessages());
        m.raft.receive(P1, granted(2, 8, 7, 3), 10_004);
        assertEquals(Index.of(8), m.raft.commitIndex());
    }

    @Test
    void aFollowerRefusingWhereItHadMatchedDroppedThatEntry() {
        // Dynamic mode lets a follower drop a superseded suffix: believe its refusal at the match, or the
        // leader would probe above what it has for ever.
        Member m = behindLeader();
        m.raft.receive(P1, denied(2, 6, 7, 1, false), 10_001);
        m.raft.drainMessages();
        m.raft.receive(P1, granted(2, 7, 5, 2), 10_002);
        m.raft.drainMessages();
        m.raft.receive(P1, denied(2, 7, 7, 3, false), 10_003); // refused at 7, where it had matched
        List<AppendEntries<Long, Unit, Long>> again = sentTo(m.raft.drainMessages(), P1);
        assertEquals(1, again.size());
        assertEquals(Cursor.of(1, 6), again.get(0).prev());
        assertEquals(List.of(7L, 8L), indices(again.get(0)));
        m.raft.receive(P1, denied(2, 4, 6, 4, false), 10_004); // and lower still
        again = sentTo(m.raft.drainMessages(), P1);
        assertEquals(Cursor.of(1, 3), again.get(0).prev());
    }

    @Test
    void aFollowerCatchingUpOnItsOwnIsOnlySentCatchUpHeartbeats() {
        Member m = behindLeader();
        m.raft.receive(P1, new AppendEntriesResponse<>(Term.of(2), Vote.ABSTAINED, Index.ZERO, Index.of(7), 1, false,
                false), 10_001);
        assertEquals(List.of(), m.raft.drainMessages());
        Harness.stand(m.raft, 10_000 + HEARTBEAT);
        List<AppendEntries<Long, Unit, Long>> hb = sentTo(m.raft.drainMessages(), P1);
        assertEquals(1, hb.size());
        assertTrue(hb.get(0).catchUp());
        assertEquals(Cursor.of(2, 8), hb.get(0).prev());
    }

    @Test
    void strictModeCountsTheVotersOfTheConfigurationNeverAnyoneElse() {
        // Voters 0, 1, 2; P3 is a member that replicates but does not vote.
        Member m = elect(tuned(0, strict(3), new RaftTuning(2, 2, 1_000), new InMemoryLogStore<>()), P1, P2, P3);
        m.raft.receive(P3, granted(1, 1, 0, 1), 10_001);
        assertEquals(Index.ZERO, m.raft.commitIndex(), "a non-voter's acknowledgement never counts");
        // P1 may not lead (it says it observes), but the configuration makes it a voter: it counts.
        m.raft.receive(P1, new AppendEntriesResponse<>(Term.ONE, Vote.GRANTED, Index.ONE, Index.ZERO, 1, true, false),
                10_002);
        assertEquals(Index.ONE, m.raft.commitIndex(), "2 of 3 voters");
    }

    @Test
    void strictModeCountsEveryDurableMatchEvenOfAFollowerNowCatchingUp() {
        Member m = pipelined();
        m.raft.propose(1, List.of(5L), false, 10_001); // index 2, not yet durable on the leader
        m.raft.drainMessages();
        m.raft.receive(P1, granted(1, 2, 1, 2), 10_002);
        m.raft.receive(P1, new AppendEntriesResponse<>(Term.ONE, Vote.ABSTAINED, Index.of(2), Index.of(2), 3, false,
                false), 10_003);
        assertEquals(Index.ONE, m.raft.commitIndex(), "the leader itself holds only 1 durably");
        m.flushAndDrain(10_004);
        assertEquals(Index.of(2), m.raft.commitIndex(), "P1 holds 1..2 durably: with the leader, 2 of 3");
    }

    @Test
    void dynamicModeCountsOnlyFollowersInSync() {
        // The voters are the leader and the bonded members in sync; abstaining or lagging ones leave the denominator.
        Member m = elect(tuned(0, dynamic(), new RaftTuning(2, 2, 1_000), new InMemoryLogStore<>()), P1, P2);
        m.raft.receive(P1, granted(1, 1, 0, 1), 10_001);
        m.raft.propose(1, List.of(5L), false, 10_002);
        m.flushAndDrain(10_002);
        assertEquals(Index.ONE, m.raft.commitIndex(), "P2 never answered: the leader and P1 are the voters");
        m.raft.receive(P1, new AppendEntriesResponse<>(Term.ONE, Vote.ABSTAINED, Index.ONE, Index.ONE, 2, false, false),
                10_003);
        assertEquals(Index.of(2), m.raft.commitIndex(), "P1 catches up on its own: the leader alone is the quorum");
    }

    @Test
    void aMemberGoingAwayLeavesTheDynamicQuorumAtOnce() {
        Member m = elect(tuned(0, dynamic(), new RaftTuning(2, 2, 1_000), new InMemoryLogStore<>()), P1, P2);
        m.raft.receive(P1, granted(1, 1, 0, 1), 10_001);
        m.raft.receive(P2, granted(1, 1, 0, 1), 10_001);
        m.raft.propose(1, List.of(5L), false, 10_002);
        m.flushAndDrain(10_002);
        m.raft.receive(P1, granted(1, 2, 1, 2), 10_003);
        assertEquals(Index.of(2), m.raft.commitIndex());
        m.raft.propose(2, List.of(6L), false, 10_004);
        m.flushAndDrain(10_004);
        assertEquals(Index.of(2), m.raft.commitIndex(), "3 voters in sync: the leader alone is not a majority");
        m.raft.bondDown(P1, 10_005);
        m.raft.bondDown(P2, 10_005);
        assertEquals(Index.of(3), m.raft.commitIndex());
        assertEquals(List.of(5L, 6L), m.machine.applied);
    }

    @Test
    void aLeaderAppliesWhatItCommitsOnItsOwnFlush() {
        Member m = elect(tuned(0, dynamic(), new RaftTuning(2, 2, 1_000), new InMemoryLogStore<>()));
        m.raft.propose(1, List.of(5L), true, 10_001);
        m.raft.drainOutcomes();
        m.log.flush();
        m.raft.flushed(10_002);
        assertEquals(List.of(5L), m.machine.applied, "applied within the flush event");
        assertEquals(List.of(new ClientOutcome.Committed<Long>(1, dev.groups.log.IndexRange.of(2, 2))),
                m.raft.drainOutcomes());
    }

    @Test
    void aLeaderSendsHeartbeatsFromATick() {
        Member m = pipelined();
        Harness.stand(m.raft, 10_000 + HEARTBEAT);
        assertEquals(2, Harness.of(m.raft.drainMessages(), AppendEntries.class).size());
    }

    @Test
    void aStaleResponseOrOneFromAStrangerChangesNothing() {
        Member m = pipelined();
        m.raft.receive(Drive.P3, granted(1, 1, 0, 1), 10_001);
        m.raft.receive(P1, granted(0, 1, 0, 1), 10_001);
        assertEquals(Index.ZERO, m.raft.commitIndex());
        assertEquals(List.of(), m.raft.drainMessages());
    }
}
