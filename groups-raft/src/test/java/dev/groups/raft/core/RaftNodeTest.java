package dev.groups.raft.core;

import static dev.groups.raft.core.Harness.dynamic;
import static dev.groups.raft.core.Harness.member;
import static dev.groups.raft.core.Harness.of;
import static dev.groups.raft.core.Harness.peer;
import static dev.groups.raft.core.Harness.strict;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.groups.consensus.ConsensusConfig;
import dev.groups.consensus.LeadershipPreference;
import dev.groups.consensus.Role;
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
import dev.groups.raft.core.RaftMessage.CommandAck;
import dev.groups.raft.core.RaftMessage.ForwardCommands;
import dev.groups.raft.core.RaftMessage.NotLeader;
import dev.groups.raft.core.RaftMessage.RequestVote;
import dev.groups.raft.core.RaftMessage.RequestVoteResponse;
import dev.groups.storage.HardState;
import dev.groups.storage.InMemoryLogStore;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each role transition and message handler of the pure core, driven by hand with explicit times. */
class RaftNodeTest {
    private static final PeerId P1 = peer(1);
    private static final PeerId P2 = peer(2);

    private static LogEntry<LogPayload<Long>> cmd(long index, long term, long value) {
        return new LogEntry<>(Index.of(index), Term.of(term), LogPayload.Command.untagged(value));
    }

    private static LogEntry<LogPayload<Long>> start(long index, long term, PeerId leader) {
        return new LogEntry<>(Index.of(index), Term.of(term), new LogPayload.TermStart<>(leader));
    }

    private static AppendEntries<Long, Unit, Long> ae(long term, PeerId leader, Cursor prev, PeerId prevLeader,
                                                      List<LogEntry<LogPayload<Long>>> entries, long commit) {
        return new AppendEntries<>(Term.of(term), leader, prev, prevLeader, entries, Index.of(commit), 1, false);
    }

    @Test
    void aNewFollowerWaitsForTheBootstrapDelayBeforeItsFirstElection() {
        Member m = member(0, dynamic());
        assertEquals(Role.FOLLOWER, m.raft.role());
        long earliest = dynamic().electionTimeout().plus(dynamic().bootstrapDelay()).toMillis();
        assertTrue(m.raft.nextDeadline() >= earliest, "deadline " + m.raft.nextDeadline());
        Harness.stand(m.raft, earliest - 1);
        assertEquals(Role.FOLLOWER, m.raft.role());
    }

    @Test
    void aLoneMemberElectsItselfAppendsATermStartAndCommitsItWhenDurable() {
        Member m = member(0, dynamic());
        Harness.stand(m.raft, 10_000);
        assertEquals(Role.LEADER, m.raft.role());
        assertEquals(Term.ONE, m.raft.term());
        assertEquals(HardState.of(Term.ONE, peer(0)), m.log.hardState(), "term and vote persisted");
        assertInstanceOf(LogPayload.TermStart.class, m.log.get(Index.ONE).orElseThrow().command());
        assertEquals(Index.ZERO, m.raft.commitIndex(), "not durable yet: not committed");
        m.flushAndDrain(10_001);
        assertEquals(Index.ONE, m.raft.commitIndex());
        assertTrue(m.raft.isOnline());
    }

    @Test
    void aCandidatePersistsItsTermAndVoteBeforeAskingForVotes() {
        Member m = member(0, strict(3));
        m.raft.bondUp(P1, 0);
        m.raft.bondUp(P2, 0);
        Harness.stand(m.raft, 10_000);
        assertEquals(Role.CANDIDATE, m.raft.role());
        assertEquals(HardState.of(Term.ONE, peer(0)), m.log.hardState());
        List<RequestVote<Long, Unit, Long>> votes = of(m.raft.drainMessages(), RequestVote.class);
        assertEquals(2, votes.size());
        assertEquals(Term.ONE, votes.get(0).term());
        // strict mode with 3 voters: one grant is a majority with our own vote
        m.raft.receive(P1, new RequestVoteResponse<>(Term.ONE, Vote.GRANTED), 10_010);
        assertEquals(Role.LEADER, m.raft.role());
    }

    @Test
    void strictModeNeedsAMajorityOfTheConfiguredSizeEvenWhenAlone() {
        Member m = member(0, strict(3));
        Harness.stand(m.raft, 10_000);
        assertEquals(Role.FOLLOWER, m.raft.role(), "1 of 3 is no majority, not even of pre-votes");
        assertTrue(m.raft.isPreCandidate());
        Harness.stand(m.raft, 20_000);
        assertEquals(Role.FOLLOWER, m.raft.role());
        assertEquals(Term.ZERO, m.raft.term(), "pre-vote (§9.6): a member that cannot win never raises its term");
    }

    @Test
    void votesAreGrantedOnlyToCandidatesAtLeastAsUpToDate() {
        Member m = member(0, strict(3));
        m.log.append(LogPayload.Command.untagged(5L), Term.of(2));
        m.raft.receive(P1, new RequestVote<>(Term.of(3), P1, Cursor.of(1, 9)), 100);
        RequestVoteResponse<Long, Unit, Long> behind = Harness.<RequestVoteResponse<Long, Unit, Long>>of(
                m.raft.drainMessages(), RequestVoteResponse.class).get(0);
        assertEquals(Vote.DENIED, behind.vote(), "a lower last term loses whatever its index");
        assertEquals(Term.of(3), m.raft.term(), "the higher term was adopted");
        m.raft.receive(P2, new RequestVote<>(Term.of(3), P2, Cursor.of(2, 1)), 110);
        RequestVoteResponse<Long, Unit, Long> equal = Harness.<RequestVoteResponse<Long, Unit, Long>>of(
                m.raft.drainMessages(), RequestVoteResponse.class).get(0);
        assertEquals(Vote.GRANTED, equal.vote());
        assertEquals(HardState.of(Term.of(3), P2), m.log.hardState(), "the vote is durable before the answer");
        m.raft.receive(P1, new RequestVote<>(Term.of(3), P1, Cursor.of(3, 5)), 120);
        RequestVoteResponse<Long, Unit, Long> second = Harness.<RequestVoteResponse<Long, Unit, Long>>of(
                m.raft.drainMessages(), RequestVoteResponse.class).get(0);
        assertEquals(Vote.DENIED, second.vote(), "one vote per term");
    }

    @Test
    void aLaggingVoterAbstainsInDynamicModeButGrantsInStrictMode() {
        Member dyn = member(0, dynamic());
        dyn.raft.receive(P1, new RequestVote<>(Term.ONE, P1, Cursor.of(1, 5)), 100);
        RequestVoteResponse<Long, Unit, Long> r = Harness.<RequestVoteResponse<Long, Unit, Long>>of(
                dyn.raft.drainMessages(), RequestVoteResponse.class).get(0);
        assertEquals(Vote.ABSTAINED, r.vote());
        assertEquals(HardState.of(Term.ONE, P1), dyn.log.hardState(), "the abstention binds like a vote");
        dyn.raft.receive(P2, new RequestVote<>(Term.ONE, P2, Cursor.of(0, 0)), 110);
        assertEquals(Vote.DENIED, Harness.<RequestVoteResponse<Long, Unit, Long>>of(
                dyn.raft.drainMessages(), RequestVoteResponse.class).get(0).vote());

        Member str = member(0, strict(3));
        str.raft.receive(P1, new RequestVote<>(Term.ONE, P1, Cursor.of(1, 5)), 100);
        assertEquals(Vote.GRANTED, Harness.<RequestVoteResponse<Long, Unit, Long>>of(
                str.raft.drainMessages(), RequestVoteResponse.class).get(0).vote());
    }

    @Test
    void anObserverNeverStandsAndAbstains() {
        Member m = member(0, ConsensusConfig.builder().leadershipPreference(LeadershipPreference.observer()).build());
        Harness.stand(m.raft, 100_000);
        assertEquals(Role.FOLLOWER, m.raft.role());
        m.raft.receive(P1, new RequestVote<>(Term.ONE, P1, Cursor.ZERO), 100_010);
        assertEquals(Vote.ABSTAINED, Harness.<RequestVoteResponse<Long, Unit, Long>>of(
                m.raft.drainMessages(), RequestVoteResponse.class).get(0).vote());
    }

    @Test
    void aReluctantMemberWaitsLonger() {
        Member normal = member(0, dynamic());
        Member reluctant = member(0, dynamic().deprioritizeLeadership(4));
        long base = dynamic().electionTimeout().plus(dynamic().bootstrapDelay()).toMillis();
        assertTrue(reluctant.raft.nextDeadline() >= 4 * base);
        assertTrue(normal.raft.nextDeadline() < 4 * base);
    }

    @Test
    void aFollowerAcknowledgesEntriesOnlyOnceTheyAreDurable() {
        Member m = member(0, dynamic());
        m.raft.receive(P1, ae(1, P1, Cursor.ZERO, null, List.of(start(1, 1, P1), cmd(2, 1, 7)), 0), 100);
        assertTrue(of(m.raft.drainMessages(), AppendEntriesResponse.class).isEmpty(), "nothing before the flush");
        List<AppendEntriesResponse<Long, Unit, Long>> acks = of(m.flushAndDrain(101), AppendEntriesResponse.class);
        assertEquals(1, acks.size());
        assertEquals(Vote.GRANTED, acks.get(0).vote());
        assertEquals(Index.of(2), acks.get(0).index());
        assertEquals(Role.FOLLOWER, m.raft.role());
        assertEquals(P1, m.raft.leader().orElseThrow());
        assertTrue(m.raft.isOnline());
        assertEquals(Cursor.of(1, 2), m.raft.logPosition(), "the log position is current on a follower too");
        // the next heartbeat carries the commit index: the follower applies
        m.raft.receive(P1, ae(1, P1, Cursor.of(1, 2), P1, List.of(), 2), 200);
        assertEquals(Index.of(2), m.raft.committed().index());
        assertEquals(List.of(7L), m.machine.applied);
    }

    @Test
    void aGapIsRefusedWithAHintWhereTheLeaderShouldRetry() {
        Member m = member(0, dynamic());
        m.raft.receive(P1, ae(1, P1, Cursor.of(1, 5), P1, List.of(cmd(6, 1, 1)), 0), 100);
        List<AppendEntriesResponse<Long, Unit, Long>> r = of(m.flushAndDrain(100), AppendEntriesResponse.class);
        assertEquals(Vote.DENIED, r.get(0).vote());
        assertEquals(Index.ONE, r.get(0).index());
        assertFalse(m.raft.isOnline());
    }

    @Test
    void aConflictingSuffixIsTruncated() {
        InMemoryLogStore<LogPayload<Long>> log = new InMemoryLogStore<>();
        log.append(new LogPayload.TermStart<>(P1), Term.ONE);
        log.append(LogPayload.Command.untagged(10L), Term.ONE);
        log.append(LogPayload.Command.untagged(11L), Term.ONE);
        Member m = member(0, dynamic(), log);
        // a leader of term 2 has a different entry at 3
        m.raft.receive(P2, ae(2, P2, Cursor.of(1, 2), P1, List.of(start(3, 2, P2)), 0), 100);
        m.flushAndDrain(100);
        assertEquals(Cursor.of(2, 3), m.log.last());
        assertInstanceOf(LogPayload.TermStart.class, m.log.get(Index.of(3)).orElseThrow().command());
    }

    @Test
    void entriesOfTheSameTermFromAnotherLeaderDoNotMatch() {
        // mosaik §10 item 1: two isolated leaders of term 1 wrote different entries at the same indices
        InMemoryLogStore<LogPayload<Long>> log = new InMemoryLogStore<>();
        log.append(new LogPayload.TermStart<>(P2), Term.ONE);
        log.append(LogPayload.Command.untagged(99L), Term.ONE);
        Member m = member(0, dynamic(), log);
        m.raft.receive(P1, ae(2, P1, Cursor.of(1, 2), P1, List.of(start(3, 2, P1)), 0), 100);
        List<AppendEntriesResponse<Long, Unit, Long>> r = of(m.flushAndDrain(100), AppendEntriesResponse.class);
        assertEquals(Vote.DENIED, r.get(0).vote(), "same (term, index), different leader: no match");
        assertEquals(Index.ONE, r.get(0).index(), "retry from the start of the conflicting term");
    }

    @Test
    void aStaleLeaderIsToldTheNewerTerm() {
        Member m = member(0, dynamic());
        m.raft.receive(P1, new RequestVote<>(Term.of(5), P1, Cursor.ZERO), 100);
        m.raft.drainMessages();
        m.raft.receive(P2, ae(3, P2, Cursor.ZERO, null, List.of(), 0), 110);
        AppendEntriesResponse<Long, Unit, Long> r = Harness.<AppendEntriesResponse<Long, Unit, Long>>of(
                m.raft.drainMessages(), AppendEntriesResponse.class).get(0);
        assertEquals(Term.of(5), r.term());
        assertEquals(Vote.DENIED, r.vote());
    }

    @Test
    void aHigherTermMakesALeaderStepDown() {
        Member m = member(0, dynamic());
        Harness.stand(m.raft, 10_000);
        assertEquals(Role.LEADER, m.raft.role());
        m.raft.bondUp(P1, 10_001);
        m.raft.receive(P1, ae(7, P1, Cursor.ZERO, null, List.of(), 0), 10_002);
        assertEquals(Role.FOLLOWER, m.raft.role());
        assertEquals(Term.of(7), m.raft.term());
        assertEquals(P1, m.raft.leader().orElseThrow());
    }

    @Test
    void aLeaderCommitsAnOlderTermEntryOnlyWithOneOfItsOwn() {
        // Raft §5.4.2: a leader of term 2 holding an uncommitted term-1 entry commits it only by committing
        // its own TermStart.
        InMemoryLogStore<LogPayload<Long>> log = new InMemoryLogStore<>();
        log.append(new LogPayload.TermStart<>(P1), Term.ONE);
        log.append(LogPayload.Command.untagged(5L), Term.ONE);
        log.saveHardState(HardState.of(Term.ONE, P1));
        Member m = member(0, strict(3), log);
        m.raft.bondUp(P1, 0);
        m.raft.bondUp(P2, 0);
        Harness.stand(m.raft, 10_000);
        m.raft.receive(P1, new RequestVoteResponse<>(Term.of(2), Vote.GRANTED), 10_001);
        assertEquals(Role.LEADER, m.raft.role());
        m.flushAndDrain(10_002);
        // P1 acknowledges index 2 only (the old entry): not enough
        m.raft.receive(P1, new AppendEntriesResponse<>(Term.of(2), Vote.GRANTED, Index.of(2), Index.of(2), 1, false, false), 10_003);
        assertEquals(Index.ZERO, m.raft.commitIndex(), "an old-term entry is not committed by counting");
        m.raft.receive(P1, new AppendEntriesResponse<>(Term.of(2), Vote.GRANTED, Index.of(3), Index.of(2), 2, false, false), 10_004);
        assertEquals(Index.of(3), m.raft.commitIndex());
        assertEquals(List.of(5L), m.machine.applied);
    }

    @Test
    void idleFollowersHearOfANewCommitIndexAtOnceNotAtTheNextHeartbeat() {
        // A command executed through a follower completes when that follower applies it: waiting for
        // the next heartbeat would add up to a heartbeat interval to every such command.
        InMemoryLogStore<LogPayload<Long>> log = new InMemoryLogStore<>();
        Member m = member(0, strict(3), log);
        m.raft.bondUp(P1, 0);
        m.raft.bondUp(P2, 0);
        Harness.stand(m.raft, 10_000);
        m.raft.receive(P1, new RequestVoteResponse<>(Term.ONE, Vote.GRANTED), 10_001);
        assertEquals(Role.LEADER, m.raft.role());
        List<AppendEntries<Long, Unit, Long>> first = of(m.flushAndDrain(10_002), AppendEntries.class);
        assertEquals(2, first.size(), "the TermStart goes to both followers");
        // P1 acknowledges it at once (no heartbeat interval has passed): the TermStart commits
        m.raft.receive(P1, new AppendEntriesResponse<>(Term.ONE, Vote.GRANTED, Index.of(1), Index.of(1), 1, false, false), 10_003);
        assertEquals(Index.of(1), m.raft.commitIndex());
        List<AppendEntries<Long, Unit, Long>> next = of(m.flushAndDrain(10_003), AppendEntries.class);
        assertEquals(1, next.size(), "P1 is idle and told the new commit index now; P2 still has the TermStart in flight");
        assertEquals(Index.of(1), next.get(0).leaderCommit());
        assertTrue(next.get(0).entries().isEmpty());
        assertTrue(of(m.flushAndDrain(10_004), AppendEntries.class).isEmpty(), "and only once");
    }

    @Test
    void aRetriedForwardIsAppendedOnce() {
        Member leader = member(0, dynamic());
        Harness.stand(leader.raft, 10_000);
        leader.raft.bondUp(P1, 10_000);
        leader.flushAndDrain(10_001);
        ForwardCommands<Long, Unit, Long> f = new ForwardCommands<>(42, 777, 1, List.of(3L, 4L), Term.of(1));
        leader.raft.receive(P1, f, 10_002);
        leader.raft.receive(P1, f, 10_003);
        List<CommandAck<Long, Unit, Long>> acks = of(leader.flushAndDrain(10_004), CommandAck.class);
        assertEquals(2, acks.size());
        assertEquals(acks.get(0).assigned(), acks.get(1).assigned(), "the retry is told where the first went");
        assertEquals(Cursor.of(1, 3), leader.log.last(), "TermStart + two commands, once");
    }

    @Test
    void aFollowerForwardsToItsLeaderAndReportsTheAssignment() {
        Member m = member(0, dynamic());
        m.raft.receive(P1, ae(1, P1, Cursor.ZERO, null, List.of(start(1, 1, P1)), 0), 100);
        m.flushAndDrain(100);
        m.raft.propose(9, List.of(5L), true, 110);
        List<ForwardCommands<Long, Unit, Long>> fwd = of(m.raft.drainMessages(), ForwardCommands.class);
        assertEquals(1, fwd.size());
        assertEquals(m.raft.session(), fwd.get(0).session());
        m.raft.receive(P1, new CommandAck<>(fwd.get(0).requestId(), dev.groups.log.IndexRange.of(2, 2)), 120);
        ClientOutcome<Long> assigned = m.raft.drainOutcomes().get(0);
        assertInstanceOf(ClientOutcome.Assigned.class, assigned);
        // the entry arrives with the right tag and commits: Committed
        m.raft.receive(P1, ae(1, P1, Cursor.of(1, 1), P1, List.of(new LogEntry<>(Index.of(2), Term.ONE,
                new LogPayload.Command<>(5L, m.raft.session(), fwd.get(0).firstSequence()))), 2), 130);
        m.flushAndDrain(131);
        List<ClientOutcome<Long>> outcomes = m.raft.drainOutcomes();
        assertInstanceOf(ClientOutcome.Committed.class, outcomes.get(outcomes.size() - 1));
    }

    @Test
    void anExecuteWhoseEntryWasReplacedFailsAsSupersededInStrictMode() {
        assertEquals(ClientOutcome.Failure.SUPERSEDED, replacedExecute(strict(3)).failure());
    }

    @Test
    void anExecuteWhoseEntryWasReplacedIsUnknownInDynamicMode() {
        // A healed partition may still revert this member's history and apply the command after all.
        assertEquals(ClientOutcome.Failure.UNKNOWN, replacedExecute(dynamic()).failure());
    }

    private ClientOutcome.Failed<Long> replacedExecute(ConsensusConfig config) {
        Member m = member(0, config);
        m.raft.receive(P1, ae(1, P1, Cursor.ZERO, null, List.of(start(1, 1, P1)), 0), 100);
        m.flushAndDrain(100);
        m.raft.propose(9, List.of(5L), true, 110);
        ForwardCommands<Long, Unit, Long> f = Harness.<ForwardCommands<Long, Unit, Long>>of(
                m.raft.drainMessages(), ForwardCommands.class).get(0);
        assertEquals(Term.ONE, f.leaderTerm(), "named the term its leader leads in");
        m.raft.receive(P1, new CommandAck<>(f.requestId(), dev.groups.log.IndexRange.of(2, 2)), 120);
        m.raft.drainOutcomes();
        // a new leader's entry (someone else's command) lands at index 2 and commits
        m.raft.receive(P2, ae(2, P2, Cursor.of(1, 1), P1, List.of(start(2, 2, P2)), 2), 130);
        m.flushAndDrain(131);
        List<ClientOutcome<Long>> outcomes = m.raft.drainOutcomes();
        return (ClientOutcome.Failed<Long>) outcomes.get(outcomes.size() - 1);
    }

    @Test
    void aStaleAcknowledgementFromADeposedLeaderDecidesNothing() {
        // The forward goes to P1 (term 1); P2 takes over in term 2 and the forward is retried there; then
        // P1's acknowledgement for index 2 arrives late. Index 2 commits with P2's TermStart: that must not
        // read as SUPERSEDED, because P2 appended the retry at 3 and applies it.
        Member m = member(0, strict(3));
        m.raft.receive(P1, ae(1, P1, Cursor.ZERO, null, List.of(start(1, 1, P1)), 1), 100);
        m.flushAndDrain(100);
        m.raft.propose(9, List.of(5L), true, 110);
        ForwardCommands<Long, Unit, Long> first = Harness.<ForwardCommands<Long, Unit, Long>>of(
                m.raft.drainMessages(), ForwardCommands.class).get(0);
        m.raft.receive(P2, ae(2, P2, Cursor.of(1, 1), P1, List.of(), 1), 120);
        List<ForwardCommands<Long, Unit, Long>> retried = Harness.of(m.flushAndDrain(121), ForwardCommands.class);
        assertEquals(1, retried.size(), "retried with the new leader");
        assertEquals(Term.of(2), retried.get(0).leaderTerm());
        m.raft.receive(P1, new CommandAck<>(first.requestId(), dev.groups.log.IndexRange.of(2, 2)), 125);
        m.raft.receive(P2, ae(2, P2, Cursor.of(1, 1), P1, List.of(start(2, 2, P2)), 2), 130);
        m.flushAndDrain(131);
        assertTrue(m.raft.drainOutcomes().stream().noneMatch(o -> o instanceof ClientOutcome.Failed<Long>),
                "index 2 holds another entry, but a copy in term 2 may still commit");
        m.raft.receive(P2, ae(2, P2, Cursor.of(2, 2), P2, List.of(new LogEntry<>(Index.of(3), Term.of(2),
                new LogPayload.Command<>(5L, m.raft.session(), first.firstSequence()))), 3), 140);
        m.flushAndDrain(141);
        List<ClientOutcome<Long>> outcomes = m.raft.drainOutcomes();
        assertInstanceOf(ClientOutcome.Committed.class, outcomes.get(outcomes.size() - 1));
    }

    @Test
    void aLeaderRefusesAForwardNamingAnotherTerm() {
        Member leader = member(0, dynamic());
        Harness.stand(leader.raft, 10_000);
        leader.raft.bondUp(P1, 10_000);
        leader.flushAndDrain(10_001);
        Cursor before = leader.log.last();
        leader.raft.receive(P1, new ForwardCommands<>(7, 777, 1, List.of(3L), Term.of(0)), 10_002);
        List<NotLeader<Long, Unit, Long>> refused = Harness.of(leader.flushAndDrain(10_003), NotLeader.class);
        assertEquals(1, refused.size(), "a forward meant for an earlier term is refused");
        assertEquals(before, leader.log.last(), "and nothing is appended");
    }

    @Test
    void anExecuteThatNeverCommitsEndsUnknownAtItsDeadline() {
        Member m = member(0, strict(3));
        m.raft.receive(P1, ae(1, P1, Cursor.ZERO, null, List.of(start(1, 1, P1)), 1), 100);
        m.flushAndDrain(100);
        m.raft.propose(9, List.of(5L), true, 110);
        ForwardCommands<Long, Unit, Long> f = Harness.<ForwardCommands<Long, Unit, Long>>of(
                m.raft.drainMessages(), ForwardCommands.class).get(0);
        m.raft.receive(P1, new CommandAck<>(f.requestId(), dev.groups.log.IndexRange.of(2, 2)), 120);
        m.raft.drainOutcomes();
        long deadline = 110 + 5 * ConsensusConfig.defaults().forwardTimeout().toMillis();
        assertTrue(m.raft.nextDeadline() <= deadline, "the wait's deadline is a timer");
        m.raft.receive(P1, ae(1, P1, Cursor.of(1, 1), P1, List.of(), 1), deadline - 1); // keeps the leader
        Harness.stand(m.raft, deadline - 1);
        assertTrue(m.raft.drainOutcomes().isEmpty());
        Harness.stand(m.raft, deadline);
        ClientOutcome.Failed<Long> failed = (ClientOutcome.Failed<Long>) m.raft.drainOutcomes().get(0);
        assertEquals(ClientOutcome.Failure.UNKNOWN, failed.failure());
        assertTrue(failed.detail().contains("not committed within"), failed.detail());
    }

    @Test
    void withoutALeaderCommandsWaitForOneThenFailOffline() {
        Member m = member(0, strict(3));
        m.raft.bondUp(P1, 0);
        Harness.stand(m.raft, 10_000); // a candidate now
        m.raft.propose(1, List.of(1L), true, 10_001);
        assertTrue(m.raft.drainOutcomes().isEmpty(), "it waits for a leader instead of failing at once");
        assertTrue(Harness.of(m.raft.drainMessages(), ForwardCommands.class).isEmpty(), "nothing is sent yet");
        long deadline = 10_001 + ConsensusConfig.defaults().forwardTimeout().toMillis();
        assertTrue(m.raft.nextDeadline() <= deadline);
        Harness.stand(m.raft, deadline);
        ClientOutcome.Failed<Long> f = (ClientOutcome.Failed<Long>) m.raft.drainOutcomes().get(0);
        assertEquals(ClientOutcome.Failure.OFFLINE, f.failure(), "nothing was sent: safe to retry");
    }

    @Test
    void aCommandMadeBeforeTheFirstElectionGoesToTheLeaderOnceOneIsKnown() {
        Member m = member(0, strict(3));
        m.raft.propose(1, List.of(5L), true, 100);
        assertTrue(m.raft.drainOutcomes().isEmpty());
        m.raft.receive(P1, ae(1, P1, Cursor.ZERO, null, List.of(start(1, 1, P1)), 0), 200);
        List<ForwardCommands<Long, Unit, Long>> sent = Harness.of(m.flushAndDrain(201), ForwardCommands.class);
        assertEquals(1, sent.size(), "sent to the leader as soon as it is known");
        assertEquals(Term.ONE, sent.get(0).leaderTerm());
        assertEquals(List.of(5L), sent.get(0).commands());
    }

    @Test
    void aStrongQueryOnTheLeaderWaitsForAQuorumToConfirmItsTerm() {
        Member m = member(0, strict(3));
        m.raft.bondUp(P1, 0);
        m.raft.bondUp(P2, 0);
        Harness.stand(m.raft, 10_000);
        m.raft.receive(P1, new RequestVoteResponse<>(Term.ONE, Vote.GRANTED), 10_001);
        m.flushAndDrain(10_002);
        m.raft.receive(P1, new AppendEntriesResponse<>(Term.ONE, Vote.GRANTED, Index.ONE, Index.ZERO, 1, false, false), 10_003);
        assertEquals(Index.ONE, m.raft.commitIndex());
        m.raft.drainMessages();
        m.raft.query(5, Unit.INSTANCE, Consistency.STRONG, 10_010);
        assertTrue(m.raft.drainOutcomes().isEmpty(), "no answer before the read-index round");
        List<AppendEntries<Long, Unit, Long>> round = of(m.raft.drainMessages(), AppendEntries.class);
        assertEquals(2, round.size(), "a heartbeat round to confirm leadership");
        long seq = round.get(0).seq();
        m.raft.receive(P2, new AppendEntriesResponse<>(Term.ONE, Vote.GRANTED, Index.ONE, Index.ONE, seq, false, false), 10_011);
        ClientOutcome.Answered<Long> a = (ClientOutcome.Answered<Long>) m.raft.drainOutcomes().get(0);
        assertEquals(0L, a.result().result());
        assertEquals(Index.ONE, a.result().position());
    }

    @Test
    void aWeakQueryIsAnsweredLocallyAtTheAppliedIndex() {
        Member m = member(0, dynamic());
        m.raft.query(3, Unit.INSTANCE, Consistency.WEAK, 10);
        ClientOutcome.Answered<Long> a = (ClientOutcome.Answered<Long>) m.raft.drainOutcomes().get(0);
        assertEquals(Index.ZERO, a.result().position());
    }

    @Test
    void aRestartedMemberKeepsItsTermAndVote() {
        InMemoryLogStore<LogPayload<Long>> log = new InMemoryLogStore<>();
        log.saveHardState(HardState.of(Term.of(4), P1));
        Member m = member(0, dynamic(), log);
        assertEquals(Term.of(4), m.raft.term());
        m.raft.receive(P2, new RequestVote<>(Term.of(4), P2, Cursor.ZERO), 100);
        assertEquals(Vote.DENIED, Harness.<RequestVoteResponse<Long, Unit, Long>>of(
                m.raft.drainMessages(), RequestVoteResponse.class).get(0).vote(), "already voted in term 4");
        long noBootstrap = dynamic().electionTimeout().plus(dynamic().electionTimeoutJitter()).toMillis();
        assertTrue(m.raft.nextDeadline() <= noBootstrap, "past term 0 there is no bootstrap delay: "
                + m.raft.nextDeadline());
    }
}
