package dev.groups.raft.core;

import static dev.groups.raft.core.Drive.P1;
import static dev.groups.raft.core.Drive.P2;
import static dev.groups.raft.core.Drive.P3;
import static dev.groups.raft.core.Drive.ae;
import static dev.groups.raft.core.Drive.cmd;
import static dev.groups.raft.core.Drive.start;
import static dev.groups.raft.core.Drive.termOneLog;
import static dev.groups.raft.core.Harness.dynamic;
import static dev.groups.raft.core.Harness.member;
import static dev.groups.raft.core.Harness.of;
import static dev.groups.raft.core.Harness.strict;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.groups.consensus.ConsensusConfig;
import dev.groups.consensus.LeadershipPreference;
import dev.groups.id.PeerId;
import dev.groups.log.Cursor;
import dev.groups.log.Index;
import dev.groups.log.IndexRange;
import dev.groups.log.LogPayload;
import dev.groups.log.Term;
import dev.groups.machine.Unit;
import dev.groups.raft.core.Harness.Member;
import dev.groups.raft.core.RaftMessage.AppendEntries;
import dev.groups.raft.core.RaftMessage.AppendEntriesResponse;
import dev.groups.raft.core.RaftMessage.ForwardCommands;
import dev.groups.storage.InMemoryLogStore;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The follower's side of log replication (Raft §5.3 with this project's corrections): the retry hint
 * it answers with, entries it already has, a pruned prefix in strict mode, a superseded applied
 * history in dynamic mode, and acknowledgements that must not leave once their entries are gone.
 */
class RaftNodeFollowerLogTest {

    private static List<AppendEntriesResponse<Long, Unit, Long>> answers(List<Outgoing<Long, Unit, Long>> out,
                                                                         PeerId to) {
        return Drive.to(out, to, AppendEntriesResponse.class);
    }

    private static AppendEntriesResponse<Long, Unit, Long> deniedAnswer(long term, long hint, long prevIndex,
                                                                        boolean conflict) {
        return new AppendEntriesResponse<>(Term.of(term), Vote.DENIED, Index.of(hint), Index.of(prevIndex), 1, false,
                conflict);
    }

    @Test
    void aGapIsAnsweredWithTheFirstMissingIndex() {
        Member m = Drive.follower(dynamic());
        m.raft.receive(P1, ae(1, P1, Cursor.of(1, 5), P1, List.of(), 0), 200);
        assertEquals(List.of(deniedAnswer(1, 2, 5, false)), answers(m.raft.drainMessages(), P1));
    }

    /** A member holding P1's term-1 entries 1..4, two of them committed. */
    private static Member withTermOneTail(ConsensusConfig config) {
        Member m = member(0, config);
        m.raft.receive(P1, ae(1, P1, Cursor.ZERO, null,
                List.of(start(1, 1, P1), cmd(2, 1, 5), cmd(3, 1, 6), cmd(4, 1, 7)), 2), 100);
        m.flushAndDrain(100);
        assertEquals(Index.of(2), m.raft.commitIndex());
        return m;
    }

    @Test
    void aConflictIsAnsweredWithTheStartOfTheConflictingTerm() {
        // P2's entry at 4 has term 2, ours term 1: skip back over all of term 1 in one round trip.
        Member m = withTermOneTail(dynamic());
        m.raft.receive(P2, ae(2, P2, Cursor.of(2, 4), P2, List.of(), 0), 200);
        assertEquals(List.of(deniedAnswer(2, 1, 4, true)), answers(m.raft.drainMessages(), P2));
        assertFalse(m.raft.isOnline());
    }

    @Test
    void inStrictModeTheHintNeverGoesBelowTheCommittedEntries() {
        // Committed entries are in every later leader's log (Raft §5.4): no need to send them again.
        Member m = withTermOneTail(strict(3));
        m.raft.receive(P2, ae(2, P2, Cursor.of(2, 4), P2, List.of(), 0), 200);
        assertEquals(List.of(deniedAnswer(2, 3, 4, true)), answers(m.raft.drainMessages(), P2));
    }

    @Test
    void cuttingAConflictingSuffixNeverCommitsWhatLiesBeforeIt() {
        // Raft §5.3: the suffix from 3 goes; entry 2 stays, but nobody said it is committed (§5.4).
        Member m = member(0, strict(3));
        m.raft.receive(P1, ae(1, P1, Cursor.ZERO, null, List.of(start(1, 1, P1), cmd(2, 1, 5), cmd(3, 1, 6)), 1), 100);
        m.flushAndDrain(100);
        m.raft.receive(P2, ae(2, P2, Cursor.of(1, 2), P1, List.of(start(3, 2, P2)), 1), 200);
        assertEquals(Cursor.of(2, 3), m.log.last());
        assertEquals(Index.ONE, m.raft.commitIndex());
        assertEquals(List.of(), m.machine.applied);
    }

    @Test
    void entriesAlreadyHeldAreAcknowledgedAtOnceWithoutTouchingTheLog() {
        Member m = withTermOneTail(dynamic());
        // the same entries again, from a leader that no longer knows who started term 1 (pruned)
        m.raft.receive(P1, ae(1, P1, Cursor.of(1, 1), null, List.of(cmd(2, 1, 5), cmd(3, 1, 6)), 2, 7), 200);
        assertFalse(m.raft.needsFlush(), "nothing was rewritten");
        assertEquals(List.of(new AppendEntriesResponse<Long, Unit, Long>(Term.ONE, Vote.GRANTED, Index.of(3),
                Index.ONE, 7, false, false)), answers(m.raft.drainMessages(), P1), "durable already: answered now");
        assertEquals(Cursor.of(1, 4), m.log.last(), "an overlapping batch does not cut the tail");
    }

    @Test
    void anAcknowledgementIsSentOnceWhenItsEntriesBecomeDurable() {
        Member m = Drive.follower(dynamic());
        m.raft.receive(P1, ae(1, P1, Cursor.of(1, 1), P1, List.of(cmd(2, 1, 5)), 0), 200);
        assertEquals(List.of(), m.raft.drainMessages());
        assertEquals(1, answers(m.flushAndDrain(201), P1).size());
        m.raft.receive(P1, ae(1, P1, Cursor.of(1, 2), P1, List.of(cmd(3, 1, 6)), 0), 300);
        List<AppendEntriesResponse<Long, Unit, Long>> next = answers(m.flushAndDrain(301), P1);
        assertEquals(1, next.size(), "the earlier answer is not sent again");
        assertEquals(Index.of(3), next.get(0).index());
    }

    /** Strict member whose log was pruned up to 4 (P1's term 1: 1..7, values 1..6 at 2..7). */
    private static Member pruned(ConsensusConfig config) {
        InMemoryLogStore<LogPayload<Long>> log = termOneLog(6);
        log.prunePrefix(Index.of(4));
        Member m = member(0, config, log);
        assertEquals(Index.of(4), m.raft.commitIndex(), "the pruned prefix is committed and in the state");
        return m;
    }

    @Test
    void strictModeMatchesAnythingInsideItsPrunedPrefix() {
        Member m = pruned(strict(3));
        m.raft.receive(P1, ae(1, P1, Cursor.of(1, 2), P1, List.of(cmd(3, 1, 2), cmd(4, 1, 3), cmd(5, 1, 4),
                cmd(6, 1, 5)), 6, 3), 200);
        assertEquals(List.of(new AppendEntriesResponse<Long, Unit, Long>(Term.ONE, Vote.GRANTED, Index.of(6),
                Index.of(2), 3, false, false)), answers(m.raft.drainMessages(), P1));
        assertEquals(Cursor.of(1, 7), m.log.last());
        assertEquals(List.of(4L, 5L), m.machine.applied, "5 and 6 applied once; nothing below the prefix again");
    }

    @Test
    void aDynamicMemberWhosePrunedHistoryWasSupersededStartsOverFromAnEmptyLog() {
        Member m = pruned(dynamic());
        m.raft.receive(P1, ae(1, P1, Cursor.of(1, 7), P1, List.of(), 7), 100);
        m.flushAndDrain(100);
        assertEquals(List.of(4L, 5L, 6L), m.machine.applied);
        // P2 won a partition's election without 6..7: they go, with the applied state, and the pruned
        // prefix cannot be replayed: an empty log, to be rebuilt by the leader and the state sync.
        m.raft.receive(P2, ae(2, P2, Cursor.of(1, 5), P1, List.of(start(6, 2, P2)), 0, 4), 200);
        assertEquals(List.of(new AppendEntriesResponse<Long, Unit, Long>(Term.of(2), Vote.DENIED, Index.ONE,
                Index.of(5), 4, false, false)), answers(m.raft.drainMessages(), P2));
        assertEquals(Cursor.ZERO, m.log.last());
        assertEquals(Cursor.ZERO, m.raft.committed());
        assertEquals(1, m.machine.resets);
        // the log is rebuilt from 1; term 1 was started by P1, so a claim that P3 started it does not match
        m.raft.receive(P2, ae(2, P2, Cursor.ZERO, null, List.of(start(1, 1, P1), cmd(2, 1, 1)), 0, 5), 300);
        m.flushAndDrain(300);
        m.raft.receive(P2, ae(2, P2, Cursor.of(1, 1), P3, List.of(), 0, 6), 310);
        assertEquals(Vote.DENIED, answers(m.raft.drainMessages(), P2).get(0).vote());
    }

    /** Strict observer holding P1's 1..2 committed; it gives up a contested term at its election timeout. */
    private static Member observerOfP1() {
        ConsensusConfig config = Harness.strictBuilder(3)
                .leadershipPreference(LeadershipPreference.observer()).forwardTimeout(Duration.ofSeconds(60)).build();
        Member m = member(0, config);
        m.raft.receive(P1, ae(1, P1, Cursor.ZERO, null, List.of(start(1, 1, P1), cmd(2, 1, 5)), 2), 100);
        m.flushAndDrain(100);
        return m;
    }

    /**
     * P2 claims term 1 too; the contest is given up; P2 asks for a catch-up naming its own entry 3, which
     * conflicts with ours (another leader of that term): 3.. is dropped (Raft §5.3), and nothing more is
     * unconfirmed past the commit index (2), so the session starts.
     */
    private static long rivalAsksToCatchUp(Member m) {
        m.raft.receive(P2, ae(1, P2, Cursor.ZERO, null, List.of(), 0), 400);
        long t = m.raft.nextDeadline();
        Harness.stand(m.raft, t);
        m.raft.receive(P2, new AppendEntries<>(Term.ONE, P2, Cursor.of(1, 3), P2, List.of(), Index.of(2), 9, true),
                t + 1);
        assertTrue(m.raft.isCatchingUp());
        assertEquals(Cursor.of(1, 2), m.log.last());
        return t + 1;
    }

    @Test
    void aHeldAcknowledgementOfEntriesThatWereDroppedNeverLeaves() {
        Member m = observerOfP1();
        m.raft.receive(P1, ae(1, P1, Cursor.of(1, 2), P1, List.of(cmd(3, 1, 6)), 2, 2), 200); // held: 3 not durable
        m.raft.receive(P1, ae(1, P1, Cursor.of(1, 2), P1, List.of(), 2, 3), 210); // held too, but 2 stays
        m.raft.propose(1, List.of(9L), false, 300);
        long t = rivalAsksToCatchUp(m);
        List<Outgoing<Long, Unit, Long>> out = m.flushAndDrain(t);
        List<AppendEntriesResponse<Long, Unit, Long>> toP1 = answers(out, P1);
        assertEquals(1, toP1.size(), "the acknowledgement of 3 went with entry 3");
        assertEquals(Index.of(2), toP1.get(0).index());
        assertEquals(2, of(out, ForwardCommands.class).size(), "other messages are not touched");
    }

    @Test
    void anUnsentAcknowledgementOfEntriesThatWereDroppedNeverLeaves() {
        Member m = observerOfP1();
        m.raft.receive(P1, ae(1, P1, Cursor.of(1, 2), P1, List.of(cmd(3, 1, 6)), 2, 2), 200);
        m.flushAndDrain(200);
        m.raft.receive(P1, ae(1, P1, Cursor.of(1, 3), P1, List.of(), 2, 3), 210); // durable: ready to leave
        m.raft.propose(1, List.of(9L), false, 300);
        rivalAsksToCatchUp(m);
        List<Outgoing<Long, Unit, Long>> out = m.raft.drainMessages();
        assertEquals(List.of(), answers(out, P1), "3 is gone: its acknowledgement too");
        assertEquals(2, of(out, ForwardCommands.class).size(), "other messages are not touched");
        assertEquals(Vote.ABSTAINED, answers(out, P2).get(0).vote());
    }

    @Test
    void aFollowerSeesTheOutcomeOfItsExecuteInTheEventThatCommitsIt() {
        Member m = Drive.follower(strict(3));
        m.raft.propose(1, List.of(5L), true, 110);
        ForwardCommands<Long, Unit, Long> f = Harness.<ForwardCommands<Long, Unit, Long>>of(m.raft.drainMessages(),
                ForwardCommands.class).get(0);
        m.raft.receive(P1, new RaftMessage.CommandAck<>(f.requestId(), IndexRange.of(2, 2)), 120);
        m.raft.drainOutcomes();
        m.raft.receive(P2, ae(2, P2, Cursor.of(1, 1), P1, List.of(start(2, 2, P2)), 2), 130);
        List<ClientOutcome<Long>> outcomes = m.raft.drainOutcomes();
        assertEquals(1, outcomes.size(), "decided as soon as the replacing entry is applied");
        assertEquals(ClientOutcome.Failure.SUPERSEDED, ((ClientOutcome.Failed<Long>) outcomes.get(0)).failure());
    }

    @Test
    void anExecuteWhoseFirstCommandsAppliedButNotTheRestEndsUnknown() {
        Member m = Drive.follower(strict(3));
        long s = m.raft.session();
        m.raft.propose(1, List.of(5L, 6L), true, 110);
        ForwardCommands<Long, Unit, Long> f = Harness.<ForwardCommands<Long, Unit, Long>>of(m.raft.drainMessages(),
                ForwardCommands.class).get(0);
        m.raft.receive(P1, new RaftMessage.CommandAck<>(f.requestId(), IndexRange.of(2, 3)), 115);
        m.raft.drainOutcomes();
        m.raft.receive(P1, ae(1, P1, Cursor.of(1, 1), P1, List.of(Drive.tagged(2, 1, 5, s, 1),
                Drive.tagged(3, 1, 6, s, 2)), 2), 120);
        m.flushAndDrain(120);
        assertEquals(List.of(), m.raft.drainOutcomes());
        m.raft.receive(P2, ae(2, P2, Cursor.of(1, 2), P1, List.of(start(3, 2, P2)), 3), 130);
        ClientOutcome.Failed<Long> failed = (ClientOutcome.Failed<Long>) m.raft.drainOutcomes().get(0);
        assertEquals(ClientOutcome.Failure.UNKNOWN, failed.failure(), "half applied: neither done nor not done");
        assertTrue(failed.detail().contains("1 of the 2"), failed.detail());
        assertEquals(List.of(5L), m.machine.applied);
    }
}
