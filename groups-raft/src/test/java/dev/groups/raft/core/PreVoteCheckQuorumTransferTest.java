package dev.groups.raft.core;

import static dev.groups.raft.core.Drive.P1;
import static dev.groups.raft.core.Drive.P2;
import static dev.groups.raft.core.Drive.ae;
import static dev.groups.raft.core.Drive.follower;
import static dev.groups.raft.core.Drive.granted;
import static dev.groups.raft.core.Harness.dynamic;
import static dev.groups.raft.core.Harness.member;
import static dev.groups.raft.core.Harness.of;
import static dev.groups.raft.core.Harness.strict;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.groups.consensus.ConsensusConfig;
import dev.groups.consensus.LeadershipPreference;
import dev.groups.consensus.Role;
import dev.groups.log.Cursor;
import dev.groups.log.Term;
import dev.groups.machine.Unit;
import dev.groups.raft.core.Harness.Member;
import dev.groups.raft.core.RaftMessage.PreVote;
import dev.groups.raft.core.RaftMessage.PreVoteResponse;
import dev.groups.raft.core.RaftMessage.RequestVote;
import dev.groups.raft.core.RaftMessage.RequestVoteResponse;
import dev.groups.raft.core.RaftMessage.TimeoutNow;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Pre-vote and the leader's lease (Raft dissertation §9.6, §4.2.3), check-quorum, and leadership
 * transfer (§3.10). Times are explicit; the default election timeout is 2 s (+ up to 0.5 s jitter).
 */
class PreVoteCheckQuorumTransferTest {
    private static final long TIMEOUT = ConsensusConfig.DEFAULT_ELECTION_TIMEOUT.toMillis();

    // ------------------------------------------------------------------------------------------ pre-vote

    @Test
    void aTimedOutFollowerAsksForPreVotesWithoutRaisingItsTerm() {
        Member m = follower(strict(3));
        m.raft.bondUp(P1, 0);
        m.raft.bondUp(P2, 0);
        m.flushAndDrain(100);
        long d = m.raft.nextDeadline();
        m.raft.tick(d);
        assertTrue(m.raft.isPreCandidate());
        assertEquals(Role.FOLLOWER, m.raft.role());
        assertEquals(Term.ONE, m.raft.term(), "§9.6: the term moves only once a real election can be won");
        assertEquals(List.of(), m.log.hardState().votedFor().stream().toList(), "and no vote is recorded");
        List<PreVote<Long, Unit, Long>> asks = of(m.raft.drainMessages(), PreVote.class);
        assertEquals(2, asks.size());
        assertEquals(new PreVote<Long, Unit, Long>(Term.of(2), Harness.peer(0), Cursor.of(1, 1)), asks.get(0));
        // One grant with our own is a majority of 3: now it stands for real.
        m.raft.receive(P2, new PreVoteResponse<>(Term.ONE, Term.of(2), Vote.GRANTED), d + 1);
        assertEquals(Role.CANDIDATE, m.raft.role());
        assertEquals(Term.of(2), m.raft.term());
        assertEquals(2, of(m.raft.drainMessages(), RequestVote.class).size());
    }

    @Test
    void aPreVoteThatFailsLeavesEverythingAsItWas() {
        Member m = follower(strict(3));
        m.raft.bondUp(P1, 0);
        m.raft.bondUp(P2, 0);
        long d = m.raft.nextDeadline();
        m.raft.tick(d);
        m.raft.receive(P1, new PreVoteResponse<>(Term.ONE, Term.of(2), Vote.DENIED), d + 1);
        m.raft.receive(P2, new PreVoteResponse<>(Term.ONE, Term.of(2), Vote.DENIED), d + 1);
        m.raft.receive(P2, new PreVoteResponse<>(Term.ONE, Term.of(3), Vote.GRANTED), d + 1); // another round's
        assertEquals(Role.FOLLOWER, m.raft.role());
        assertEquals(Term.ONE, m.raft.term());
        // A voter ahead of us answers with its term: we follow that term (Raft §5.1), and stop asking.
        m.raft.receive(P1, new PreVoteResponse<>(Term.of(4), Term.of(2), Vote.DENIED), d + 2);
        assertEquals(Term.of(4), m.raft.term());
        assertFalse(m.raft.isPreCandidate());
    }

    @Test
    void aPreVoteIsGrantedOnlyWhenAnElectionCouldBeWonAndDisturbsNothing() {
        Member m = follower(dynamic()); // heard P1 (term 1) at 100
        // Within P1's lease: refused, whatever the candidate's log.
        m.raft.receive(P2, new PreVote<>(Term.of(2), P2, Cursor.of(5, 50)), 100 + TIMEOUT - 1);
        assertEquals(List.of(new PreVoteResponse<Long, Unit, Long>(Term.ONE, Term.of(2), Vote.DENIED)),
                of(m.raft.drainMessages(), PreVoteResponse.class));
        // After it: granted to an up-to-date candidate, refused to one behind (§5.4.1) or not ahead in term.
        long later = 100 + TIMEOUT;
        m.raft.receive(P2, new PreVote<>(Term.of(2), P2, Cursor.of(1, 1)), later);
        m.raft.receive(P2, new PreVote<>(Term.of(2), P2, Cursor.ZERO), later);
        m.raft.receive(P2, new PreVote<>(Term.ONE, P2, Cursor.of(1, 1)), later);
        assertEquals(List.of(Vote.GRANTED, Vote.DENIED, Vote.DENIED),
                Harness.<PreVoteResponse<Long, Unit, Long>>of(m.raft.drainMessages(), PreVoteResponse.class).stream()
                        .map(PreVoteResponse::vote).toList());
        assertEquals(Term.ONE, m.raft.term(), "a pre-vote never moves the term");
        assertTrue(m.log.hardState().votedFor().isEmpty(), "nor records a vote");
        // Dynamic mode: a member behind the candidate leaves the denominator, as in a real vote.
        m.raft.receive(P2, new PreVote<>(Term.of(2), P2, Cursor.of(1, 7)), later);
        assertEquals(Vote.ABSTAINED, Harness.<PreVoteResponse<Long, Unit, Long>>of(m.raft.drainMessages(),
                PreVoteResponse.class).get(0).vote());
    }

    @Test
    void anObserverAbstainsFromPreVotes() {
        Member m = member(0, ConsensusConfig.builder().leadershipPreference(LeadershipPreference.observer()).build());
        m.raft.receive(P2, new PreVote<>(Term.ONE, P2, Cursor.ZERO), 10_000);
        assertEquals(Vote.ABSTAINED, Harness.<PreVoteResponse<Long, Unit, Long>>of(m.raft.drainMessages(),
                PreVoteResponse.class).get(0).vote());
    }

    // ------------------------------------------------------------------------------------------ the lease

    @Test
    void aFollowerThatHearsItsLeaderIgnoresADisruptiveCandidacyTermIncluded() {
        Member m = follower(dynamic()); // heard P1 at 100
        m.raft.receive(P2, new RequestVote<>(Term.of(5), P2, Cursor.of(1, 1)), 100 + TIMEOUT - 1);
        assertEquals(Term.ONE, m.raft.term(), "§4.2.3: ignored while P1's lease holds");
        assertEquals(List.of(), of(m.raft.drainMessages(), RequestVoteResponse.class));
        // Heard again at 1000: the lease runs from there.
        m.raft.receive(P1, ae(1, P1, Cursor.of(1, 1), P1, List.of(), 1), 1_000);
        m.raft.receive(P2, new RequestVote<>(Term.of(5), P2, Cursor.of(1, 1)), 1_000 + TIMEOUT - 1);
        assertEquals(Term.ONE, m.raft.term());
        // A transfer's candidacy is not held off (the leader itself asked for it).
        m.raft.receive(P2, new RequestVote<>(Term.of(5), P2, Cursor.of(1, 1), true), 1_000 + TIMEOUT - 1);
        assertEquals(Term.of(5), m.raft.term());
        assertEquals(List.of(new RequestVoteResponse<Long, Unit, Long>(Term.of(5), Vote.GRANTED)),
                of(m.raft.drainMessages(), RequestVoteResponse.class));
    }

    @Test
    void aLeaderHoldsOffCandidaciesUntilCheckQuorumDeposesIt() {
        Member m = Drive.leader(strict(3), P1, P2); // elected at 10 000
        m.raft.receive(P2, new RequestVote<>(Term.of(9), P2, Cursor.of(1, 1)), 10_100);
        assertEquals(Role.LEADER, m.raft.role());
        assertEquals(Term.ONE, m.raft.term());
    }

    // ------------------------------------------------------------------------------------------ check-quorum

    @Test
    void aLeaderThatHearsFromNoQuorumForAnElectionTimeoutStepsDown() {
        // Checked every heartbeat (500 ms): a follower counts if it answered within the last 1 500 ms (an
        // election timeout less a heartbeat), so a leader cut off steps down within an election timeout.
        Member m = Drive.leader(strict(3), P1, P2); // elected at 10 000: both count as heard then
        m.raft.tick(11_000);
        m.raft.receive(P1, granted(1, 1, 1, 0), 11_000); // P1 answers; P2 is silent from now on
        m.raft.tick(12_000);
        assertEquals(Role.LEADER, m.raft.role(), "P1 and itself are a quorum of 3");
        m.raft.tick(12_499);
        assertEquals(Role.LEADER, m.raft.role());
        m.raft.tick(12_500);
        assertEquals(Role.FOLLOWER, m.raft.role(), "nobody answered for 1 500 ms: step down");
        assertTrue(12_500 - 11_000 < TIMEOUT, "within an election timeout of the last answer");
        assertEquals(Term.ONE, m.raft.term(), "without raising the term");
        assertTrue(m.raft.leader().isEmpty());
    }

    @Test
    void dynamicModeChecksAQuorumOfTheBondedMembers() {
        Member m = member(0, dynamic());
        m.raft.bondUp(P1, 0);
        Harness.stand(m.raft, m.raft.nextDeadline());
        m.raft.receive(P1, new RequestVoteResponse<>(Term.ONE, Vote.GRANTED), m.raft.nextDeadline());
        assertEquals(Role.LEADER, m.raft.role());
        long elected = m.raft.nextDeadline() - 500; // heartbeats every 500 ms; quorum check one timeout on
        for (long t = elected; t < elected + 3 * TIMEOUT; t += 250) {
            m.raft.tick(t);
        }
        assertEquals(Role.FOLLOWER, m.raft.role(), "its one bonded member never answered: 1 of 2 is no quorum");
        // Alone (no bond), a dynamic member is its own quorum: it may lead again.
        m.raft.bondDown(P1, elected + 3 * TIMEOUT);
        Harness.stand(m.raft, m.raft.nextDeadline());
        assertEquals(Role.LEADER, m.raft.role());
    }

    // ------------------------------------------------------------------------------------------ transfer

    @Test
    void aTransferWaitsForTheTargetsLogThenHandsOverAndEndsWhenItLeads() {
        Member m = Drive.leader(strict(3), P1, P2); // TermStart at 1, durable
        m.raft.propose(1, List.of(5L), true, 10_001); // index 2
        m.flushAndDrain(10_001);
        m.raft.transferLeadership(9, P2, 10_002);
        m.raft.propose(2, List.of(6L), true, 10_002);
        assertEquals(2, m.log.last().index().value(), "no new entries while handing over: the command waits");
        assertTrue(of(m.raft.drainMessages(), TimeoutNow.class).isEmpty(), "P2 does not hold our log yet");
        m.raft.receive(P2, granted(1, 2, 1, 1), 10_003);
        List<TimeoutNow<Long, Unit, Long>> handOver = Drive.to(m.raft.drainMessages(), P2, TimeoutNow.class);
        assertEquals(List.of(new TimeoutNow<Long, Unit, Long>(Term.ONE)), handOver);
        assertEquals(Role.FOLLOWER, m.raft.role(), "it stepped down as it handed over");
        assertTrue(m.raft.drainOutcomes().stream().noneMatch(o -> o.requestId() == 9), "not done yet");
        // P2 wins term 2 and speaks: the transfer ends, and the waiting command goes to P2.
        m.raft.receive(P2, ae(2, P2, Cursor.of(1, 2), P1, List.of(Drive.start(3, 2, P2)), 2), 10_010);
        List<ClientOutcome<Long>> outcomes = m.raft.drainOutcomes();
        assertTrue(outcomes.contains(new ClientOutcome.Transferred<Long>(9, P2)), outcomes.toString());
        assertEquals(1, Drive.to(m.flushAndDrain(10_010), P2, RaftMessage.ForwardCommands.class).size());
    }

    @Test
    void theTargetStandsAtOnceWithATransferCandidacy() {
        Member m = follower(strict(3));
        m.raft.bondUp(P1, 0);
        m.raft.bondUp(P2, 0);
        m.raft.receive(P1, new TimeoutNow<>(Term.ONE), 200);
        assertEquals(Role.CANDIDATE, m.raft.role(), "no timer, no pre-vote");
        assertEquals(Term.of(2), m.raft.term());
        List<RequestVote<Long, Unit, Long>> asks = of(m.raft.drainMessages(), RequestVote.class);
        assertTrue(asks.stream().allMatch(RequestVote::transfer), "voters that hear P1 must not hold it off");
        Member stale = follower(strict(3));
        stale.raft.receive(P2, ae(3, P2, Cursor.of(1, 1), P1, List.of(), 1), 150); // term 3 now, led by P2
        stale.raft.receive(P1, new TimeoutNow<>(Term.ONE), 200);
        assertEquals(Role.FOLLOWER, stale.raft.role(), "a TimeoutNow of an earlier term is ignored");
        assertEquals(Term.of(3), stale.raft.term());
    }

    @Test
    void aTransferThatCannotStartOrCompleteFailsClearly() {
        Member f = follower(strict(3));
        f.raft.transferLeadership(1, null, 200);
        ClientOutcome.Failed<Long> notLeader = assertInstanceOf(ClientOutcome.Failed.class, f.raft.drainOutcomes().get(0));
        assertEquals(ClientOutcome.Failure.OFFLINE, notLeader.failure());

        Member m = Drive.leader(strict(3), P1, P2);
        m.raft.transferLeadership(2, Harness.peer(9), 10_001);
        ClientOutcome.Failed<Long> unknown = assertInstanceOf(ClientOutcome.Failed.class, m.raft.drainOutcomes().get(0));
        assertTrue(unknown.detail().contains("not bonded"), unknown.detail());

        m.raft.transferLeadership(3, P1, 10_002); // P1 never catches up
        m.raft.propose(4, List.of(5L), true, 10_003);
        m.raft.receive(P2, granted(1, 1, 1, 0), 11_000); // P2 answers (the quorum holds); P1 stays silent
        m.raft.tick(10_002 + TIMEOUT);
        List<ClientOutcome<Long>> outcomes = m.raft.drainOutcomes();
        ClientOutcome.Failed<Long> timedOut = assertInstanceOf(ClientOutcome.Failed.class, outcomes.get(0));
        assertEquals(ClientOutcome.Failure.UNKNOWN, timedOut.failure());
        assertTrue(timedOut.detail().contains("did not complete"), timedOut.detail());
        assertEquals(Role.LEADER, m.raft.role(), "the leader goes on");
        assertTrue(outcomes.stream().anyMatch(o -> o instanceof ClientOutcome.Assigned<Long> a && a.requestId() == 4),
                "and takes the command that waited: " + outcomes);
    }

    @Test
    void withoutATargetTheMostUpToDateMemberIsChosen() {
        Member m = Drive.leader(strict(3), P1, P2);
        m.raft.receive(P1, granted(1, 1, 0, 1), 10_001);
        m.raft.receive(P2, granted(1, 1, 0, 1), 10_001);
        m.raft.drainMessages();
        m.raft.transferLeadership(5, null, 10_002);
        assertEquals(List.of(new TimeoutNow<Long, Unit, Long>(Term.ONE)),
                Drive.to(m.raft.drainMessages(), P1, TimeoutNow.class), "ties go to the lowest id");
        assertEquals(Role.FOLLOWER, m.raft.role());
    }
}
