package dev.groups.raft.core;

import static dev.groups.raft.core.Drive.P1;
import static dev.groups.raft.core.Drive.P2;
import static dev.groups.raft.core.Drive.P3;
import static dev.groups.raft.core.Drive.ae;
import static dev.groups.raft.core.Drive.cmd;
import static dev.groups.raft.core.Drive.elect;
import static dev.groups.raft.core.Drive.granted;
import static dev.groups.raft.core.Drive.start;
import static dev.groups.raft.core.Harness.dynamic;
import static dev.groups.raft.core.Harness.member;
import static dev.groups.raft.core.Harness.peer;
import static dev.groups.raft.core.Harness.strict;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.groups.consensus.Role;
import dev.groups.id.PeerId;
import dev.groups.log.Cursor;
import dev.groups.log.Index;
import dev.groups.log.LogEntry;
import dev.groups.log.LogPayload;
import dev.groups.log.Term;
import dev.groups.machine.Unit;
import dev.groups.raft.core.Harness.Member;
import dev.groups.raft.core.RaftMessage.PreVote;
import dev.groups.raft.core.RaftMessage.RequestVote;
import dev.groups.raft.core.RaftMessage.RequestVoteResponse;
import dev.groups.storage.InMemoryLogStore;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Strict mode's voters as identities (Raft dissertation §4): who counts, the latest configuration in the
 * log, one change at a time through the leader, and a leader that removes itself.
 */
class VoterConfigurationTest {

    private static SortedSet<PeerId> set(PeerId... ids) {
        return new TreeSet<>(List.of(ids));
    }

    private static LogEntry<LogPayload<Long>> conf(long index, long term, PeerId... voters) {
        return new LogEntry<>(Index.of(index), Term.of(term), new LogPayload.Configuration<>(set(voters)));
    }

    private static List<ClientOutcome<Long>> outcomes(Member m) {
        return m.raft.drainOutcomes();
    }

    @Test
    void twoMembersOfFourNeverElectALeaderWhenOnlyOneOfThemVotes() {
        // The reproduction: 4 members, voters 0, 1, 2. Member 0 and the non-voter P3 form one side
        // of a 2|2 partition: two votes, but only one is a voter's, so no majority of the three voters.
        Member m = member(0, strict(3));
        m.raft.bondUp(P3, 0);
        Harness.stand(m.raft, 10_000); // P3 grants the pre-vote
        assertTrue(m.raft.isPreCandidate(), "a non-voter's pre-vote does not count: 1 of 3 voters");
        assertEquals(Role.FOLLOWER, m.raft.role());
        m.raft.bondUp(P1, 10_001); // asked at once
        m.raft.receive(P1, new RaftMessage.PreVoteResponse<>(Term.ZERO, Term.ONE, Vote.GRANTED), 10_002);
        assertEquals(Role.CANDIDATE, m.raft.role(), "2 of the 3 voters would vote");
        m.raft.receive(P3, new RequestVoteResponse<>(m.raft.term(), Vote.GRANTED), 10_003);
        assertEquals(Role.CANDIDATE, m.raft.role(), "a non-voter's vote never counts");
        m.raft.receive(P1, new RequestVoteResponse<>(m.raft.term(), Vote.GRANTED), 10_004);
        assertEquals(Role.LEADER, m.raft.role(), "2 of the 3 voters");
    }

    @Test
    void aMemberOutsideTheVotersNeverStandsAndAPreVoteWithoutVotersFails() {
        Member outsider = member(3, strict(3)); // peer(3) is not among the founding voters 0, 1, 2
        outsider.raft.bondUp(P1, 0);
        outsider.raft.tick(60_000);
        assertFalse(outsider.raft.isPreCandidate(), "a non-voter never stands");
        assertEquals(Role.FOLLOWER, outsider.raft.role());
        assertTrue(outsider.raft.drainMessages().stream().noneMatch(o -> o.message() instanceof PreVote<?, ?, ?>));
    }

    @Test
    void theLatestConfigurationInTheLogCountsAtOnceAndATruncationRevertsIt() {
        Member m = member(0, strict(3));
        assertEquals(set(peer(0), P1, P2), m.raft.voters());
        // P1 leads term 1 and appends a configuration that adds P3: in force as soon as it is in the log.
        m.raft.receive(P1, ae(1, P1, Cursor.ZERO, null, List.of(start(1, 1, P1), conf(2, 1, peer(0), P1, P2, P3)), 0), 100);
        assertEquals(set(peer(0), P1, P2, P3), m.raft.voters());
        var config = m.raft.votingConfiguration().orElseThrow();
        assertEquals(Cursor.of(1, 2), config.position());
        assertFalse(config.committed(), "not committed yet, and already in force");
        // A leader of term 2 whose log never had it: the entry goes, and with it the configuration (§4.1).
        m.raft.receive(P2, ae(2, P2, Cursor.of(1, 1), P1, List.of(start(2, 2, P2)), 1), 200);
        assertEquals(Cursor.of(2, 2), m.log.last());
        assertEquals(set(peer(0), P1, P2), m.raft.voters());
        assertEquals(Cursor.ZERO, m.raft.votingConfiguration().orElseThrow().position(), "the founding voters again");
    }

    @Test
    void aRestartReadsTheConfigurationBackFromTheLog() {
        InMemoryLogStore<LogPayload<Long>> log = new InMemoryLogStore<>();
        Member m = member(0, strict(3), log);
        m.raft.receive(P1, ae(1, P1, Cursor.ZERO, null, List.of(start(1, 1, P1), conf(2, 1, peer(0), P1)), 0), 100);
        m.flushAndDrain(100);
        Member again = member(0, strict(3), log);
        assertEquals(set(peer(0), P1), again.raft.voters());
    }

    @Test
    void theLeaderAddsAVoterOnlyOnceItCaughtUpAndReportsTheCommittedConfiguration() {
        Member m = elect(member(0, strict(3)), P1, P2, P3); // TermStart at 1, durable
        m.raft.receive(P1, granted(1, 1, 0, 1), 10_001); // commits the TermStart: committedInTerm
        m.raft.drainMessages();
        m.raft.changeVoters(77, true, P3, 10_002);
        assertEquals(set(peer(0), P1, P2), m.raft.voters(), "P3 has not caught up yet: nothing appended");
        m.raft.receive(P3, granted(1, 1, 0, 1), 10_003); // P3 holds the whole log: caught up within a round
        assertEquals(set(peer(0), P1, P2, P3), m.raft.voters(), "the configuration is appended and in force");
        assertInstanceOf(LogPayload.Configuration.class, m.log.get(Index.of(2)).orElseThrow().command());
        m.flushAndDrain(10_004);
        m.raft.receive(P1, granted(1, 2, 1, 2), 10_005);
        assertTrue(outcomes(m).isEmpty(), "2 of 4 voters is no majority");
        m.raft.receive(P3, granted(1, 2, 1, 2), 10_006);
        List<ClientOutcome<Long>> done = outcomes(m);
        assertEquals(1, done.size());
        var changed = assertInstanceOf(ClientOutcome.VotersChanged.class, done.get(0));
        assertEquals(77, changed.requestId());
        assertEquals(set(peer(0), P1, P2, P3), changed.configuration().voters());
        assertEquals(Cursor.of(1, 2), changed.configuration().position());
        assertTrue(changed.configuration().committed());
    }

    @Test
    void aNewLeaderAppendsAChangeOnlyOnceThePreviousConfigurationAndAnEntryOfItsTermCommitted() {
        // §4.1 and the fix to single-server changes: an inherited, uncommitted configuration (P1 added P3
        // in term 1) must commit, by way of an entry of the new leader's term, before the next change.
        Member m = member(0, strict(3));
        m.raft.receive(P1, ae(1, P1, Cursor.ZERO, null, List.of(start(1, 1, P1), conf(2, 1, peer(0), P1, P2, P3)), 1), 100);
        m.flushAndDrain(100);
        m.raft.bondUp(P2, 200);
        m.raft.bondUp(P3, 200);
        m.raft.bondDown(P1, 200);
        Harness.stand(m.raft, 60_000);
        m.raft.receive(P2, new RequestVoteResponse<>(m.raft.term(), Vote.GRANTED), 60_001);
        m.raft.receive(P3, new RequestVoteResponse<>(m.raft.term(), Vote.GRANTED), 60_001);
        assertEquals(Role.LEADER, m.raft.role(), "3 of the 4 voters of the configuration in its log");
        m.flushAndDrain(60_002); // its TermStart at 3, durable here only
        m.raft.changeVoters(5, false, P3, 60_003);
        assertEquals(Cursor.of(2, 3), m.log.last(), "nothing appended while index 2 (and 3) are uncommitted");
        m.raft.receive(P2, granted(2, 3, 2, 1), 60_004);
        assertEquals(Cursor.of(2, 3), m.log.last(), "2 of 4 voters: still uncommitted");
        m.raft.receive(P3, granted(2, 3, 2, 1), 60_005);
        assertEquals(Index.of(3), m.raft.commitIndex());
        assertInstanceOf(LogPayload.Configuration.class, m.log.get(Index.of(4)).orElseThrow().command(),
                "now the change is appended");
        assertEquals(set(peer(0), P1, P2), m.raft.voters());
    }

    @Test
    void oneChangeAtATimeNeverTheLastVoterAndNotInDynamicMode() {
        Member m = elect(member(0, strict(3)), P1, P2, P3);
        m.raft.changeVoters(1, true, P3, 10_001); // waits for P3 to catch up
        m.raft.changeVoters(2, false, P2, 10_002);
        assertRefused(outcomes(m), 2, "another voter change is running");

        Member alone = elect(member(0, strict(1)));
        alone.raft.changeVoters(3, false, peer(0), 10_001);
        assertRefused(outcomes(alone), 3, "cannot remove the last voter");

        Member dyn = elect(member(0, dynamic()), P1);
        dyn.raft.changeVoters(4, true, P1, 10_001);
        assertRefused(outcomes(dyn), 4, "dynamic mode");
        assertTrue(dyn.raft.votingConfiguration().isEmpty());
    }

    @Test
    void aLeaderThatRemovesItselfStopsCountingItselfAndHandsOverOnceTheChangeCommits() {
        Member m = elect(member(0, strict(3)), P1, P2);
        m.raft.receive(P1, granted(1, 1, 0, 1), 10_001);
        m.raft.drainMessages();
        m.raft.changeVoters(9, false, peer(0), 10_002);
        assertEquals(set(P1, P2), m.raft.voters());
        m.flushAndDrain(10_003);
        m.raft.receive(P1, granted(1, 2, 1, 2), 10_004);
        assertTrue(outcomes(m).isEmpty(), "its own durable copy no longer counts: 1 of the 2 voters");
        assertEquals(Role.LEADER, m.raft.role(), "it manages the group until the change commits (§4.2.2)");
        m.raft.receive(P2, granted(1, 2, 1, 2), 10_005);
        assertInstanceOf(ClientOutcome.VotersChanged.class, outcomes(m).get(0));
        // Both voters hold the whole log: TimeoutNow to the first, and it steps down.
        assertEquals(Role.FOLLOWER, m.raft.role());
        assertTrue(m.raft.drainMessages().stream().anyMatch(o -> o.message() instanceof RaftMessage.TimeoutNow<?, ?, ?>
                && o.to().equals(P1)));
        m.raft.tick(60_000);
        assertFalse(m.raft.isPreCandidate(), "removed, and the removal committed: it never stands again");
    }

    @Test
    void aMemberRemovedByAnUncommittedEntryStillStandsButItsOwnVoteDoesNotCount() {
        // §4.2.2: the entry that removed it may not have reached the remaining voters; it may be needed.
        Member m = member(0, strict(4)); // founding voters 0, P1, P2, P3
        m.raft.receive(P1, ae(1, P1, Cursor.ZERO, null, List.of(start(1, 1, P1), cmd(2, 1, 5), conf(3, 1, P1, P2, P3)), 1), 100);
        m.flushAndDrain(100);
        m.raft.bondUp(P2, 200);
        m.raft.bondUp(P3, 200);
        m.raft.bondDown(P1, 200);
        m.raft.tick(60_000);
        assertTrue(m.raft.isPreCandidate(), "the removal is not known committed: it stands");
        m.raft.receive(P2, new RaftMessage.PreVoteResponse<>(Term.ONE, Term.of(2), Vote.GRANTED), 60_001);
        assertEquals(Role.FOLLOWER, m.raft.role(), "its own pre-vote does not count: 1 of 3");
        m.raft.receive(P3, new RaftMessage.PreVoteResponse<>(Term.ONE, Term.of(2), Vote.GRANTED), 60_001);
        assertEquals(Role.CANDIDATE, m.raft.role());
        assertTrue(m.raft.drainMessages().stream().anyMatch(o -> o.message() instanceof RequestVote<?, ?, ?>));
        m.raft.receive(P2, new RequestVoteResponse<>(m.raft.term(), Vote.GRANTED), 60_002);
        assertEquals(Role.CANDIDATE, m.raft.role(), "1 of the voters P1, P2, P3: its own vote does not count");
        m.raft.receive(P3, new RequestVoteResponse<>(m.raft.term(), Vote.GRANTED), 60_003);
        assertEquals(Role.LEADER, m.raft.role(), "2 of 3: it leads to finish the change");
    }

    private static void assertRefused(List<ClientOutcome<Long>> outcomes, long requestId, String reason) {
        assertEquals(1, outcomes.size(), outcomes.toString());
        var f = assertInstanceOf(ClientOutcome.Failed.class, outcomes.get(0));
        assertEquals(requestId, f.requestId());
        assertEquals(ClientOutcome.Failure.REFUSED, f.failure());
        assertTrue(f.detail().contains(reason), f.detail());
    }

    @SuppressWarnings("unused")
    private static final Set<Class<?>> USED = Set.of(Unit.class);
}
