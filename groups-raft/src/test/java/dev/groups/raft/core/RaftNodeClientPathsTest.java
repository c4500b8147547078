package dev.groups.raft.core;

import static dev.groups.raft.core.Harness.dynamic;
import static dev.groups.raft.core.Harness.member;
import static dev.groups.raft.core.Harness.of;
import static dev.groups.raft.core.Harness.peer;
import static dev.groups.raft.core.Harness.strict;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.groups.consensus.ConsensusConfig;
import dev.groups.consensus.Role;
import dev.groups.id.Digest;
import dev.groups.id.GroupId;
import dev.groups.id.NetworkId;
import dev.groups.id.PeerId;
import dev.groups.log.Cursor;
import dev.groups.log.Index;
import dev.groups.log.LogEntry;
import dev.groups.log.LogPayload;
import dev.groups.log.Term;
import dev.groups.machine.Consistency;
import dev.groups.machine.Unit;
import dev.groups.raft.core.Harness.Member;
import dev.groups.raft.core.RaftMessage.AppendEntries;
import dev.groups.raft.core.RaftMessage.AppendEntriesResponse;
import dev.groups.raft.core.RaftMessage.ForwardQuery;
import dev.groups.raft.core.RaftMessage.QueryResponse;
import dev.groups.raft.core.RaftMessage.RequestVoteResponse;
import dev.groups.storage.InMemoryLogStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The core's client paths that the simulator exercises without pinning down: stopping a group with
 * requests in flight, strong queries through a follower, and the guards on the API itself. Written
 * against mutants that survived the simulation suite (see groups-testkit/MUTANTS.md).
 */
class RaftNodeClientPathsTest {
    private static final PeerId P1 = peer(1);
    private static final PeerId P2 = peer(2);

    private static AppendEntries<Long, Unit, Long> termStartFrom(PeerId leader) {
        return new AppendEntries<>(Term.ONE, leader, Cursor.ZERO, null,
                List.of(new LogEntry<>(Index.ONE, Term.ONE, new LogPayload.TermStart<>(leader))), Index.ZERO, 1, false);
    }

    /** A follower of P1 in term 1. */
    private static Member follower() {
        Member m = member(0, dynamic());
        m.raft.receive(P1, termStartFrom(P1), 100);
        m.flushAndDrain(100);
        return m;
    }

    /** A leader of term 1 in a 3-member strict group, with P1 and P2 bonded and its TermStart not yet committed. */
    private static Member uncommittedLeader() {
        Member m = member(0, strict(3));
        m.raft.bondUp(P1, 0);
        m.raft.bondUp(P2, 0);
        Harness.stand(m.raft, 10_000);
        m.raft.receive(P1, new RequestVoteResponse<>(Term.ONE, Vote.GRANTED), 10_001);
        assertEquals(Role.LEADER, m.raft.role());
        m.flushAndDrain(10_002);
        return m;
    }

    private static Map<Long, ClientOutcome.Failure> failures(List<ClientOutcome<Long>> outcomes) {
        Map<Long, ClientOutcome.Failure> m = new HashMap<>();
        for (ClientOutcome<Long> o : outcomes) {
            if (o instanceof ClientOutcome.Failed<Long> f) {
                assertEquals(null, m.put(f.requestId(), f.failure()), "request " + f.requestId() + " failed twice");
            }
        }
        return m;
    }

    @Test
    void everyEventBeforeStartIsRefused() {
        RaftNode<Long, Unit, Long> raft = new RaftNode<>(new RaftSetup<>(peer(0), new GroupId(Digest.of("g")),
                NetworkId.of("n"), dynamic(), new Harness.Counter(), new InMemoryLogStore<>(), new SplittableRandom(1)));
        assertThrows(IllegalStateException.class, () -> raft.tick(1));
        assertThrows(IllegalStateException.class, () -> raft.bondUp(P1, 1));
        assertThrows(IllegalStateException.class, () -> raft.bondDown(P1, 1));
        assertThrows(IllegalStateException.class, () -> raft.receive(P1, termStartFrom(P1), 1));
        assertThrows(IllegalStateException.class, () -> raft.propose(1, List.of(1L), true, 1));
        assertThrows(IllegalStateException.class, () -> raft.query(1, Unit.INSTANCE, Consistency.WEAK, 1));
        assertThrows(IllegalStateException.class, () -> raft.flushed(1));
    }

    @Test
    void stoppingAFollowerFailsItsForwardedCommandsAndQueriesOnceAsTerminated() {
        Member m = follower();
        m.raft.propose(7, List.of(5L), true, 110);
        m.raft.query(8, Unit.INSTANCE, Consistency.STRONG, 110);
        m.raft.drainOutcomes();
        m.raft.stop();
        assertEquals(Map.of(7L, ClientOutcome.Failure.TERMINATED, 8L, ClientOutcome.Failure.TERMINATED),
                failures(m.raft.drainOutcomes()));
        Harness.stand(m.raft, 1_000_000);
        assertTrue(m.raft.drainOutcomes().isEmpty(), "nothing is left to time out or retry after a stop");
    }

    @Test
    void stoppingALeaderFailsItsCommitWaitsAndReadsAsTerminated() {
        Member m = uncommittedLeader();
        m.raft.propose(7, List.of(5L), true, 10_010);
        m.raft.query(8, Unit.INSTANCE, Consistency.STRONG, 10_010);
        assertInstanceOf(ClientOutcome.Assigned.class, m.raft.drainOutcomes().get(0));
        m.raft.stop();
        assertEquals(Map.of(7L, ClientOutcome.Failure.TERMINATED, 8L, ClientOutcome.Failure.TERMINATED),
                failures(m.raft.drainOutcomes()));
        Harness.stand(m.raft, 1_000_000);
        assertTrue(m.raft.drainOutcomes().isEmpty(), "nothing is left to time out after a stop");
    }

    @Test
    void aFollowerForwardsAStrongQueryAndReportsTheLeadersAnswer() {
        Member m = follower();
        m.raft.query(8, Unit.INSTANCE, Consistency.STRONG, 110);
        assertTrue(m.raft.drainOutcomes().isEmpty(), "a strong query is not answered locally");
        List<ForwardQuery<Long, Unit, Long>> fwd = of(m.raft.drainMessages(), ForwardQuery.class);
        assertEquals(1, fwd.size());
        assertEquals(8, fwd.get(0).requestId());
        m.raft.receive(P1, new QueryResponse<>(8, 42L, Index.of(9)), 120);
        ClientOutcome.Answered<?> a = assertInstanceOf(ClientOutcome.Answered.class, m.raft.drainOutcomes().get(0));
        assertEquals(42L, a.result().result());
        assertEquals(Index.of(9), a.result().position());
    }

    @Test
    void aLeaderAnswersAForwardedQueryOnlyAfterConfirmingItsTerm() {
        Member m = uncommittedLeader();
        m.raft.receive(P1, new AppendEntriesResponse<>(Term.ONE, Vote.GRANTED, Index.ONE, Index.ZERO, 1, false, false), 10_003);
        assertEquals(Index.ONE, m.raft.commitIndex());
        m.raft.drainMessages();
        m.raft.receive(P2, new ForwardQuery<>(5, Unit.INSTANCE), 10_010);
        List<Outgoing<Long, Unit, Long>> out = m.raft.drainMessages();
        assertTrue(of(out, QueryResponse.class).isEmpty(), "no answer before the read-index round");
        List<AppendEntries<Long, Unit, Long>> round = of(out, AppendEntries.class);
        assertEquals(2, round.size(), "a heartbeat round to confirm leadership");
        m.raft.receive(P1, new AppendEntriesResponse<>(Term.ONE, Vote.GRANTED, Index.ONE, Index.ONE,
                round.get(0).seq(), false, false), 10_011);
        List<QueryResponse<Long, Unit, Long>> answers = of(m.raft.drainMessages(), QueryResponse.class);
        assertEquals(1, answers.size());
        assertEquals(5, answers.get(0).requestId());
        assertEquals(Index.ONE, answers.get(0).position());
    }

    @Test
    void aFollowerRefusesAForwardedQuery() {
        Member m = follower();
        m.raft.receive(P2, new ForwardQuery<>(5, Unit.INSTANCE), 120);
        List<RaftMessage.NotLeader<Long, Unit, Long>> refusals = of(m.raft.drainMessages(), RaftMessage.NotLeader.class);
        assertEquals(1, refusals.size());
        assertEquals(5, refusals.get(0).requestId());
    }

    @Test
    void theNodeNamesItselfAndItsMachine() {
        Member m = member(3, dynamic());
        assertEquals(peer(3), m.raft.localId());
        assertSame(m.machine, m.raft.machine());
    }

    @Test
    void aHeartbeatIsAnAppendEntriesWithoutEntries() {
        assertFalse(termStartFrom(P1).isHeartbeat());
        assertTrue(new AppendEntries<Long, Unit, Long>(Term.ONE, P1, Cursor.ZERO, null, List.of(), Index.ZERO, 1, false)
                .isHeartbeat());
    }

    @Test
    void tuningValuesMustBePositive() {
        new RaftTuning(1, 1, 1);
        assertThrows(IllegalArgumentException.class, () -> new RaftTuning(0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new RaftTuning(1, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new RaftTuning(1, 1, 0));
    }

    @Test
    void withoutALeaderRequestsWaitTheirTimeoutThenFailAsOffline() {
        Member m = member(0, strict(3));
        m.raft.propose(1, List.of(5L), true, 10);
        m.raft.query(2, Unit.INSTANCE, Consistency.STRONG, 10);
        assertTrue(m.raft.drainOutcomes().isEmpty(), "a follower that knows no leader waits for one");
        long commandDeadline = 10 + ConsensusConfig.defaults().forwardTimeout().toMillis();
        long queryDeadline = 10 + ConsensusConfig.defaults().queryTimeout().toMillis();
        Harness.stand(m.raft, Math.max(commandDeadline, queryDeadline));
        assertEquals(Map.of(1L, ClientOutcome.Failure.OFFLINE, 2L, ClientOutcome.Failure.OFFLINE),
                failures(m.raft.drainOutcomes()), "and fails Offline at its deadline");
        m.raft.bondUp(P1, 10_000);
        Harness.stand(m.raft, 10_000);
        assertEquals(Role.CANDIDATE, m.raft.role());
        m.raft.query(3, Unit.INSTANCE, Consistency.STRONG, 10_001);
        assertTrue(m.raft.drainOutcomes().isEmpty(), "a candidate waits too");
        Harness.stand(m.raft, 10_001 + ConsensusConfig.defaults().queryTimeout().toMillis());
        assertEquals(Map.of(3L, ClientOutcome.Failure.OFFLINE), failures(m.raft.drainOutcomes()));
    }

    @Test
    void aCandidateFollowsALeaderOfItsOwnTerm() {
        Member m = member(0, strict(3));
        m.raft.bondUp(P1, 0);
        Harness.stand(m.raft, 10_000);
        assertEquals(Role.CANDIDATE, m.raft.role());
        m.raft.receive(P1, termStartFrom(P1), 10_001); // Raft §5.2
        assertEquals(Role.FOLLOWER, m.raft.role());
        assertEquals(java.util.Optional.of(P1), m.raft.leader());
    }

    /** Raft §8: a new leader's commit index may lag until an entry of its own term commits. */
    @Test
    void aNewLeaderAnswersNoStrongReadBeforeItsTermStartCommits() {
        Member m = uncommittedLeader();
        m.raft.query(8, Unit.INSTANCE, Consistency.STRONG, 10_010);
        m.raft.drainMessages();
        // Both followers acknowledge any round the leader may send, but neither has its TermStart yet.
        for (PeerId p : List.of(P1, P2)) {
            m.raft.receive(p, new AppendEntriesResponse<>(Term.ONE, Vote.DENIED, Index.ONE, Index.ZERO, 1_000, false,
                    false), 10_011);
        }
        assertEquals(Index.ZERO, m.raft.commitIndex());
        assertTrue(m.raft.drainOutcomes().isEmpty(), "no read before an entry of the leader's term commits");
    }

    @Test
    void anAcknowledgementOfAnEarlierRoundConfirmsNoRead() {
        Member m = uncommittedLeader();
        m.raft.receive(P1, new AppendEntriesResponse<>(Term.ONE, Vote.GRANTED, Index.ONE, Index.ZERO, 1, false, false), 10_003);
        long lastSeq = of(m.raft.drainMessages(), AppendEntries.class).stream()
                .mapToLong(a -> ((AppendEntries<?, ?, ?>) a).seq()).max().orElse(1);
        m.raft.receive(P1, new AppendEntriesResponse<>(Term.ONE, Vote.GRANTED, Index.ONE, Index.ZERO, lastSeq, false,
                false), 10_004);
        m.raft.drainMessages();
        m.raft.query(8, Unit.INSTANCE, Consistency.STRONG, 10_010);
        assertTrue(m.raft.drainOutcomes().isEmpty(), "only an acknowledgement of the new round confirms the term");
    }
}
