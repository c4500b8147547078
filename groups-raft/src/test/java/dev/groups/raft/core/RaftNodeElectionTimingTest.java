package dev.groups.raft.core;

import dev.groups.consensus.Role;
import static dev.groups.raft.core.Drive.P1;
import static dev.groups.raft.core.Drive.P2;
import static dev.groups.raft.core.Drive.P3;
import static dev.groups.raft.core.Drive.ae;
import static dev.groups.raft.core.Drive.follower;
import static dev.groups.raft.core.Drive.start;
import static dev.groups.raft.core.Harness.dynamic;
import static dev.groups.raft.core.Harness.member;
import static dev.groups.raft.core.Harness.of;
import static dev.groups.raft.core.Harness.strict;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.groups.consensus.ConsensusConfig;
import dev.groups.consensus.LeadershipPreference;
import dev.groups.log.Cursor;
import dev.groups.log.Index;
import dev.groups.log.Term;
import dev.groups.machine.Consistency;
import dev.groups.machine.Unit;
import dev.groups.raft.core.Harness.Member;
import dev.groups.raft.core.RaftMessage.AppendEntries;
import dev.groups.raft.core.RaftMessage.AppendEntriesResponse;
import dev.groups.raft.core.RaftMessage.ForwardCommands;
import dev.groups.raft.core.RaftMessage.RequestVote;
import dev.groups.raft.core.RaftMessage.RequestVoteResponse;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Elections and the election timer, asserted exactly: the core is driven by explicit ticks, so when a
 * timer is (or is not) re-armed is as deterministic as any other output. Defaults: election timeout 2 s
 * plus up to 0.5 s of jitter.
 */
class RaftNodeElectionTimingTest {
    private static final long TIMEOUT = ConsensusConfig.DEFAULT_ELECTION_TIMEOUT.toMillis();
    private static final long JITTER = ConsensusConfig.DEFAULT_ELECTION_TIMEOUT_JITTER.toMillis();

    /** The election deadline was re-armed at {@code at}. */
    private static void assertArmedAt(Member m, long at) {
        long d = m.raft.nextDeadline();
        assertTrue(d >= at + TIMEOUT && d < at + TIMEOUT + JITTER, "deadline " + d + " not re-armed at " + at);
    }

    @Test
    void anElectionStartsExactlyAtTheDeadline() {
        Member m = member(0, dynamic());
        m.raft.bondUp(P1, 0);
        long d = m.raft.nextDeadline();
        Harness.stand(m.raft, d - 1);
        assertEquals(Role.FOLLOWER, m.raft.role());
        assertEquals(List.of(), m.raft.drainMessages());
        Harness.stand(m.raft, d);
        assertEquals(Role.CANDIDATE, m.raft.role());
        assertEquals(List.of(new RequestVote<Long, Unit, Long>(Term.ONE, m.raft.localId(), Cursor.ZERO)),
                Drive.to(m.raft.drainMessages(), P1, RequestVote.class));
        assertArmedAt(m, d); // the candidacy's own timeout
    }

    @Test
    void aMemberThatMayNotLeadReArmsItsTimerInsteadOfStanding() {
        ConsensusConfig observer = ConsensusConfig.builder().leadershipPreference(LeadershipPreference.observer())
                .build();
        Member m = follower(observer);
        long d = m.raft.nextDeadline();
        Harness.stand(m.raft, d);
        assertEquals(Role.FOLLOWER, m.raft.role());
        assertArmedAt(m, d);
    }

    @Test
    void aCandidateAsksAMemberThatBondsDuringTheElectionAndCountsItsVote() {
        Member m = member(0, dynamic());
        m.raft.bondUp(P1, 0);
        long d = m.raft.nextDeadline();
        Harness.stand(m.raft, d);
        m.raft.drainMessages();
        m.raft.bondUp(P2, d + 1); // Raft §5.2: a candidate asks every member until answered
        assertEquals(List.of(new RequestVote<Long, Unit, Long>(Term.ONE, m.raft.localId(), Cursor.ZERO)), Drive.to(m.raft.drainMessages(), P2, RequestVote.class));
        m.raft.bondUp(P2, d + 1); // already bonded: not asked twice
        assertEquals(List.of(), m.raft.drainMessages());
        m.raft.receive(P2, new RequestVoteResponse<>(Term.ONE, Vote.GRANTED), d + 2);
        assertEquals(Role.LEADER, m.raft.role(), "2 of the 3 voters (P1 silent)");
    }

    @Test
    void aMemberBondingWithALeaderIsSentAHeartbeatAtTheLeadersLastEntry() {
        Member m = Drive.leader(strict(3), P1);
        m.raft.propose(1, List.of(5L), false, 10_001);
        m.flushAndDrain(10_001);
        m.raft.bondUp(P2, 10_002);
        List<AppendEntries<Long, Unit, Long>> sent = Drive.to(m.raft.drainMessages(), P2, AppendEntries.class);
        assertEquals(1, sent.size());
        assertTrue(sent.get(0).isHeartbeat(), "optimistic: it may have everything (Raft §5.3 nextIndex = last + 1)");
        assertEquals(Cursor.of(1, 2), sent.get(0).prev());
    }

    @Test
    void aHigherTermAloneDoesNotReArmTheTimerButAGrantedVoteDoes() {
        Member m = follower(dynamic());
        assertTrue(m.raft.isOnline());
        long d = m.raft.nextDeadline();
        // Raft §5.1: the term moves on; the candidate's log is behind ours, so it is denied (§5.4.1)
        m.raft.receive(P2, new RequestVote<>(Term.of(2), P2, Cursor.ZERO), 2_100); // P1's lease (since 100) has ended
        assertEquals(List.of(new RequestVoteResponse<Long, Unit, Long>(Term.of(2), Vote.DENIED)),
                Drive.to(m.raft.drainMessages(), P2, RequestVoteResponse.class));
        assertEquals(Term.of(2), m.raft.term());
        assertEquals(Optional.empty(), m.raft.leader(), "P1 led term 1, not term 2");
        assertFalse(m.raft.isOnline());
        assertEquals(d, m.raft.nextDeadline(), "§5.2: only hearing a leader or granting a vote re-arms the timer");
        // a candidate exactly as up to date as we are gets the vote, in dynamic mode too
        m.raft.receive(P3, new RequestVote<>(Term.of(2), P3, Cursor.of(1, 1)), 1_100);
        assertEquals(List.of(new RequestVoteResponse<Long, Unit, Long>(Term.of(2), Vote.GRANTED)),
                Drive.to(m.raft.drainMessages(), P3, RequestVoteResponse.class));
        assertArmedAt(m, 1_100);
        // a stale candidate is told the newer term
        m.raft.receive(P1, new RequestVote<>(Term.ONE, P1, Cursor.of(1, 1)), 1_200);
        assertEquals(List.of(new RequestVoteResponse<Long, Unit, Long>(Term.of(2), Vote.DENIED)),
                Drive.to(m.raft.drainMessages(), P1, RequestVoteResponse.class));
        assertArmedAt(m, 1_100);
    }

    @Test
    void hearingTheLeaderReArmsTheTimer() {
        Member m = follower(dynamic());
        m.raft.receive(P1, ae(1, P1, Cursor.of(1, 1), P1, List.of(), 0), 1_000);
        assertArmedAt(m, 1_000);
    }

    @Test
    void aDeposedLeaderGetsAFreshElectionTimer() {
        Member m = Drive.leader(strict(3), P1, P2);
        m.raft.receive(P2, ae(2, P2, Cursor.of(1, 1), P2, List.of(), 0), 20_000);
        assertEquals(Role.FOLLOWER, m.raft.role());
        assertEquals(Optional.of(P2), m.raft.leader());
        assertArmedAt(m, 20_000);
    }

    @Test
    void aLeaderDeposedByAnAnswerOfAHigherTermGetsAFreshElectionTimer() {
        Member m = Drive.leader(strict(3), P1, P2);
        m.raft.receive(P1, new RequestVoteResponse<>(Term.of(2), Vote.DENIED), 20_000);
        assertEquals(Role.FOLLOWER, m.raft.role());
        assertEquals(Optional.empty(), m.raft.leader());
        assertArmedAt(m, 20_000); // its candidacy's old deadline is long past: no instant election
    }

    @Test
    void aNewCandidacyForgetsWhoWasAskedAndWhoAbstainedBefore() {
        // Dynamic mode counts the asked members minus the abstainers. P1 and P2 abstain in term 1; in
        // term 2 they are voters again, so P3's vote alone is not a majority of 4.
        Member m = member(0, dynamic());
        m.raft.bondUp(P1, 0);
        m.raft.bondUp(P2, 0);
        m.raft.bondUp(P3, 0);
        long d = m.raft.nextDeadline();
        Harness.stand(m.raft, d);
        m.raft.receive(P1, new RequestVoteResponse<>(Term.ONE, Vote.ABSTAINED), d);
        m.raft.receive(P2, new RequestVoteResponse<>(Term.ONE, Vote.ABSTAINED), d);
        assertEquals(Role.CANDIDATE, m.raft.role(), "1 of the 2 voters left: no majority");
        long d2 = m.raft.nextDeadline();
        Harness.stand(m.raft, d2);
        assertEquals(Term.of(2), m.raft.term());
        m.raft.receive(P3, new RequestVoteResponse<>(Term.of(2), Vote.GRANTED), d2);
        assertEquals(Role.CANDIDATE, m.raft.role(), "2 of 4 voters");
        m.raft.receive(P1, new RequestVoteResponse<>(Term.ONE, Vote.GRANTED), d2);
        assertEquals(Role.CANDIDATE, m.raft.role(), "a vote of the earlier term does not count");
        m.raft.receive(P2, new RequestVoteResponse<>(Term.of(2), Vote.GRANTED), d2);
        assertEquals(Role.LEADER, m.raft.role());
    }

    @Test
    void aCandidacyAsksOnlyTheMembersBondedNow() {
        Member m = member(0, dynamic());
        m.raft.bondUp(P1, 0);
        m.raft.bondUp(P2, 0);
        long d = m.raft.nextDeadline();
        Harness.stand(m.raft, d);
        m.raft.bondDown(P1, d + 1);
        m.raft.bondDown(P2, d + 1);
        Harness.stand(m.raft, m.raft.nextDeadline());
        assertEquals(Role.LEADER, m.raft.role(), "alone now: its own vote is the majority");
        assertEquals(Term.of(2), m.raft.term());
    }

    @Test
    void aRivalLeaderOfTheSameTermMakesALeaderStepDownAndFollowNeither() {
        // Dynamic mode after a healed partition: two leaders of term 1. Neither is followed; a new election decides.
        Member m = Drive.leader(dynamic(), P1);
        m.raft.receive(P2, ae(1, P2, Cursor.ZERO, null, List.of(start(1, 1, P2)), 0), 10_100);
        assertEquals(Role.FOLLOWER, m.raft.role());
        assertEquals(Optional.empty(), m.raft.leader());
        assertEquals(List.of(), of(m.raft.drainMessages(), AppendEntriesResponse.class));
        assertEquals(Cursor.of(1, 1), m.log.last());
        assertEquals(new dev.groups.log.LogPayload.TermStart<Long>(m.raft.localId()),
                m.log.get(Index.ONE).orElseThrow().command(), "its own TermStart stays: the next election decides");
        m.raft.receive(P2, ae(1, P2, Cursor.ZERO, null, List.of(start(1, 1, P2)), 0), 10_200);
        assertEquals(List.of(), m.raft.drainMessages(), "the contested term is not followed");
        assertEquals(Optional.empty(), m.raft.leader());
    }

    @Test
    void aFollowerLearningItsLeaderWithinATermSendsItsForwardsAtOnce() {
        Member m = follower(ClientsForwardingTest.calm());
        m.raft.propose(1, List.of(5L), false, 110);
        m.raft.drainMessages();
        m.raft.receive(P2, new RequestVote<>(Term.of(2), P2, Cursor.ZERO), 120); // term 2, leader unknown
        m.raft.drainMessages();
        m.raft.receive(P2, ae(2, P2, Cursor.of(1, 1), P1, List.of(), 0), 130);
        assertEquals(Optional.of(P2), m.raft.leader());
        List<ForwardCommands<Long, Unit, Long>> f = Drive.to(m.flushAndDrain(130), P2, ForwardCommands.class);
        assertEquals(1, f.size());
        assertEquals(Term.of(2), f.get(0).leaderTerm());
    }

    @Test
    void aStaleLeaderIsToldTheNewerTermAndWhetherWeCount() {
        ConsensusConfig observer = ConsensusConfig.builder().leadershipPreference(LeadershipPreference.observer())
                .build();
        for (ConsensusConfig config : List.of(dynamic(), observer)) {
            Member m = follower(config);
            m.raft.receive(P2, new RequestVote<>(Term.of(3), P2, Cursor.of(1, 1)), 2_200); // past P1's lease
            m.raft.drainMessages();
            m.raft.receive(P1, ae(1, P1, Cursor.of(1, 1), P1, List.of(), 0, 9), 2_210);
            List<AppendEntriesResponse<Long, Unit, Long>> r = Drive.to(m.raft.drainMessages(), P1,
                    AppendEntriesResponse.class);
            assertEquals(List.of(new AppendEntriesResponse<Long, Unit, Long>(Term.of(3), Vote.DENIED, Index.ONE,
                    Index.ONE, 9, config == observer, false)), r);
        }
    }

    @Test
    void anObserverSaysSoInEveryAnswerToItsLeader() {
        ConsensusConfig observer = ConsensusConfig.builder().leadershipPreference(LeadershipPreference.observer())
                .build();
        Member m = follower(observer);
        m.raft.receive(P1, ae(1, P1, Cursor.of(1, 1), P1, List.of(), 0, 2), 200);
        assertEquals(List.of(new AppendEntriesResponse<Long, Unit, Long>(Term.ONE, Vote.GRANTED, Index.ONE,
                Index.ONE, 2, true, false)), Drive.to(m.raft.drainMessages(), P1, AppendEntriesResponse.class));
        m.raft.receive(P1, ae(1, P1, Cursor.of(1, 5), P1, List.of(), 0, 3), 210);
        assertEquals(List.of(new AppendEntriesResponse<Long, Unit, Long>(Term.ONE, Vote.DENIED, Index.of(2),
                Index.of(5), 3, true, false)), Drive.to(m.raft.drainMessages(), P1, AppendEntriesResponse.class));
        m.raft.query(1, Unit.INSTANCE, Consistency.WEAK, 220);
        assertEquals(1, m.raft.drainOutcomes().size());
    }
}
