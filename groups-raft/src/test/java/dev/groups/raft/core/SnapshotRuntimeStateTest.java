package dev.groups.raft.core;

import static dev.groups.raft.core.Harness.dynamic;
import static dev.groups.raft.core.Harness.member;
import static dev.groups.raft.core.Harness.of;
import static dev.groups.raft.core.Harness.peer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.groups.consensus.Role;
import dev.groups.id.Digest;
import dev.groups.id.GroupId;
import dev.groups.id.NetworkId;
import dev.groups.id.PeerId;
import dev.groups.id.UniqueId;
import dev.groups.log.Cursor;
import dev.groups.log.Index;
import dev.groups.log.IndexRange;
import dev.groups.log.LogEntry;
import dev.groups.log.LogPayload;
import dev.groups.log.Term;
import dev.groups.machine.ApplyContext;
import dev.groups.machine.Codec;
import dev.groups.machine.StateMachine;
import dev.groups.machine.Unit;
import dev.groups.raft.core.Harness.Counter;
import dev.groups.raft.core.Harness.Member;
import dev.groups.raft.core.RaftMessage.AppendEntries;
import dev.groups.raft.core.RaftMessage.AppendEntriesResponse;
import dev.groups.raft.core.RaftMessage.CommandAck;
import dev.groups.raft.core.RaftMessage.ForwardCommands;
import dev.groups.storage.HardState;
import dev.groups.storage.InMemoryLogStore;
import dev.groups.sync.LogReplaySync;
import dev.groups.sync.RuntimeState;
import dev.groups.sync.StateSync;
import dev.groups.sync.StateSyncProvider;
import dev.groups.sync.StateSyncSession;
import dev.groups.sync.SyncProviderContext;
import dev.groups.sync.SyncSessionContext;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * What the runtime keeps with a snapshot besides the machine ({@link RuntimeState}): the leader of the
 * anchor's term and the client-session table. A member that restarts from a pruned log gets both back
 * from its state sync; without them it would accept a same-term rival's entries (dynamic mode) and
 * append a retried forward a second time.
 */
class SnapshotRuntimeStateTest {
    private static final long SESSION = 777;
    private static final PeerId P1 = peer(1);

    /** A lone dynamic leader that applied one forwarded command (777, 1) at index 2 of term 1. */
    private static Member leaderThatAppliedAForward() {
        Member a = member(0, dynamic());
        Harness.stand(a.raft, 10_000);
        assertEquals(Role.LEADER, a.raft.role());
        a.raft.receive(P1, new ForwardCommands<>(1, SESSION, 1, List.of(3L), Term.ONE), 10_001);
        a.flushAndDrain(10_002);
        assertEquals(Cursor.of(1, 2), a.raft.committed());
        return a;
    }

    @Test
    void theRuntimeStateNamesTheTermsLeaderAndTheAppliedSessions() {
        RuntimeState state = leaderThatAppliedAForward().raft.runtimeState();
        assertEquals(Cursor.of(1, 2), state.position());
        assertEquals(Optional.of(peer(0)), state.termLeader());
        SessionTable table = new SessionTable();
        table.restore(state.clientSessions(), 2);
        assertEquals(2L, table.indexOf(SESSION, 1));
    }

    @Test
    void aRestartedLeaderDoesNotAppendARetryOfACommandInsideItsSnapshot() {
        RuntimeState state = leaderThatAppliedAForward().raft.runtimeState();

        Member restored = restartedFromPrunedLog(2, Optional.of(state));
        Harness.stand(restored.raft, 30_000);
        assertEquals(Role.LEADER, restored.raft.role());
        Term term = restored.raft.term();
        restored.raft.receive(P1, new ForwardCommands<>(2, SESSION, 1, List.of(3L), term), 30_001);
        List<CommandAck<Long, Unit, Long>> acks = of(restored.flushAndDrain(30_002), CommandAck.class);
        assertEquals(List.of(IndexRange.of(2, 2)), acks.stream().map(CommandAck::assigned).toList(),
                "the retry is told where the command already is");
        assertEquals(3, restored.log.last().index().value(), "only the new term's TermStart was appended");

        // Control: the same restart without the session table appends the command again.
        Member forgetful = restartedFromPrunedLog(3, Optional.empty());
        Harness.stand(forgetful.raft, 30_000);
        forgetful.raft.receive(P1, new ForwardCommands<>(2, SESSION, 1, List.of(3L), forgetful.raft.term()), 30_001);
        forgetful.flushAndDrain(30_002);
        assertEquals(4, forgetful.log.last().index().value(), "TermStart and a second copy of (777, 1)");
    }

    @Test
    void aRestartedFollowerTellsASameTermRivalFromTheLeaderItHadFollowed() {
        RuntimeState state = leaderThatAppliedAForward().raft.runtimeState(); // term 1 was led by peer 0
        Member restored = restartedFromPrunedLog(2, Optional.of(state));
        // A rival that also led term 1 (dynamic mode, another side of a partition) continues index 2.
        AppendEntries<Long, Unit, Long> rival = new AppendEntries<>(Term.ONE, P1, Cursor.of(1, 2), P1,
                List.of(new LogEntry<>(Index.of(3), Term.ONE, LogPayload.Command.untagged(9L))), Index.of(3), 1, false);
        restored.raft.receive(P1, rival, 30_000);
        AppendEntriesResponse<Long, Unit, Long> r = Harness.<AppendEntriesResponse<Long, Unit, Long>>of(
                restored.flushAndDrain(30_001), AppendEntriesResponse.class).get(0);
        assertEquals(Vote.DENIED, r.vote(), "its index 2 was peer 0's, not P1's: the logs do not match there");
        assertEquals(2, restored.log.last().index().value());

        // Without the term's leader, the pruned log cannot tell: it accepted the rival's entries.
        Member forgetful = restartedFromPrunedLog(3, Optional.empty());
        forgetful.raft.receive(P1, rival, 30_000);
        assertEquals(3, forgetful.log.last().index().value());
    }

    @Test
    void aRuntimeStateForAnotherPositionOrAMalformedTableIsRefused() {
        RuntimeState state = leaderThatAppliedAForward().raft.runtimeState();
        RuntimeState elsewhere = new RuntimeState(Cursor.of(1, 1), state.termLeader(), state.clientSessions());
        assertThrows(IllegalStateException.class, () -> restartedFromPrunedLog(2, Optional.of(elsewhere)));
        RuntimeState garbage = new RuntimeState(Cursor.of(1, 2), state.termLeader(), new byte[] {1, 0, 0, 0, 9});
        assertThrows(IllegalArgumentException.class, () -> restartedFromPrunedLog(2, Optional.of(garbage)));
    }

    @Test
    void theTableRoundTripsAndEvictsInTheOrderOfApplication() {
        SessionTable t = new SessionTable();
        for (long s = 1; s <= SessionTable.MAX_SESSIONS; s++) {
            t.applied(s, 1, s);
        }
        t.applied(1, 2, 5000); // session 1 is now the most recently applied
        t.applied(99_999, 1, 5001); // one too many: session 2, the least recently applied, goes
        assertEquals(SessionTable.MAX_SESSIONS, t.sessionCount());
        assertEquals(null, t.indexOf(2, 1));
        assertEquals(1L, t.indexOf(1, 1));

        SessionTable copy = new SessionTable();
        copy.restore(t.encode(), 5001);
        assertTrue(java.util.Arrays.equals(t.encode(), copy.encode()), "same content, same eviction order");
        copy.applied(123_456, 1, 5002);
        assertEquals(null, copy.indexOf(3, 1), "the copy evicts next what the original would");

        for (long q = 1; q <= SessionTable.WINDOW + 1; q++) {
            t.applied(7, q, 6000 + q);
        }
        assertEquals(null, t.indexOf(7, 1), "the oldest sequence leaves the window");
        assertEquals(6002L, t.indexOf(7, 2));
    }

    @Test
    void aMalformedTableLeavesTheTableAsItWas() {
        SessionTable t = new SessionTable();
        t.applied(5, 1, 10);
        byte[] good = t.encode();
        SessionTable target = new SessionTable();
        target.applied(9, 9, 9);
        byte[] before = target.encode();
        List<byte[]> bad = List.of(
                new byte[0],
                new byte[] {2, 0, 0, 0, 0},                                 // unknown format
                java.util.Arrays.copyOf(good, good.length - 1),               // truncated
                java.util.Arrays.copyOf(good, good.length + 1),               // trailing byte
                new byte[] {1, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff}); // negative count
        for (byte[] b : bad) {
            assertThrows(IllegalArgumentException.class, () -> target.restore(b, 100));
            assertTrue(java.util.Arrays.equals(before, target.encode()));
        }
        assertThrows(IllegalArgumentException.class, () -> target.restore(good, 9), "index 10 lies past position 9");
        assertFalse(target.indexOf(5, 1) != null);
    }

    /**
     * A member whose durable log was pruned to (1, 2) — only the offset's term is left — restarting with
     * a state sync that restores the machine there and hands back {@code state} (or nothing).
     */
    private static Member restartedFromPrunedLog(int seed, Optional<RuntimeState> state) {
        InMemoryLogStore<LogPayload<Long>> log = new InMemoryLogStore<>();
        log.resetTo(Cursor.of(1, 2));
        log.saveHardState(HardState.of(Term.ONE, null));
        Counter counter = new Counter();
        RestoringMachine machine = new RestoringMachine(counter, state);
        RaftNode<Long, Unit, Long> raft = new RaftNode<>(new RaftSetup<>(peer(2), new GroupId(Digest.of("g")),
                NetworkId.of("n"), dynamic(), machine, log, new SplittableRandom(seed)));
        raft.start(20_000);
        return new Member(raft, log, counter);
    }

    /** The counter, with a state sync that hands {@code state} back when the group starts. */
    private record RestoringMachine(Counter counter, Optional<RuntimeState> state) implements StateMachine<Long, Unit, Long> {
        @Override
        public UniqueId signature() {
            return counter.signature();
        }

        @Override
        public void apply(Long command, ApplyContext ctx) {
            counter.apply(command, ctx);
        }

        @Override
        public Long query(Unit query) {
            return counter.query(query);
        }

        @Override
        public void reset() {
            counter.reset();
        }

        @Override
        public StateSync<Long, ?> stateSync() {
            return restoring(new LogReplaySync<>(), state);
        }

        @Override
        public Codec<Long> commandCodec() {
            return counter.commandCodec();
        }

        @Override
        public Codec<Unit> queryCodec() {
            return counter.queryCodec();
        }

        @Override
        public Codec<Long> resultCodec() {
            return counter.resultCodec();
        }
    }

    private static <M> StateSync<Long, M> restoring(StateSync<Long, M> inner, Optional<RuntimeState> state) {
        return new StateSync<>() {
            @Override
            public UniqueId signature() {
                return inner.signature();
            }

            @Override
            public Codec<M> messageCodec() {
                return inner.messageCodec();
            }

            @Override
            public StateSyncProvider<M> createProvider(SyncProviderContext<Long, M> ctx) {
                state.ifPresent(ctx::restored);
                return inner.createProvider(ctx);
            }

            @Override
            public StateSyncSession<Long, M> createSession(SyncSessionContext<Long, M> ctx, Cursor position,
                                                           Index leaderCommit, List<LogEntry<LogPayload<Long>>> entries) {
                return inner.createSession(ctx, position, leaderCommit, entries);
            }
        };
    }
}
