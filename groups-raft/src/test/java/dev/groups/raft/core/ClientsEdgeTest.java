package dev.groups.raft.core;

import dev.groups.consensus.Role;
import static dev.groups.raft.core.ClientsForwardingTest.calm;
import static dev.groups.raft.core.Drive.P1;
import static dev.groups.raft.core.Drive.P2;
import static dev.groups.raft.core.Drive.ae;
import static dev.groups.raft.core.Drive.failures;
import static dev.groups.raft.core.Drive.granted;
import static dev.groups.raft.core.Drive.start;
import static dev.groups.raft.core.Harness.member;
import static dev.groups.raft.core.Harness.of;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.groups.consensus.ConsensusConfig;
import dev.groups.log.Cursor;
import dev.groups.log.Index;
import dev.groups.log.IndexRange;
import dev.groups.machine.Consistency;
import dev.groups.machine.Unit;
import dev.groups.raft.core.ClientOutcome.Failure;
import dev.groups.raft.core.Harness.Member;
import dev.groups.raft.core.RaftMessage.AppendEntries;
import dev.groups.raft.core.RaftMessage.CommandAck;
import dev.groups.raft.core.RaftMessage.ForwardCommands;
import dev.groups.raft.core.RaftMessage.ForwardQuery;
import dev.groups.raft.core.RaftMessage.QueryResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Client paths at their edges: requests waiting for a leader (exact deadlines, then sent or served),
 * the de-duplication window, a stop with everything in flight, forwarded reads on the leader up to
 * their deadline, and the read-index quorum in dynamic mode.
 */
class ClientsEdgeTest {
    private static final long FORWARD = 2_000;
    private static final long QUERY = 3_000;

    @Test
    void requestsWaitingForALeaderFailOfflineExactlyAtTheirTimeout() {
        Member m = member(0, calm());
        m.raft.propose(1, List.of(5L), true, 10);
        m.raft.query(2, Unit.INSTANCE, Consistency.STRONG, 10);
        Harness.stand(m.raft, 10 + FORWARD - 1);
        assertEquals(List.of(), m.raft.drainOutcomes());
        Harness.stand(m.raft, 10 + FORWARD);
        ClientOutcome.Failed<Long> command = failures(m.raft.drainOutcomes()).get(1L);
        assertEquals(Failure.OFFLINE, command.failure(), "nothing was sent: safe to retry");
        assertTrue(command.detail().contains("forward timeout"), command.detail());
        Harness.stand(m.raft, 10 + QUERY - 1);
        assertEquals(List.of(), m.raft.drainOutcomes());
        Harness.stand(m.raft, 10 + QUERY);
        ClientOutcome.Failed<Long> query = failures(m.raft.drainOutcomes()).get(2L);
        assertEquals(Failure.OFFLINE, query.failure());
        assertTrue(query.detail().contains("query timeout"), query.detail());
        assertEquals(List.of(), m.raft.drainMessages());
    }

    @Test
    void aWaitingQueryGoesToTheFirstLeaderAFollowerLearns() {
        Member m = member(0, calm());
        m.raft.query(2, Unit.INSTANCE, Consistency.STRONG, 10);
        m.raft.receive(P1, ae(1, P1, Cursor.ZERO, null, List.of(start(1, 1, P1)), 0), 20);
        List<ForwardQuery<Long, Unit, Long>> sent = Drive.to(m.flushAndDrain(20), P1, ForwardQuery.class);
        assertEquals(List.of(new ForwardQuery<Long, Unit, Long>(2, Unit.INSTANCE)), sent);
        assertEquals(20 + QUERY, m.raft.nextDeadline(), "its attempt has a query timeout of its own");
    }

    @Test
    void aMemberElectedWhileRequestsWaitServesThemItself() {
        ConsensusConfig config = ConsensusConfig.builder().electionTimeout(Duration.ofSeconds(1))
                .bootstrapDelay(Duration.ZERO).forwardTimeout(Duration.ofMillis(FORWARD))
                .queryTimeout(Duration.ofMillis(QUERY)).build();
        Member m = member(0, config);
        m.raft.propose(1, List.of(5L), false, 10);
        m.raft.query(2, Unit.INSTANCE, Consistency.STRONG, 10);
        long t = m.raft.nextDeadline();
        Harness.stand(m.raft, t); // alone: elected at once
        assertEquals(Role.LEADER, m.raft.role());
        assertEquals(List.of(new ClientOutcome.Assigned<Long>(1, IndexRange.of(2, 2), true)), m.raft.drainOutcomes());
        Harness.stand(m.raft, t + 1);
        assertEquals(List.of(), m.raft.drainOutcomes(), "the read waits for its round, with a fresh deadline");
        m.flushAndDrain(t + 2);
        List<ClientOutcome<Long>> outcomes = m.raft.drainOutcomes();
        assertEquals(1, outcomes.size(), "a feed ends with its assignment; the read is answered");
        ClientOutcome.Answered<Long> a = assertInstanceOf(ClientOutcome.Answered.class, outcomes.get(0));
        assertEquals(5L, a.result().result());
    }

    @Test
    void theLast8192SequencesOfASessionAreRemembered() {
        Member m = member(0, calm());
        Harness.stand(m.raft, m.raft.nextDeadline());
        assertEquals(Role.LEADER, m.raft.role());
        m.flushAndDrain(70_000);
        List<Long> commands = new ArrayList<>();
        for (long i = 1; i <= 8_193; i++) {
            commands.add(i);
        }
        m.raft.receive(P1, new ForwardCommands<>(1, 777, 1, commands, m.raft.term()), 70_001);
        m.flushAndDrain(70_001);
        assertEquals(Index.of(8_194), m.raft.commitIndex());
        // sequence 2 is the oldest of the last 8192: still known, not appended again
        m.raft.receive(P1, new ForwardCommands<>(2, 777, 2, List.of(2L), m.raft.term()), 70_002);
        List<CommandAck<Long, Unit, Long>> acks = of(m.flushAndDrain(70_002), CommandAck.class);
        assertEquals(List.of(new CommandAck<Long, Unit, Long>(2, IndexRange.of(3, 3))), acks);
        assertEquals(Cursor.of(1, 8_194), m.log.last());
    }

    @Test
    void aStoppedFollowerSendsNothingMore() {
        Member m = Drive.follower(calm());
        m.raft.propose(1, List.of(5L), false, 110);
        m.raft.query(2, Unit.INSTANCE, Consistency.STRONG, 110);
        m.raft.drainMessages();
        m.raft.stop();
        assertEquals(2, failures(m.raft.drainOutcomes()).size());
        Harness.stand(m.raft, 110 + 10 * QUERY);
        List<Outgoing<Long, Unit, Long>> out = m.raft.drainMessages();
        assertEquals(List.of(), of(out, ForwardQuery.class), "no retry of a stopped query");
        assertEquals(List.of(), of(out, ForwardCommands.class));
        assertEquals(List.of(), m.raft.drainOutcomes());
    }

    @Test
    void aForwardedReadIsServedUpToItsDeadline() {
        ConsensusConfig config = Harness.strictBuilder(3).queryTimeout(Duration.ofMillis(QUERY))
                .build();
        Member m = Drive.leader(config, P1, P2);
        m.raft.receive(P1, granted(1, 1, 0, 1), 10_001);
        m.raft.drainMessages();
        m.raft.receive(P2, new ForwardQuery<>(8, Unit.INSTANCE), 10_010);
        List<AppendEntries<Long, Unit, Long>> round = Drive.to(m.raft.drainMessages(), P1, AppendEntries.class);
        Drive.answerOldHeartbeats(m, P1, 1, 10_010, 10_010 + QUERY - 1); // the quorum holds (check-quorum)
        Harness.stand(m.raft, 10_010 + QUERY - 1);
        m.raft.drainMessages();
        m.raft.receive(P1, granted(1, 1, 1, round.get(0).seq()), 10_010 + QUERY - 1);
        List<QueryResponse<Long, Unit, Long>> answers = Drive.to(m.raft.drainMessages(), P2, QueryResponse.class);
        assertEquals(List.of(new QueryResponse<Long, Unit, Long>(8, 0L, Index.ONE)), answers);
    }

    @Test
    void inDynamicModeAReadNeedsAMajorityOfTheFollowersToo() {
        // Read index (Raft §8): the leader confirms it still leads with a round acknowledged by a majority
        // of the voters it counts: itself and its two followers here.
        Member m = Drive.leader(ConsensusConfig.defaults(), P1, P2);
        m.raft.receive(P1, granted(1, 1, 0, 1), 10_001);
        m.raft.receive(P2, granted(1, 1, 0, 1), 10_001);
        m.raft.drainMessages();
        m.raft.query(7, Unit.INSTANCE, Consistency.STRONG, 10_010);
        List<AppendEntries<Long, Unit, Long>> round = Drive.to(m.raft.drainMessages(), P1, AppendEntries.class);
        assertEquals(List.of(), m.raft.drainOutcomes(), "not before anyone confirmed the round");
        m.raft.receive(P1, granted(1, 1, 1, round.get(0).seq()), 10_011);
        assertInstanceOf(ClientOutcome.Answered.class, m.raft.drainOutcomes().get(0));
    }
}
