package dev.groups.raft.core;

import dev.groups.consensus.Role;
import static dev.groups.raft.core.Drive.P1;
import static dev.groups.raft.core.Drive.P2;
import static dev.groups.raft.core.Drive.P3;
import static dev.groups.raft.core.Drive.ae;
import static dev.groups.raft.core.Drive.cmd;
import static dev.groups.raft.core.Drive.failures;
import static dev.groups.raft.core.Drive.start;
import static dev.groups.raft.core.Harness.dynamic;
import static dev.groups.raft.core.Harness.of;
import static dev.groups.raft.core.Harness.strict;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.groups.id.Digest;
import dev.groups.id.GroupId;
import dev.groups.id.NetworkId;
import dev.groups.log.Cursor;
import dev.groups.log.Index;
import dev.groups.log.IndexRange;
import dev.groups.log.LogPayload;
import dev.groups.log.Term;
import dev.groups.machine.Unit;
import dev.groups.raft.core.ClientOutcome.Failure;
import dev.groups.raft.core.RaftMessage.AppendEntries;
import dev.groups.raft.core.RaftMessage.AppendEntriesResponse;
import dev.groups.raft.core.RaftMessage.CommandAck;
import dev.groups.raft.core.RaftMessage.ForwardCommands;
import dev.groups.raft.core.RaftMessage.SyncMessage;
import dev.groups.raft.core.ScriptedSync.Batch;
import dev.groups.raft.core.ScriptedSync.Node;
import dev.groups.storage.InMemoryLogStore;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The core and its state sync ({@link SyncDriver}): what the provider is told (commits, pruning, the
 * context it may ask), how a catch-up session starts (an unconfirmed tail dropped first), what it buffers,
 * how it ends (its result checked against the leader's position), a snapshot install ending the pending
 * commits it covers, and the context of every applied batch.
 */
class RaftNodeSyncTest {
    private static final long SESSION_POLL = 100;

    private static SyncMessage<Long, Unit, Long> sync(String text) {
        return new SyncMessage<>(text.getBytes(StandardCharsets.UTF_8));
    }

    private static Node loneLeader() {
        Node n = new Node(dynamic(), new InMemoryLogStore<>());
        long t = n.raft.nextDeadline();
        Harness.stand(n.raft, t);
        assertEquals(Role.LEADER, n.raft.role());
        return n;
    }

    @Test
    void theProviderHearsOfCommitsAndPrunesWhereItAllowsKeepingTheNewestCommittedEntry() {
        Node n = loneLeader();
        ScriptedSync s = n.sync();
        assertEquals(List.of(), s.committed, "nothing committed yet: nothing to tell");
        n.flushAndDrain(6_000);
        assertEquals(Cursor.of(1, 1), s.committed.get(s.committed.size() - 1));
        assertFalse(s.committed.contains(Cursor.ZERO));
        s.pruneTo = Optional.of(Index.of(100));
        n.raft.propose(1, List.of(5L, 6L, 7L), false, 6_001); // 2..4
        n.flushAndDrain(6_001);
        assertEquals(Cursor.of(1, 4), s.committed.get(s.committed.size() - 1));
        assertEquals(IndexRange.of(3, 4), n.log.available(), "pruned up to 3: the newest committed entry stays");
        assertTrue(n.raft.needsFlush(), "the pruned log is flushed like any change");
        n.flushAndDrain(6_002);
        assertFalse(n.raft.needsFlush(), "nothing more to prune: the log is left alone");
        Harness.stand(n.raft, 6_003);
        assertFalse(n.raft.needsFlush());
        s.pruneTo = Optional.of(Index.of(2)); // below what is pruned already
        Harness.stand(n.raft, 6_004);
        assertFalse(n.raft.needsFlush());
        assertEquals(IndexRange.of(3, 4), n.log.available());
        assertEquals(List.of(5L, 6L, 7L), n.machine.batches.get(0).commands());
    }

    @Test
    void aRestartedMemberTellsTheProviderItsCommittedPositionAtOnce() {
        // Restarted over a log pruned at 4: what the prefix held is committed and in the (restored) state.
        InMemoryLogStore<LogPayload<Long>> log = Drive.termOneLog(6);
        log.prunePrefix(Index.of(4));
        Node n = new Node(strict(3), log);
        assertEquals(List.of(Cursor.of(1, 4)), n.sync().committed.stream().distinct().toList());
    }

    @Test
    void theProviderContextTellsWhoLeadsAndFeedsCommandsOnlyOnTheLeader() {
        Node n = new Node(dynamic(), new InMemoryLogStore<>());
        n.raft.bondUp(P1, 0);
        n.raft.receive(P1, ae(1, P1, Cursor.ZERO, null, List.of(start(1, 1, P1)), 1), 100);
        n.flushAndDrain(100);
        var ctx = n.sync().providerContext;
        assertFalse(ctx.isLeader());
        assertEquals(Optional.of(P1), ctx.leader());
        assertEquals(Harness.peer(0), ctx.localId());
        assertEquals(new GroupId(Digest.of("g")), ctx.groupId());
        assertEquals(NetworkId.of("n"), ctx.networkId());
        assertEquals(Cursor.of(1, 1), ctx.committed());
        assertEquals(n.log, ctx.log());
        assertEquals(java.util.Set.of(P1), ctx.bonds());
        assertEquals(Instant.ofEpochMilli(100), ctx.now());
        assertFalse(ctx.feedCommand(9L), "only a leader appends");
        assertEquals(Cursor.of(1, 1), n.log.last());
        assertTrue(n.sync().providerPolls > 0);

        Node leader = loneLeader();
        var lctx = leader.sync().providerContext;
        assertTrue(lctx.isLeader());
        assertEquals(Optional.of(Harness.peer(0)), lctx.leader());
        assertTrue(lctx.feedCommand(9L));
        assertEquals(LogPayload.Command.untagged(9L), leader.log.get(Index.of(2)).orElseThrow().command());
        leader.flushAndDrain(6_000);
        assertEquals(9L, leader.machine.total, "a fed command is committed and applied like any other");
    }

    @Test
    void syncMessagesGoOnlyToBondedPeersAndReachTheProviderOrTheSession() {
        Node n = new Node(dynamic(), new InMemoryLogStore<>());
        n.raft.bondUp(P1, 0);
        var ctx = n.sync().providerContext;
        ctx.send(P1, "provider:hello");
        ctx.send(P2, "provider:hello");
        List<Outgoing<Long, Unit, Long>> out = n.raft.drainMessages();
        assertEquals(1, out.size(), "P2 is not bonded");
        assertEquals(P1, out.get(0).to());
        n.raft.receive(P1, sync("provider:hi"), 10);
        assertEquals(List.of("provider:hi"), n.sync().providerMessages);
        n.raft.receive(P1, sync("stray"), 10); // no session: dropped
        assertEquals(List.of("provider:hi"), n.sync().providerMessages);
    }

    /** Strict follower of P1 (1..3 of term 1, 1 committed): a tail past the commit index no leader confirmed. */
    private static Node withUnconfirmedTail() {
        Node n = new Node(strict(3), new InMemoryLogStore<>());
        n.raft.bondUp(P1, 0);
        n.raft.bondUp(P2, 0);
        n.raft.receive(P1, ae(1, P1, Cursor.ZERO, null, List.of(start(1, 1, P1), cmd(2, 1, 5), cmd(3, 1, 6)), 1), 100);
        n.flushAndDrain(100);
        return n;
    }

    /** Strict follower of P1 holding only its committed TermStart; P2 of term 2 asks it to catch up to (2, 10). */
    private static Node catchingUp() {
        Node n = new Node(strict(3), new InMemoryLogStore<>());
        n.raft.bondUp(P1, 0);
        n.raft.bondUp(P2, 0);
        n.raft.receive(P1, ae(1, P1, Cursor.ZERO, null, List.of(start(1, 1, P1)), 1), 100);
        n.flushAndDrain(100);
        n.raft.receive(P2, new AppendEntries<>(Term.of(2), P2, Cursor.of(2, 10), P2, List.of(), Index.of(8), 5, true),
                200);
        return n;
    }

    @Test
    void aCatchUpStartsASessionFromTheLogsEnd() {
        Node n = catchingUp();
        assertTrue(n.raft.isCatchingUp());
        assertEquals(Cursor.of(1, 1), n.log.last());
        ScriptedSync.Session s = n.sync().session();
        assertEquals(Cursor.of(2, 10), s.position);
        assertEquals(Index.of(8), s.leaderCommit);
        assertEquals(P2, s.context.leader());
        List<AppendEntriesResponse<Long, Unit, Long>> r = Drive.to(n.raft.drainMessages(), P2,
                AppendEntriesResponse.class);
        assertEquals(List.of(new AppendEntriesResponse<Long, Unit, Long>(Term.of(2), Vote.ABSTAINED, Index.ONE,
                Index.of(10), 5, false, false)), r, "out of the quorum while it catches up");
        assertEquals(200 + SESSION_POLL, n.raft.nextDeadline(), "a live session is polled");
    }

    @Test
    void aCatchUpOverAnUnconfirmedTailFirstAsksTheLeaderToStreamItAndNeverDropsIt() {
        // 2..3 came from P1 and P2 never confirmed them, but we may have acknowledged them to P1 and they
        // may be committed: dropping them could let a candidate without them win with our vote (seed 685 of
        // --mode strict --snapshots). Only a known conflict may go (Raft §5.3).
        Node n = withUnconfirmedTail();
        AppendEntries<Long, Unit, Long> catchUp = new AppendEntries<>(Term.of(2), P2, Cursor.of(2, 10), P2, List.of(),
                Index.of(8), 5, true);
        n.raft.receive(P2, catchUp, 200);
        assertFalse(n.raft.isCatchingUp());
        assertEquals(Cursor.of(1, 3), n.log.last(), "nothing dropped");
        assertEquals(List.of(new AppendEntriesResponse<Long, Unit, Long>(Term.of(2), Vote.DENIED, Index.of(2),
                Index.of(10), 5, false, true)), Drive.to(n.raft.drainMessages(), P2, AppendEntriesResponse.class),
                "stream from past the commit index (a conflict: no catch-up until it holds the leader's log)");
        // The leader asks again with our log unchanged: it could not stream (it pruned those entries).
        n.raft.receive(P2, new AppendEntries<>(Term.of(2), P2, Cursor.of(2, 10), P2, List.of(), Index.of(8), 6, true), 300);
        assertTrue(n.raft.isCatchingUp(), "then the session goes ahead");
        assertEquals(Cursor.of(1, 3), n.log.last(), "still nothing dropped");
    }

    @Test
    void aCatchUpNamingAConflictingEntryDropsItAndWhatFollows() {
        Node n = withUnconfirmedTail();
        // P2's entry 3 is of term 2: ours (term 1) conflicts, so it and all after it are uncommitted.
        n.raft.receive(P2, new AppendEntries<>(Term.of(2), P2, Cursor.of(2, 3), P2, List.of(), Index.of(1), 5, true), 200);
        assertEquals(Cursor.of(1, 2), n.log.last());
    }

    @Test
    void aCatchUpWithNothingUnconfirmedTruncatesNothing() {
        Node n = new Node(strict(3), new InMemoryLogStore<>());
        n.raft.receive(P1, ae(1, P1, Cursor.ZERO, null, List.of(start(1, 1, P1)), 1), 100);
        n.flushAndDrain(100);
        n.raft.receive(P2, new AppendEntries<>(Term.of(2), P2, Cursor.of(2, 10), P2, List.of(), Index.of(8), 5, true),
                200);
        assertTrue(n.raft.isCatchingUp());
        assertEquals(Cursor.of(1, 1), n.log.last(), "the committed entry stays");
    }

    @Test
    void duringASessionEntriesAreBufferedAndNoElectionStarts() {
        Node n = catchingUp();
        n.flushAndDrain(200);
        n.raft.receive(P2, new AppendEntries<>(Term.of(2), P2, Cursor.of(2, 10), P2, List.of(), Index.of(8), 6, false),
                300);
        assertEquals(List.of(Cursor.of(2, 10)), n.sync().session().buffered);
        List<AppendEntriesResponse<Long, Unit, Long>> r = Drive.to(n.raft.drainMessages(), P2,
                AppendEntriesResponse.class);
        assertEquals(Vote.ABSTAINED, r.get(0).vote());
        // While the leader keeps speaking (a heartbeat every second), a member catching up never stands.
        long t = 300;
        for (int i = 0; i < 10; i++) {
            t += 1_000;
            n.raft.receive(P2, new AppendEntries<>(Term.of(2), P2, Cursor.of(2, 10), P2, List.of(), Index.of(8), 7 + i,
                    true), t);
            n.raft.tick(t + 1);
            assertFalse(n.raft.isPreCandidate(), "a member catching up from a live leader does not stand");
        }
        assertEquals(Role.FOLLOWER, n.raft.role());
        assertTrue(n.raft.isCatchingUp());
    }

    @Test
    void aSessionWhoseLeaderFellSilentForAnElectionTimeoutEndsAndTheMemberMayStand() {
        // The leader it catches up from is gone for good: without this the member, perhaps holding the
        // longest log, never stood again (simulator, seed 316 of --mode dynamic --schedule wiped-disk-new-id).
        Node n = catchingUp();
        n.flushAndDrain(200);
        n.raft.tick(200 + longestElectionTimeout() + 1);
        assertFalse(n.raft.isCatchingUp(), "the session ended");
        assertTrue(n.raft.isPreCandidate(), "and the member asks for pre-votes");
    }

    private static long longestElectionTimeout() {
        return dev.groups.consensus.ConsensusConfig.DEFAULT_ELECTION_TIMEOUT.plus(
                dev.groups.consensus.ConsensusConfig.DEFAULT_ELECTION_TIMEOUT_JITTER).toMillis();
    }

    @Test
    void aSessionThatReachesTheLeadersPositionConfirmsTheLog() {
        Node n = catchingUp();
        n.flushAndDrain(200);
        n.sync().onSessionMessage = ctx -> {
            ctx.log().append(new LogPayload.TermStart<>(P2), Term.of(2));
            for (int i = 3; i <= 10; i++) {
                ctx.log().append(LogPayload.Command.untagged((long) i), Term.of(2));
            }
        };
        n.raft.receive(P3, sync("entries"), 300);
        assertEquals(Cursor.of(2, 10), n.log.last());
        assertTrue(n.raft.needsFlush(), "what the session appended is acknowledged only once durable");
        n.flushAndDrain(300);
        n.sync().finishWith = Optional.of(Cursor.of(2, 10));
        Harness.stand(n.raft, 300 + SESSION_POLL);
        assertFalse(n.raft.isCatchingUp());
        n.flushAndDrain(400);
        n.raft.receive(P2, new AppendEntries<>(Term.of(2), P2, Cursor.of(2, 10), P2, List.of(), Index.of(8), 7, false),
                500);
        List<AppendEntriesResponse<Long, Unit, Long>> r = Drive.to(n.raft.drainMessages(), P2,
                AppendEntriesResponse.class);
        assertEquals(List.of(new AppendEntriesResponse<Long, Unit, Long>(Term.of(2), Vote.GRANTED, Index.of(10),
                Index.of(10), 7, false, false)), r);
        assertEquals(Index.of(8), n.raft.commitIndex());
    }

    @Test
    void aSessionThatServedAHistoryTheLeaderDoesNotHaveIsDropped() {
        // Term 2's entries came from P3's log (a rival of term 2 in a partition), not P2's.
        Node n = catchingUp();
        n.flushAndDrain(200);
        n.sync().onSessionPoll = ctx -> {
            if (ctx.log().last().index().value() < 10) {
                ctx.log().append(new LogPayload.TermStart<>(P3), Term.of(2));
                for (int i = 3; i <= 10; i++) {
                    ctx.log().append(LogPayload.Command.untagged((long) i), Term.of(2));
                }
            }
        };
        Harness.stand(n.raft, 200 + SESSION_POLL);
        assertEquals(Cursor.of(2, 10), n.log.last());
        assertTrue(n.raft.needsFlush(), "appended while polled: flushed before it is acknowledged");
        n.sync().finishWith = Optional.of(Cursor.of(2, 10));
        Harness.stand(n.raft, 200 + 2 * SESSION_POLL);
        assertFalse(n.raft.isCatchingUp());
        assertEquals(Cursor.of(2, 9), n.log.last(),
                "the target entry is known to conflict (another leader's): it goes; the leader's probing finds the rest");
    }

    @Test
    void aSessionThatEndsAnywhereButTheLogsEndIsABug() {
        Node n = catchingUp();
        n.sync().finishWith = Optional.of(Cursor.of(2, 10));
        assertThrows(IllegalStateException.class, () -> Harness.stand(n.raft, 200 + SESSION_POLL));
    }

    @Test
    void aNewTermEndsTheSession() {
        Node n = catchingUp();
        n.flushAndDrain(200);
        n.raft.receive(P3, ae(3, P3, Cursor.of(1, 1), P1, List.of(start(2, 3, P3)), 1, 9), 300);
        assertFalse(n.raft.isCatchingUp(), "a session of term 2 is worthless in term 3");
        n.flushAndDrain(300);
        assertEquals(Cursor.of(3, 2), n.log.last());
        assertTrue(n.sync().session().buffered.isEmpty());
    }

    @Test
    void aSnapshotInstallEndsThePendingCommitsItMayCoverAsUnknown() {
        Node n = new Node(strict(3), new InMemoryLogStore<>());
        n.raft.bondUp(P1, 0);
        n.raft.bondUp(P2, 0);
        n.raft.receive(P1, ae(1, P1, Cursor.ZERO, null, List.of(start(1, 1, P1)), 1), 100);
        n.flushAndDrain(100);
        n.raft.propose(1, List.of(5L), true, 110);
        ForwardCommands<Long, Unit, Long> f = Harness.<ForwardCommands<Long, Unit, Long>>of(n.raft.drainMessages(),
                ForwardCommands.class).get(0);
        n.raft.receive(P1, new CommandAck<>(f.requestId(), IndexRange.of(2, 2)), 120);
        n.raft.drainOutcomes();
        n.raft.receive(P2, new AppendEntries<>(Term.of(2), P2, Cursor.of(2, 10), P2, List.of(), Index.of(10), 5, true),
                200);
        n.flushAndDrain(200);
        n.sync().onSessionMessage = ctx -> {
            ctx.log().resetTo(Cursor.of(2, 10));
            ctx.setCommitted(Cursor.of(2, 10), Optional.of(P2));
        };
        n.raft.receive(P3, sync("snapshot"), 300);
        assertEquals(Cursor.of(2, 10), n.raft.committed());
        ClientOutcome.Failed<Long> failed = failures(n.raft.drainOutcomes()).get(1L);
        assertEquals(Failure.UNKNOWN, failed.failure(), "its entry may be inside the snapshot");
        assertTrue(failed.detail().contains("snapshot"), failed.detail());
        Harness.stand(n.raft, 110 + 10 * dev.groups.consensus.ConsensusConfig.DEFAULT_FORWARD_TIMEOUT.toMillis());
        assertTrue(n.raft.drainOutcomes().stream().noneMatch(o -> o.requestId() == 1), "ended once");
    }

    @Test
    void theProviderHearsOfASnapshotInstalledWhilePolledInTheSameEvent() {
        Node n = catchingUp();
        n.flushAndDrain(200);
        n.sync().onSessionPoll = ctx -> {
            if (ctx.committed().index().value() < 10) {
                ctx.log().resetTo(Cursor.of(2, 10));
                ctx.setCommitted(Cursor.of(2, 10), Optional.of(P2));
            }
        };
        Harness.stand(n.raft, 200 + SESSION_POLL);
        assertEquals(Cursor.of(2, 10), n.raft.committed());
        assertEquals(Cursor.of(2, 10), n.sync().committed.get(n.sync().committed.size() - 1));
    }

    @Test
    void aSnapshotInstallRecordsWhoLedItsTermEvenIfTheSessionIsDroppedBeforeItEnds() {
        // Installed up to (2, 10), a term P2 led; then term 3 drops the session. P3's log holds P2's (2, 10):
        // log matching on (term, leader, index) must see that our (2, 10) is the same entry.
        Node n = catchingUp();
        n.flushAndDrain(200);
        n.sync().onSessionMessage = ctx -> {
            ctx.log().resetTo(Cursor.of(2, 10));
            ctx.setCommitted(Cursor.of(2, 10), Optional.of(P2));
        };
        n.raft.receive(P3, sync("snapshot"), 300);
        n.flushAndDrain(300);
        n.raft.receive(P3, new AppendEntries<>(Term.of(3), P3, Cursor.of(2, 10), P2, List.of(), Index.of(10), 4, false),
                400);
        assertFalse(n.raft.isCatchingUp());
        List<AppendEntriesResponse<Long, Unit, Long>> r = Drive.to(n.flushAndDrain(400), P3,
                AppendEntriesResponse.class);
        assertEquals(List.of(new AppendEntriesResponse<Long, Unit, Long>(Term.of(3), Vote.GRANTED, Index.of(10),
                Index.of(10), 4, false, false)), r);
    }

    @Test
    void aSnapshotInstalledWithoutItsTermsLeaderStillCommitsTheState() {
        Node n = catchingUp();
        n.flushAndDrain(200);
        n.sync().onSessionMessage = ctx -> {
            ctx.log().resetTo(Cursor.of(2, 10));
            ctx.setCommitted(Cursor.of(2, 10));
        };
        n.raft.receive(P3, sync("snapshot"), 300);
        assertEquals(Cursor.of(2, 10), n.raft.committed());
        assertEquals(Index.of(10), n.raft.commitIndex());
        n.sync().onSessionMessage = ctx -> ctx.setCommitted(Cursor.of(3, 10));
        assertThrows(IllegalStateException.class, () -> n.raft.receive(P3, sync("wrong"), 310),
                "a position the log does not hold");
    }

    @Test
    void everyAppliedBatchHoldsCommandsOfOneTermWithItsContext() {
        Node n = new Node(dynamic(), new InMemoryLogStore<>());
        n.raft.receive(P2, ae(2, P2, Cursor.ZERO, null,
                List.of(start(1, 1, P1), cmd(2, 1, 5), cmd(3, 1, 6), start(4, 2, P2), cmd(5, 2, 7)), 5), 100);
        GroupId g = new GroupId(Digest.of("g"));
        NetworkId net = NetworkId.of("n");
        assertEquals(List.of(
                new Batch(List.of(5L, 6L), Term.ONE, Cursor.of(1, 1), Cursor.of(2, 5), g, net),
                new Batch(List.of(7L), Term.of(2), Cursor.of(2, 4), Cursor.of(2, 5), g, net)), n.machine.batches);
        assertEquals(Cursor.of(2, 5), n.raft.committed());
    }
}
