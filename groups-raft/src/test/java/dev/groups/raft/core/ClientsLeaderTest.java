package dev.groups.raft.core;

import dev.groups.consensus.Role;
import static dev.groups.raft.core.Drive.P1;
import static dev.groups.raft.core.Drive.P2;
import static dev.groups.raft.core.Drive.ae;
import static dev.groups.raft.core.Drive.failures;
import static dev.groups.raft.core.Drive.granted;
import static dev.groups.raft.core.Drive.start;
import static dev.groups.raft.core.Drive.tagged;
import static dev.groups.raft.core.Harness.member;
import static dev.groups.raft.core.Harness.of;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.groups.consensus.ConsensusConfig;
import dev.groups.log.Cursor;
import dev.groups.log.Index;
import dev.groups.log.IndexRange;
import dev.groups.log.LogPayload;
import dev.groups.log.Term;
import dev.groups.machine.Consistency;
import dev.groups.machine.Unit;
import dev.groups.raft.core.ClientOutcome.Failure;
import dev.groups.raft.core.Harness.Member;
import dev.groups.raft.core.RaftMessage.AppendEntries;
import dev.groups.raft.core.RaftMessage.CommandAck;
import dev.groups.raft.core.RaftMessage.ForwardCommands;
import dev.groups.raft.core.RaftMessage.ForwardQuery;
import dev.groups.raft.core.RaftMessage.NotLeader;
import dev.groups.raft.core.RaftMessage.QueryResponse;
import dev.groups.raft.core.RaftMessage.RequestVoteResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The leader's client side: local proposals, its own forwards when a follower becomes leader, the
 * de-duplication tables (applied and unapplied tail), and what happens to reads when leadership is
 * lost or cannot be confirmed in time.
 */
class ClientsLeaderTest {
    private static final long QUERY = 3_000;

    /** Elections after one second; forwards and queries wait far longer, so elections come first. */
    private static ConsensusConfig quickElections(ConsensusConfig.Builder b) {
        return b.electionTimeout(Duration.ofSeconds(1)).bootstrapDelay(Duration.ZERO).forwardTimeout(Duration.ofSeconds(30))
                .queryTimeout(Duration.ofMillis(QUERY)).build();
    }

    /** A lone dynamic member elects itself at its first election deadline. */
    private static Member loneLeader() {
        Member m = member(0, quickElections(ConsensusConfig.builder()));
        Harness.stand(m.raft, m.raft.nextDeadline());
        assertEquals(Role.LEADER, m.raft.role());
        m.flushAndDrain(m.raft.nextDeadline());
        assertEquals(Index.ONE, m.raft.commitIndex());
        return m;
    }

    private static List<LogPayload.Command<Long>> commands(Member m) {
        return m.log.getRange(IndexRange.of(1, m.log.last().index().value())).stream()
                .filter(e -> e.command() instanceof LogPayload.Command<Long>)
                .map(e -> (LogPayload.Command<Long>) e.command()).toList();
    }

    @Test
    void aLeadersProposalsAreAssignedAtOnceWithConsecutiveSequences() {
        Member m = loneLeader();
        long s = m.raft.session();
        m.raft.propose(1, List.of(5L, 6L), false, 20_000);
        m.raft.propose(2, List.of(7L), true, 20_000);
        assertEquals(List.of(
                new ClientOutcome.Assigned<Long>(1, IndexRange.of(2, 3), true),
                new ClientOutcome.Assigned<Long>(2, IndexRange.of(4, 4), false)), m.raft.drainOutcomes());
        assertEquals(List.of(new LogPayload.Command<>(5L, s, 1), new LogPayload.Command<>(6L, s, 2),
                new LogPayload.Command<>(7L, s, 3)), commands(m));
        m.flushAndDrain(20_001);
        assertEquals(List.of(new ClientOutcome.Committed<Long>(2, IndexRange.of(4, 4))), m.raft.drainOutcomes(),
                "only the execute waits for its commit");
        assertEquals(List.of(5L, 6L, 7L), m.machine.applied);
    }

    @Test
    void aFollowerThatBecomesLeaderAppendsItsOwnUnacknowledgedForwardOnce() {
        // The forward's command already sits, unapplied, in the tail P1 replicated to us: the new leader
        // finds it there (Raft gives no such guarantee; the tail table does) and does not append it again.
        Member m = member(0, quickElections(ConsensusConfig.builder()));
        long s = m.raft.session();
        m.raft.receive(P1, ae(1, P1, Cursor.ZERO, null, List.of(start(1, 1, P1)), 0), 100);
        m.flushAndDrain(100);
        m.raft.propose(1, List.of(5L), true, 110);
        m.raft.propose(2, List.of(6L), false, 110);
        m.raft.drainMessages();
        m.raft.receive(P1, ae(1, P1, Cursor.of(1, 1), P1, List.of(tagged(2, 1, 5, s, 1)), 0), 120);
        m.flushAndDrain(120);
        Harness.stand(m.raft, m.raft.nextDeadline()); // alone: elected in term 2
        assertEquals(Role.LEADER, m.raft.role());
        assertEquals(List.of(
                new ClientOutcome.Assigned<Long>(1, IndexRange.of(2, 2), false),
                new ClientOutcome.Assigned<Long>(2, IndexRange.of(4, 4), true)), m.raft.drainOutcomes());
        assertEquals(Cursor.of(2, 4), m.log.last(), "TermStart at 3, the second request at 4, the first not again");
        m.flushAndDrain(m.raft.nextDeadline());
        assertEquals(List.of(new ClientOutcome.Committed<Long>(1, IndexRange.of(2, 2))), m.raft.drainOutcomes());
        assertEquals(List.of(5L, 6L), m.machine.applied);
    }

    @Test
    void aNewLeaderFindsAnotherSessionsForwardInItsUnappliedTail() {
        Member m = member(0, quickElections(ConsensusConfig.builder()));
        m.raft.receive(P1, ae(1, P1, Cursor.ZERO, null, List.of(start(1, 1, P1), tagged(2, 1, 9, 777, 1)), 0), 100);
        m.flushAndDrain(100);
        Harness.stand(m.raft, m.raft.nextDeadline());
        assertEquals(Role.LEADER, m.raft.role());
        m.raft.receive(P1, new ForwardCommands<>(5, 777, 1, List.of(9L), m.raft.term()), 5_000);
        List<CommandAck<Long, Unit, Long>> acks = of(m.raft.drainMessages(), CommandAck.class);
        assertEquals(List.of(new CommandAck<Long, Unit, Long>(5, IndexRange.of(2, 2))), acks);
        assertEquals(Cursor.of(2, 3), m.log.last(), "the retry is not appended a second time");
    }

    @Test
    void anOwnForwardCarriedIntoLeadershipWaitsForItsOwnEntry() {
        // Strict, 3 members. Forwarded in term 1 (P1, no answer); then we lead term 2 and append it at 3.
        // Index 2 (our TermStart) commits first: the term-2 copy at 3 may still commit, so no verdict yet.
        ConsensusConfig config = quickElections(Harness.strictBuilder(3));
        Member m = member(0, config);
        m.raft.bondUp(P1, 0);
        m.raft.bondUp(P2, 0);
        m.raft.receive(P1, ae(1, P1, Cursor.ZERO, null, List.of(start(1, 1, P1)), 1), 100);
        m.flushAndDrain(100);
        m.raft.propose(1, List.of(5L), true, 110);
        m.raft.drainMessages();
        long t = m.raft.nextDeadline();
        Harness.stand(m.raft, t);
        assertEquals(Role.CANDIDATE, m.raft.role());
        m.raft.receive(P2, new RequestVoteResponse<>(Term.of(2), Vote.GRANTED), t);
        assertEquals(Role.LEADER, m.raft.role());
        assertEquals(Cursor.of(2, 3), m.log.last());
        m.flushAndDrain(t);
        m.raft.drainOutcomes();
        m.raft.receive(P2, granted(2, 2, 1, 1), t + 1);
        assertEquals(Index.of(2), m.raft.commitIndex());
        assertTrue(failures(m.raft.drainOutcomes()).isEmpty(), "its own term-2 copy has not been decided");
        m.raft.receive(P2, granted(2, 3, 2, 2), t + 2);
        assertEquals(List.of(new ClientOutcome.Committed<Long>(1, IndexRange.of(3, 3))), m.raft.drainOutcomes());
    }

    @Test
    void aDeposedLeaderFailsItsOwnReadsAndRefusesForwardedOnesAtOnce() {
        Member m = Drive.leader(Harness.strictBuilder(3).build(), P1, P2);
        m.raft.receive(P1, granted(1, 1, 0, 1), 10_001); // TermStart committed: reads may be served
        m.raft.query(7, Unit.INSTANCE, Consistency.STRONG, 10_010);
        m.raft.receive(P1, new ForwardQuery<>(8, Unit.INSTANCE), 10_010);
        m.raft.drainMessages();
        assertEquals(List.of(), m.raft.drainOutcomes());
        // Raft §5.1: a higher term deposes it; whatever it was confirming can no longer be confirmed.
        m.raft.receive(P2, ae(2, P2, Cursor.of(1, 1), P2, List.of(), 1), 10_020);
        assertEquals(Role.FOLLOWER, m.raft.role());
        ClientOutcome.Failed<Long> f = failures(m.raft.drainOutcomes()).get(7L);
        assertEquals(Failure.OFFLINE, f.failure());
        assertTrue(f.detail().contains("leadership was lost"), f.detail());
        List<NotLeader<Long, Unit, Long>> refusals = Drive.to(m.raft.drainMessages(), P1, NotLeader.class);
        assertEquals(List.of(new NotLeader<Long, Unit, Long>(8)), refusals);
        Harness.stand(m.raft, 10_010 + 10 * QUERY);
        assertEquals(List.of(), m.raft.drainOutcomes(), "ended once");
    }

    @Test
    void aReadThatCannotBeConfirmedEndsAtItsDeadline() {
        ConsensusConfig config = Harness.strictBuilder(3).queryTimeout(Duration.ofMillis(QUERY))
                .build();
        Member m = Drive.leader(config, P1, P2);
        m.raft.receive(P1, granted(1, 1, 0, 1), 10_001);
        m.raft.query(7, Unit.INSTANCE, Consistency.STRONG, 10_010);
        m.raft.receive(P1, new ForwardQuery<>(8, Unit.INSTANCE), 10_010);
        m.raft.drainMessages();
        Drive.answerOldHeartbeats(m, P1, 1, 10_010, 10_010 + QUERY - 1); // the quorum holds (check-quorum)
        Harness.stand(m.raft, 10_010 + QUERY - 1);
        assertEquals(List.of(), m.raft.drainOutcomes());
        Harness.stand(m.raft, 10_010 + QUERY);
        ClientOutcome.Failed<Long> f = failures(m.raft.drainOutcomes()).get(7L);
        assertEquals(Failure.OFFLINE, f.failure());
        assertTrue(f.detail().contains("could not be confirmed in time"), f.detail());
        assertEquals(List.of(), of(m.raft.drainMessages(), QueryResponse.class), "the forwarded read is dropped");
        // a confirmation that arrives now serves nothing
        m.raft.receive(P1, granted(1, 1, 1, 1_000), 10_010 + QUERY + 1);
        assertEquals(List.of(), of(m.raft.drainMessages(), QueryResponse.class));
        assertEquals(List.of(), m.raft.drainOutcomes());
    }

    @Test
    void aQueryWaitingForALeaderIsServedByTheLeaderItBecomes() {
        Member m = member(0, quickElections(ConsensusConfig.builder()));
        m.raft.query(7, Unit.INSTANCE, Consistency.STRONG, 10);
        m.raft.propose(8, List.of(5L), true, 10);
        assertEquals(List.of(), m.raft.drainOutcomes(), "no leader yet: both wait");
        long t = m.raft.nextDeadline();
        assertTrue(t < 10 + QUERY, "the first election comes before the query's deadline");
        Harness.stand(m.raft, t);
        assertEquals(Role.LEADER, m.raft.role());
        assertEquals(List.of(new ClientOutcome.Assigned<Long>(8, IndexRange.of(2, 2), false)), m.raft.drainOutcomes());
        m.flushAndDrain(t);
        List<ClientOutcome<Long>> outcomes = m.raft.drainOutcomes();
        assertEquals(new ClientOutcome.Committed<Long>(8, IndexRange.of(2, 2)), outcomes.get(0));
        ClientOutcome.Answered<Long> a = assertInstanceOf(ClientOutcome.Answered.class, outcomes.get(1));
        assertEquals(7, a.requestId());
        assertEquals(5L, a.result().result(), "read after the command it waited with");
    }

    @Test
    void aFollowersPendingQueryBecomesALocalReadWithAFreshDeadline() {
        ConsensusConfig config = quickElections(Harness.strictBuilder(3));
        Member m = member(0, config);
        m.raft.bondUp(P1, 0);
        m.raft.bondUp(P2, 0);
        m.raft.receive(P1, ae(1, P1, Cursor.ZERO, null, List.of(start(1, 1, P1)), 1), 100);
        m.flushAndDrain(100);
        m.raft.query(7, Unit.INSTANCE, Consistency.STRONG, 110);
        m.raft.drainMessages();
        long t = m.raft.nextDeadline();
        assertTrue(t < 110 + QUERY);
        Harness.stand(m.raft, t);
        m.raft.receive(P2, new RequestVoteResponse<>(Term.of(2), Vote.GRANTED), t);
        assertEquals(Role.LEADER, m.raft.role());
        m.flushAndDrain(t);
        // nobody confirms the read's round (P2 answers only old heartbeats, so check-quorum keeps us leading):
        // the read ends one query timeout after it moved here, not after it was made
        Drive.answerOldHeartbeats(m, P2, 2, t, 110 + QUERY);
        Harness.stand(m.raft, 110 + QUERY);
        assertEquals(List.of(), m.raft.drainOutcomes());
        Drive.answerOldHeartbeats(m, P2, 2, 110 + QUERY, t + QUERY - 1);
        Harness.stand(m.raft, t + QUERY - 1);
        assertEquals(List.of(), m.raft.drainOutcomes());
        Harness.stand(m.raft, t + QUERY);
        assertEquals(Failure.OFFLINE, failures(m.raft.drainOutcomes()).get(7L).failure());
    }

    @Test
    void aRevertedHistoryForgetsTheCommandsItHadApplied() {
        // Dynamic mode: index 2 (session 777, sequence 1) was applied, then a healed partition's leader
        // replaced it. The command is not in the group's log any more: a retry of it must be appended.
        Member m = member(0, quickElections(ConsensusConfig.builder()));
        m.raft.receive(P1, ae(1, P1, Cursor.ZERO, null, List.of(start(1, 1, P1), tagged(2, 1, 9, 777, 1)), 2), 100);
        m.flushAndDrain(100);
        assertEquals(List.of(9L), m.machine.applied);
        m.raft.receive(P2, ae(2, P2, Cursor.of(1, 1), P1, List.of(start(2, 2, P2)), 0), 200);
        m.flushAndDrain(200);
        assertEquals(1, m.machine.resets, "the superseded state was dropped");
        assertEquals(List.of(), m.machine.applied);
        Harness.stand(m.raft, m.raft.nextDeadline());
        assertEquals(Role.LEADER, m.raft.role());
        m.raft.receive(P1, new ForwardCommands<>(5, 777, 1, List.of(9L), m.raft.term()), 5_000);
        List<CommandAck<Long, Unit, Long>> acks = of(m.raft.drainMessages(), CommandAck.class);
        assertEquals(List.of(new CommandAck<Long, Unit, Long>(5, IndexRange.of(4, 4))), acks);
        m.flushAndDrain(5_001);
        assertEquals(List.of(9L), m.machine.applied, "applied once, from its new entry");
    }

    @Test
    void aCommandAlreadyAppliedIsNotAppendedAgain() {
        Member m = loneLeader();
        m.raft.receive(P1, new ForwardCommands<>(5, 777, 1, List.of(9L, 10L), m.raft.term()), 20_000);
        m.flushAndDrain(20_000);
        assertEquals(List.of(9L, 10L), m.machine.applied);
        m.raft.receive(P1, new ForwardCommands<>(6, 777, 1, List.of(9L, 10L), m.raft.term()), 20_001);
        List<CommandAck<Long, Unit, Long>> acks = of(m.flushAndDrain(20_001), CommandAck.class);
        assertEquals(List.of(new CommandAck<Long, Unit, Long>(6, IndexRange.of(2, 3))), acks);
        assertEquals(List.of(9L, 10L), m.machine.applied);
        assertFalse(m.raft.needsFlush());
    }

    @Test
    void aLeaderRefusesForwardsAndQueriesOnlyWhenItIsNotTheLeader() {
        Member m = loneLeader();
        m.raft.receive(P1, new ForwardCommands<>(5, 777, 1, List.of(), m.raft.term()), 20_000);
        assertEquals(List.of(), m.raft.drainMessages(), "an empty forward is neither appended nor answered");
        Member f = Drive.follower(ConsensusConfig.defaults());
        f.raft.receive(P2, new ForwardCommands<>(5, 777, 1, List.of(1L), Term.ONE), 200);
        assertEquals(List.of(new NotLeader<Long, Unit, Long>(5)), Drive.to(f.raft.drainMessages(), P2, NotLeader.class));
        assertEquals(Cursor.of(1, 1), f.log.last());
    }

    @Test
    void aStoppedLeaderFailsWhatWaitedForALeaderAsTerminated() {
        Member m = member(0, quickElections(ConsensusConfig.builder()));
        m.raft.propose(1, List.of(5L), true, 10);
        m.raft.query(2, Unit.INSTANCE, Consistency.STRONG, 10);
        m.raft.stop();
        var failed = failures(m.raft.drainOutcomes());
        assertEquals(Failure.TERMINATED, failed.get(1L).failure());
        assertEquals(Failure.TERMINATED, failed.get(2L).failure());
        Harness.stand(m.raft, 10 + 60_000);
        assertTrue(m.raft.drainOutcomes().stream().noneMatch(o -> o.requestId() == 1 || o.requestId() == 2),
                "a parked request ends once");
        assertTrue(of(m.raft.drainMessages(), AppendEntries.class).isEmpty());
    }
}
