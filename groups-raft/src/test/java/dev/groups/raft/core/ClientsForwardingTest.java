package dev.groups.raft.core;

import static dev.groups.raft.core.Drive.P1;
import static dev.groups.raft.core.Drive.P2;
import static dev.groups.raft.core.Drive.ae;
import static dev.groups.raft.core.Drive.failures;
import static dev.groups.raft.core.Drive.follower;
import static dev.groups.raft.core.Drive.start;
import static dev.groups.raft.core.Drive.tagged;
import static dev.groups.raft.core.Harness.of;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.groups.consensus.ConsensusConfig;
import dev.groups.consensus.LeadershipPreference;
import dev.groups.log.Cursor;
import dev.groups.log.Index;
import dev.groups.log.IndexRange;
import dev.groups.log.Term;
import dev.groups.machine.Consistency;
import dev.groups.machine.QueryResultAt;
import dev.groups.machine.Unit;
import dev.groups.raft.core.ClientOutcome.Failure;
import dev.groups.raft.core.Harness.Member;
import dev.groups.raft.core.RaftMessage.CommandAck;
import dev.groups.raft.core.RaftMessage.ForwardCommands;
import dev.groups.raft.core.RaftMessage.ForwardQuery;
import dev.groups.raft.core.RaftMessage.NotLeader;
import dev.groups.raft.core.RaftMessage.QueryResponse;
import dev.groups.raft.core.RaftMessage.RequestVote;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A follower's client side: how its commands and strong queries are numbered, forwarded, retried and
 * ended (spec: a request gets at most one {@code Assigned}, then exactly one final outcome; a forward is
 * tried {@link RaftNode#FORWARD_ATTEMPTS} times, each for a forward timeout). No election interferes:
 * the election timeout is a minute, and every time is explicit.
 */
class ClientsForwardingTest {
    private static final long FORWARD = 2_000;
    private static final long QUERY = 3_000;

    /** Dynamic mode, no election within the tests' time span, distinct forward and query timeouts. */
    static ConsensusConfig calm() {
        return ConsensusConfig.builder().electionTimeout(Duration.ofSeconds(60))
                .forwardTimeout(Duration.ofMillis(FORWARD)).queryTimeout(Duration.ofMillis(QUERY)).build();
    }

    private static List<ForwardCommands<Long, Unit, Long>> forwards(Member m) {
        return of(m.raft.drainMessages(), ForwardCommands.class);
    }

    private static List<ForwardQuery<Long, Unit, Long>> queries(Member m) {
        return of(m.raft.drainMessages(), ForwardQuery.class);
    }

    @Test
    void everyCommandOfASessionGetsItsOwnSequenceNumber() {
        // Exactly-once rests on (session, sequence) naming one command: a request of three commands takes
        // three numbers, and the next request starts after them.
        Member m = follower(calm());
        m.raft.propose(1, List.of(10L, 11L, 12L), true, 110);
        m.raft.propose(2, List.of(13L), false, 110);
        List<ForwardCommands<Long, Unit, Long>> sent = forwards(m);
        assertEquals(2, sent.size());
        assertEquals(1, sent.get(0).firstSequence());
        assertEquals(List.of(10L, 11L, 12L), sent.get(0).commands());
        assertEquals(4, sent.get(1).firstSequence());
        assertEquals(List.of(13L), sent.get(1).commands());
        assertEquals(m.raft.session(), sent.get(1).session());
        assertEquals(Term.ONE, sent.get(1).leaderTerm());
    }

    @Test
    void anAcknowledgedFeedEndsWithItsAssignmentAndNothingAfter() {
        Member m = follower(calm());
        m.raft.propose(1, List.of(5L), false, 110);
        ForwardCommands<Long, Unit, Long> f = forwards(m).get(0);
        m.raft.receive(P1, new CommandAck<>(f.requestId(), IndexRange.of(2, 2)), 120);
        assertEquals(List.of(new ClientOutcome.Assigned<Long>(1, IndexRange.of(2, 2), true)), m.raft.drainOutcomes(),
                "a feed's assignment is its last outcome");
        // Another leader's entries replace index 2 and commit: the feed has ended already, so nothing more.
        m.raft.receive(P2, ae(2, P2, Cursor.of(1, 1), P1, List.of(start(2, 2, P2)), 2), 130);
        m.flushAndDrain(131);
        assertEquals(Cursor.of(2, 2), m.raft.committed());
        assertEquals(List.of(), m.raft.drainOutcomes());
    }

    @Test
    void anAcknowledgedExecuteEndsWhenItsOwnEntriesAreApplied() {
        Member m = follower(calm());
        m.raft.propose(1, List.of(5L, 6L), true, 110);
        ForwardCommands<Long, Unit, Long> f = forwards(m).get(0);
        m.raft.receive(P1, new CommandAck<>(f.requestId(), IndexRange.of(2, 3)), 120);
        assertEquals(List.of(new ClientOutcome.Assigned<Long>(1, IndexRange.of(2, 3), false)), m.raft.drainOutcomes());
        long s = m.raft.session();
        m.raft.receive(P1, ae(1, P1, Cursor.of(1, 1), P1, List.of(tagged(2, 1, 5, s, 1)), 1), 130);
        m.flushAndDrain(130);
        assertEquals(List.of(), m.raft.drainOutcomes(), "half of it is not the request");
        m.raft.receive(P1, ae(1, P1, Cursor.of(1, 2), P1, List.of(tagged(3, 1, 6, s, 2)), 3), 140);
        m.flushAndDrain(140);
        assertEquals(List.of(new ClientOutcome.Committed<Long>(1, IndexRange.of(2, 3))), m.raft.drainOutcomes(),
                "committed once, over the range of its own entries, with no second assignment");
        assertEquals(List.of(5L, 6L), m.machine.applied);
    }

    @Test
    void whenTheAcknowledgementIsLostTheAppliedEntriesReportTheAssignmentFirst() {
        Member m = follower(calm());
        long s = m.raft.session();
        m.raft.propose(1, List.of(5L), true, 110);
        m.raft.propose(2, List.of(6L), false, 110);
        m.raft.drainMessages();
        m.raft.receive(P1, ae(1, P1, Cursor.of(1, 1), P1, List.of(tagged(2, 1, 5, s, 1), tagged(3, 1, 6, s, 2)), 3),
                130);
        m.flushAndDrain(130);
        assertEquals(List.of(
                new ClientOutcome.Assigned<Long>(1, IndexRange.of(2, 2), false),
                new ClientOutcome.Committed<Long>(1, IndexRange.of(2, 2)),
                new ClientOutcome.Assigned<Long>(2, IndexRange.of(3, 3), true)), m.raft.drainOutcomes());
        // and the forwards are settled: nothing is retried at their deadline
        Harness.stand(m.raft, 110 + FORWARD);
        assertEquals(List.of(), forwards(m));
        assertEquals(List.of(), m.raft.drainOutcomes());
    }

    @Test
    void aSequenceNumberCountsOnlyForTheRequestThatOwnsIt() {
        // Request 1 owns sequences 1 and 2, request 2 (a feed, already acknowledged) owns 3. The leader's
        // log holds them as 1, 3, 2: applying 3 must not complete request 1.
        Member m = follower(calm());
        long s = m.raft.session();
        m.raft.propose(1, List.of(5L, 6L), true, 110);
        m.raft.propose(2, List.of(7L), false, 110);
        List<ForwardCommands<Long, Unit, Long>> sent = forwards(m);
        m.raft.receive(P1, new CommandAck<>(sent.get(1).requestId(), IndexRange.of(3, 3)), 115);
        m.raft.drainOutcomes();
        m.raft.receive(P1, ae(1, P1, Cursor.of(1, 1), P1,
                List.of(tagged(2, 1, 5, s, 1), tagged(3, 1, 7, s, 3), tagged(4, 1, 6, s, 2)), 4), 130);
        m.flushAndDrain(130);
        assertEquals(List.of(
                new ClientOutcome.Assigned<Long>(1, IndexRange.of(2, 4), false),
                new ClientOutcome.Committed<Long>(1, IndexRange.of(2, 4))), m.raft.drainOutcomes());
    }

    @Test
    void anUnansweredForwardIsRetriedEveryForwardTimeoutThenEndsUnknownAfterThreeAttempts() {
        Member m = follower(calm());
        m.raft.propose(1, List.of(5L), false, 110);
        assertEquals(1, forwards(m).size());
        long deadline = 110 + FORWARD;
        for (int attempt = 2; attempt <= RaftNode.FORWARD_ATTEMPTS; attempt++) {
            assertEquals(deadline, m.raft.nextDeadline(), "attempt " + attempt + " is due one forward timeout later");
            Harness.stand(m.raft, deadline - 1);
            assertEquals(List.of(), forwards(m));
            Harness.stand(m.raft, deadline);
            List<ForwardCommands<Long, Unit, Long>> again = forwards(m);
            assertEquals(1, again.size(), "attempt " + attempt);
            assertEquals(1, again.get(0).firstSequence(), "a retry keeps its sequence number");
            deadline += FORWARD;
        }
        assertEquals(List.of(), m.raft.drainOutcomes());
        Harness.stand(m.raft, deadline - 1);
        assertEquals(List.of(), m.raft.drainOutcomes());
        Harness.stand(m.raft, deadline);
        ClientOutcome.Failed<Long> failed = failures(m.raft.drainOutcomes()).get(1L);
        assertEquals(Failure.UNKNOWN, failed.failure(), "sent three times: it may have been appended");
        assertTrue(failed.detail().contains("after 3 attempts"), failed.detail());
        assertEquals(List.of(), forwards(m));
        Harness.stand(m.raft, deadline + 10 * FORWARD);
        assertEquals(List.of(), m.raft.drainOutcomes(), "ended once");
    }

    @Test
    void anExecuteWaitsFiveForwardTimeoutsForItsCommit() {
        Member m = follower(calm());
        m.raft.propose(1, List.of(5L), true, 110);
        ForwardCommands<Long, Unit, Long> f = forwards(m).get(0);
        m.raft.receive(P1, new CommandAck<>(f.requestId(), IndexRange.of(2, 2)), 120);
        m.raft.drainOutcomes();
        long deadline = 110 + RaftNode.COMMIT_WAIT_FORWARD_TIMEOUTS * FORWARD;
        assertEquals(deadline, m.raft.nextDeadline());
        m.raft.receive(P1, ae(1, P1, Cursor.of(1, 1), P1, List.of(), 1), deadline - 1);
        Harness.stand(m.raft, deadline - 1);
        assertEquals(List.of(), m.raft.drainOutcomes());
        Harness.stand(m.raft, deadline);
        ClientOutcome.Failed<Long> failed = failures(m.raft.drainOutcomes()).get(1L);
        assertEquals(Failure.UNKNOWN, failed.failure());
        assertTrue(failed.detail().contains("(10000 ms)"), failed.detail());
    }

    @Test
    void aForwardWithNoLeaderLeftToAskEndsUnknownAtItsDeadline() {
        Member m = follower(calm());
        m.raft.propose(1, List.of(5L), false, 110);
        m.raft.query(2, Unit.INSTANCE, Consistency.STRONG, 110);
        m.raft.drainMessages();
        // A candidate of term 2 (behind us, so denied) that P1 handed over to (so our lease of P1 does not
        // hold it off): we follow nobody now.
        m.raft.receive(P2, new RequestVote<>(Term.of(2), P2, Cursor.ZERO, true), 120);
        assertTrue(m.raft.leader().isEmpty());
        Harness.stand(m.raft, 110 + FORWARD);
        ClientOutcome.Failed<Long> f = failures(m.raft.drainOutcomes()).get(1L);
        assertEquals(Failure.UNKNOWN, f.failure(), "it was sent: it may be appended");
        assertTrue(f.detail().contains("no leader to retry"), f.detail());
        Harness.stand(m.raft, 110 + QUERY - 1);
        assertEquals(List.of(), m.raft.drainOutcomes());
        Harness.stand(m.raft, 110 + QUERY);
        ClientOutcome.Failed<Long> q = failures(m.raft.drainOutcomes()).get(2L);
        assertEquals(Failure.OFFLINE, q.failure(), "a read changes nothing: safe to retry");
        assertTrue(q.detail().contains("no leader to retry"), q.detail());
        assertEquals(List.of(), forwards(m));
    }

    @Test
    void anUnansweredStrongQueryIsRetriedEveryQueryTimeoutThenFailsOfflineAfterThreeAttempts() {
        Member m = follower(calm());
        m.raft.query(1, Unit.INSTANCE, Consistency.STRONG, 110);
        assertEquals(1, queries(m).size());
        long deadline = 110 + QUERY;
        for (int attempt = 2; attempt <= RaftNode.FORWARD_ATTEMPTS; attempt++) {
            assertEquals(deadline, m.raft.nextDeadline());
            Harness.stand(m.raft, deadline - 1);
            assertEquals(List.of(), queries(m));
            Harness.stand(m.raft, deadline);
            assertEquals(1, queries(m).size(), "attempt " + attempt);
            deadline += QUERY;
        }
        Harness.stand(m.raft, deadline - 1);
        assertEquals(List.of(), m.raft.drainOutcomes());
        Harness.stand(m.raft, deadline);
        ClientOutcome.Failed<Long> failed = failures(m.raft.drainOutcomes()).get(1L);
        assertEquals(Failure.OFFLINE, failed.failure());
        assertTrue(failed.detail().contains("after 3 attempts"), failed.detail());
        m.raft.receive(P1, new QueryResponse<>(1, 42L, Index.ONE), deadline + 1);
        assertEquals(List.of(), m.raft.drainOutcomes(), "a late answer to an ended query is dropped");
    }

    @Test
    void aNewLeaderGetsTheForwardsAndQueriesAtOnce() {
        Member m = follower(calm());
        m.raft.propose(1, List.of(5L), false, 110);
        m.raft.query(2, Unit.INSTANCE, Consistency.STRONG, 110);
        m.raft.drainMessages();
        m.raft.receive(P2, ae(2, P2, Cursor.of(1, 1), P1, List.of(), 0), 200);
        List<Outgoing<Long, Unit, Long>> out = m.flushAndDrain(200);
        List<ForwardCommands<Long, Unit, Long>> f = Drive.to(out, P2, ForwardCommands.class);
        assertEquals(1, f.size());
        assertEquals(Term.of(2), f.get(0).leaderTerm());
        assertEquals(1, Drive.to(out, P2, ForwardQuery.class).size());
        // the retries started a new forward timeout
        assertEquals(200 + FORWARD, m.raft.nextDeadline());
    }

    @Test
    void theSameLeaderInANewTermGetsTheForwardsAgainButNotTheQueries() {
        // A forward names the term (the leader appends it only in that term); a query does not.
        Member m = follower(calm());
        m.raft.propose(1, List.of(5L), false, 110);
        m.raft.query(2, Unit.INSTANCE, Consistency.STRONG, 110);
        m.raft.drainMessages();
        m.raft.receive(P1, ae(2, P1, Cursor.of(1, 1), P1, List.of(start(2, 2, P1)), 0), 200);
        List<Outgoing<Long, Unit, Long>> out = m.flushAndDrain(200);
        List<ForwardCommands<Long, Unit, Long>> f = Drive.to(out, P1, ForwardCommands.class);
        assertEquals(1, f.size());
        assertEquals(Term.of(2), f.get(0).leaderTerm());
        assertEquals(List.of(), Drive.to(out, P1, ForwardQuery.class));
    }

    @Test
    void hearingAgainFromTheLeaderAlreadyAskedSendsNothingTwice() {
        // An observer sees a contested term, gives up the contest at its election timeout, then hears from
        // P1 again in the same term: P1 already has the forward and the query of this term.
        ConsensusConfig observer = ConsensusConfig.builder().electionTimeout(Duration.ofSeconds(1))
                .forwardTimeout(Duration.ofSeconds(30)).queryTimeout(Duration.ofSeconds(30))
                .leadershipPreference(LeadershipPreference.observer()).build();
        Member m = follower(observer);
        m.raft.propose(1, List.of(5L), false, 110);
        m.raft.query(2, Unit.INSTANCE, Consistency.STRONG, 110);
        m.raft.drainMessages();
        m.raft.receive(P2, ae(1, P2, Cursor.ZERO, null, List.of(), 0), 120); // a rival leader of term 1
        assertTrue(m.raft.leader().isEmpty());
        long t = m.raft.nextDeadline();
        assertTrue(t < 110 + 30_000);
        Harness.stand(m.raft, t);
        m.raft.receive(P1, ae(1, P1, Cursor.of(1, 1), P1, List.of(), 0), t + 1);
        assertEquals(java.util.Optional.of(P1), m.raft.leader());
        List<Outgoing<Long, Unit, Long>> out = m.flushAndDrain(t + 1);
        assertEquals(List.of(), of(out, ForwardCommands.class));
        assertEquals(List.of(), of(out, ForwardQuery.class));
        assertEquals(List.of(), m.raft.drainOutcomes());
    }

    @Test
    void aRefusalFromTheLeaderWeFollowIsNotRetriedAtOnce() {
        // P1 says it does not lead in the term we named: a new leader's notice (or the deadline) retries.
        Member m = follower(calm());
        m.raft.propose(1, List.of(5L), false, 110);
        m.raft.query(2, Unit.INSTANCE, Consistency.STRONG, 110);
        m.raft.drainMessages();
        m.raft.receive(P1, new NotLeader<>(1), 120);
        m.raft.receive(P1, new NotLeader<>(2), 120);
        assertEquals(List.of(), m.raft.drainMessages());
        assertEquals(List.of(), m.raft.drainOutcomes());
    }

    @Test
    void aStaleRefusalFromAFormerLeaderSpendsNoAttempt() {
        // The forward went to P1, then (leader notice) to P2. P1's refusal of the first attempt arrives
        // late: it says nothing about the attempt that is out, so it must not cost one of the three.
        Member m = follower(calm());
        m.raft.propose(1, List.of(5L), false, 110);
        m.raft.query(2, Unit.INSTANCE, Consistency.STRONG, 110);
        m.raft.drainMessages();
        m.raft.receive(P2, ae(2, P2, Cursor.of(1, 1), P1, List.of(), 0), 200);
        assertEquals(1, of(m.flushAndDrain(200), ForwardCommands.class).size()); // attempt 2
        m.raft.receive(P1, new NotLeader<>(1), 210);
        m.raft.receive(P1, new NotLeader<>(2), 210);
        assertEquals(List.of(), m.raft.drainMessages(), "nothing re-sent on a stale refusal");
        // P2 stays silent: the forward still has its third attempt, one forward timeout later.
        Harness.stand(m.raft, 200 + FORWARD);
        assertEquals(1, forwards(m).size(), "the third attempt");
        Harness.stand(m.raft, 200 + QUERY);
        assertEquals(1, queries(m).size(), "the query's third attempt");
        assertEquals(List.of(), m.raft.drainOutcomes());
    }

    @Test
    void aRefusalWhileFollowingNobodyChangesNothing() {
        Member m = follower(calm());
        m.raft.propose(1, List.of(5L), false, 110);
        m.raft.query(2, Unit.INSTANCE, Consistency.STRONG, 110);
        m.raft.drainMessages();
        m.raft.receive(P2, new RequestVote<>(Term.of(2), P2, Cursor.ZERO), 120);
        m.raft.drainMessages();
        m.raft.receive(P1, new NotLeader<>(1), 130);
        m.raft.receive(P1, new NotLeader<>(2), 130);
        assertEquals(List.of(), m.raft.drainMessages());
        assertEquals(List.of(), m.raft.drainOutcomes());
    }

    @Test
    void theLeadersAnswerEndsAStrongQuery() {
        Member m = follower(calm());
        m.raft.query(1, Unit.INSTANCE, Consistency.STRONG, 110);
        m.raft.drainMessages();
        m.raft.receive(P1, new QueryResponse<>(1, 42L, Index.of(7)), 120);
        assertEquals(List.of(new ClientOutcome.Answered<Long>(1, new QueryResultAt<>(42L, Index.of(7)))),
                m.raft.drainOutcomes());
        Harness.stand(m.raft, 110 + QUERY);
        assertEquals(List.of(), m.raft.drainMessages(), "an answered query is not retried");
        assertTrue(m.raft.nextDeadline() > 110 + 10 * QUERY, "no timer left but the election's");
    }
}
