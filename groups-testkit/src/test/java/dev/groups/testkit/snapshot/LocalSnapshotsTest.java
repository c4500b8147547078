package dev.groups.testkit.snapshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.groups.id.PeerId;
import dev.groups.log.Cursor;
import dev.groups.log.Index;
import dev.groups.log.LogPayload;
import dev.groups.log.Term;
import dev.groups.machine.CodecException;
import dev.groups.storage.InMemoryLogStore;
import dev.groups.sync.RuntimeState;
import dev.groups.testkit.kv.KvCommand;
import dev.groups.testkit.kv.KvQuery;
import dev.groups.testkit.kv.KvResult;
import dev.groups.testkit.kv.KvStateMachine;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a member keeps: the newest two snapshots, prune points that are anchors, recovery from a store. */
class LocalSnapshotsTest {
    private static final PeerId LEADER = PeerId.fromBytes(new byte[32]);

    /** A store in a map. */
    private static final class MapStore implements SnapshotStore {
        final Map<Cursor, byte[]> saved = new HashMap<>();

        @Override
        public void save(Cursor anchor, byte[] snapshot) {
            saved.put(anchor, snapshot.clone());
        }

        @Override
        public Optional<byte[]> load(Cursor anchor) {
            return Optional.ofNullable(saved.get(anchor)).map(byte[]::clone);
        }
    }

    private static void put(KvStateMachine m, String key, long value) {
        m.apply(new KvCommand.Put(key, value), null);
    }

    /** A log of {@code n} entries of term 1, started by {@link #LEADER}. */
    private static InMemoryLogStore<LogPayload<KvCommand>> log(int n) {
        InMemoryLogStore<LogPayload<KvCommand>> log = new InMemoryLogStore<>();
        log.append(new LogPayload.TermStart<>(LEADER), Term.ONE);
        for (int i = 2; i <= n; i++) {
            log.append(LogPayload.Command.untagged(new KvCommand.Put("k", i)), Term.ONE);
        }
        return log;
    }

    @Test
    void keepsTheTwoNewestAndPrunesOnlyToAnAnchorBeforeTheCommittedIndex() {
        KvStateMachine machine = new KvStateMachine();
        MapStore store = new MapStore();
        LocalSnapshots local = new LocalSnapshots(machine, Optional.of(store));
        for (int at : new int[] {10, 30, 20}) {
            put(machine, "k", at);
            local.take(Cursor.of(1, at), Optional.of(LEADER), state(Cursor.of(1, at)));
        }
        assertEquals(List.of(30L, 20L), local.infos().stream().map(i -> i.anchor().index().value()).toList());
        assertEquals(3, store.saved.size(), "every snapshot is saved before the log can move to it");
        assertEquals(Optional.of(Index.of(20)), local.pruneable(Cursor.of(1, 30)), "30 is not before committed 30");
        assertEquals(Optional.of(Index.of(30)), local.pruneable(Cursor.of(1, 31)));
        assertEquals(Optional.empty(), local.pruneable(Cursor.of(1, 20)));
        assertEquals(3, local.taken());
    }

    @Test
    void forgetsSnapshotsItsHistoryNoLongerContains() {
        KvStateMachine machine = new KvStateMachine();
        LocalSnapshots local = new LocalSnapshots(machine, Optional.empty());
        InMemoryLogStore<LogPayload<KvCommand>> log = log(40);
        local.take(Cursor.of(1, 20), Optional.of(LEADER), state(Cursor.of(1, 20)));
        local.take(Cursor.of(1, 30), Optional.of(LEADER), state(Cursor.of(1, 30)));
        local.retainValid(Cursor.of(1, 40), log);
        assertEquals(2, local.infos().size(), "both anchors are still in the log with their term and leader");
        local.retainValid(Cursor.of(1, 25), log);
        assertEquals(List.of(Cursor.of(1, 20)), local.infos().stream().map(i -> i.anchor()).toList(),
                "a snapshot past the committed position is gone (the state went back)");
        log.truncate(Index.of(15));
        log.append(new LogPayload.TermStart<>(PeerId.fromBytes(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13,
                14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32})), Term.of(2));
        for (int i = 16; i <= 25; i++) {
            log.append(LogPayload.Command.untagged(new KvCommand.Delete("k")), Term.of(2));
        }
        local.retainValid(Cursor.of(2, 25), log);
        assertTrue(local.infos().isEmpty(), "its anchor entry now has another term");
    }

    @Test
    void recoversTheMachineFromTheStoreAtTheLogsOffset() {
        MapStore store = new MapStore();
        KvStateMachine before = new KvStateMachine();
        put(before, "a", 1);
        put(before, "b", 2);
        RuntimeState taken = new RuntimeState(Cursor.of(4, 77), Optional.of(LEADER), SESSIONS);
        new LocalSnapshots(before, Optional.of(store)).take(Cursor.of(4, 77), Optional.empty(), taken);

        KvStateMachine after = new KvStateMachine();
        LocalSnapshots restarted = new LocalSnapshots(after, Optional.of(store));
        assertEquals(Optional.of(taken), restarted.recover(Cursor.of(4, 77)),
                "the runtime gets back the term's leader and the client-session table taken with the state");
        assertEquals(before.contents(), after.contents());
        assertEquals(Cursor.of(4, 77), restarted.newest().orElseThrow().anchor(), "and serves it");
        assertArrayEquals(before.snapshot(),
                SnapshotEnvelope.decode(Cursor.of(4, 77), restarted.newest().orElseThrow().bytes()).machine());
        assertEquals(Optional.of(LEADER), restarted.newest().orElseThrow().info().anchorLeader());

        KvStateMachine fresh = new KvStateMachine();
        LocalSnapshots other = new LocalSnapshots(fresh, Optional.of(store));
        assertThrows(IllegalStateException.class, () -> other.recover(Cursor.of(5, 77)),
                "a snapshot of another term is not this offset's: refuse to run without the prefix");
        assertTrue(fresh.contents().isEmpty());
        new LocalSnapshots(fresh, Optional.empty()).recover(Cursor.of(5, 77)); // no store: a volatile log's business
        new LocalSnapshots(fresh, Optional.of(store)).recover(Cursor.ZERO); // nothing pruned: nothing to restore
        assertTrue(fresh.contents().isEmpty());
    }

    @Test
    void aRefusedRestoreLeavesTheMachineAsItWas() {
        KvStateMachine machine = new KvStateMachine();
        put(machine, "x", 9);
        LocalSnapshots local = new LocalSnapshots(machine, Optional.empty());
        Snapshot garbage = Snapshot.of(Cursor.of(1, 5), new byte[] {0, 0, 0, 1, 0}, Optional.empty());
        assertThrows(CodecException.class, () -> local.restore(garbage));
        assertEquals(new KvResult.Value(9), machine.query(new KvQuery("x")));
        byte[] badMachine = SnapshotEnvelope.encode(state(Cursor.of(1, 5)), new byte[] {0, 0, 0, 1, 0});
        assertThrows(CodecException.class, () -> local.restore(Snapshot.of(Cursor.of(1, 5), badMachine, Optional.empty())),
                "a well-formed envelope around a state the machine refuses");
        assertEquals(new KvResult.Value(9), machine.query(new KvQuery("x")));
    }

    @Test
    void anInstalledSnapshotHandsBackTheRuntimeStateItWasTakenWith() {
        KvStateMachine source = new KvStateMachine();
        put(source, "k", 5);
        LocalSnapshots serving = new LocalSnapshots(source, Optional.empty());
        serving.take(Cursor.of(3, 40), Optional.empty(), new RuntimeState(Cursor.of(3, 40), Optional.of(LEADER), SESSIONS));
        Snapshot s = serving.newest().orElseThrow();
        assertEquals(Optional.of(LEADER), s.info().anchorLeader(), "the runtime's leader when the log has no TermStart");

        KvStateMachine target = new KvStateMachine();
        RuntimeState back = new LocalSnapshots(target, Optional.empty()).restore(s);
        assertEquals(new RuntimeState(Cursor.of(3, 40), Optional.of(LEADER), SESSIONS), back);
        assertEquals(source.contents(), target.contents());
        assertThrows(IllegalArgumentException.class, () -> serving.take(Cursor.of(3, 41), Optional.empty(),
                state(Cursor.of(3, 40))), "a runtime state taken at another position");
    }

    /** An empty client-session table as the runtime encodes it (format 1, no sessions). */
    private static final byte[] SESSIONS = {1, 0};

    private static RuntimeState state(Cursor at) {
        return new RuntimeState(at, Optional.empty(), SESSIONS);
    }
}
