package dev.groups.testkit.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.groups.id.NodeIdentity;
import dev.groups.id.PeerId;
import dev.groups.log.Cursor;
import dev.groups.log.Index;
import dev.groups.log.IndexRange;
import dev.groups.log.LogEntry;
import dev.groups.log.Term;
import dev.groups.storage.HardState;
import dev.groups.storage.Storage;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link Storage} contract (spec §6 plus hard state), as a JUnit 5 suite a log-store author
 * extends: implement {@link #open()} (a new, empty store) and, for a persistent store,
 * {@link #reopen(Storage)} (close and open the same location again). Every case then also runs
 * across a reopen, which checks that flushed state survives.
 *
 * <p>Entries are strings; the cases of the spec use terms 1 and 2 and values {@code "v" + i*10}.
 */
public abstract class StorageContract {
    private Storage<String> store;

    /** A new, empty store. */
    protected abstract Storage<String> open();

    /**
     * Flushes, closes and reopens {@code store} at the same location. The default returns the same
     * store (for stores that do not persist); persistent stores must override it.
     */
    protected Storage<String> reopen(Storage<String> store) {
        return store;
    }

    /** The store under test, opened on first use. */
    protected final Storage<String> store() {
        if (store == null) {
            store = open();
        }
        return store;
    }

    /** Flushes and reopens the store under test (a no-op for non-persistent stores). */
    protected final Storage<String> cycle() {
        store().flush();
        store = reopen(store);
        return store;
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    private Storage<String> withEntries(int n) {
        Storage<String> s = store();
        for (int i = 1; i <= n; i++) {
            assertEquals(Index.of(i), s.append("v" + i * 10, Term.ONE));
        }
        return cycle();
    }

    private static String value(Storage<String> s, long i) {
        return s.get(Index.of(i)).map(LogEntry::command).orElse(null);
    }

    @Test
    void emptyLogHasOnlyTheSentinel() {
        Storage<String> s = store();
        assertEquals(Cursor.ZERO, s.last());
        assertEquals(IndexRange.of(0, 0), s.available());
        assertTrue(s.retrievable().isEmpty());
        assertEquals(Optional.of(Term.ZERO), s.termAt(Index.ZERO));
        assertEquals(Optional.empty(), s.termAt(Index.ONE));
        assertEquals(Optional.empty(), s.get(Index.ZERO));
        assertEquals(Optional.empty(), s.get(Index.ONE));
        assertEquals(List.of(), s.getRange(IndexRange.of(0, 10)));
        assertEquals(HardState.INITIAL, s.hardState());
    }

    @Test
    void appendAssignsConsecutiveIndicesAndLastFollows() {
        Storage<String> s = store();
        assertEquals(Index.ONE, s.append("a", Term.ONE));
        assertEquals(Index.of(2), s.append("b", Term.ONE));
        assertEquals(Index.of(3), s.append("c", Term.of(2)));
        s = cycle();
        assertEquals(Cursor.of(2, 3), s.last());
        assertEquals(IndexRange.of(0, 3), s.available());
        assertEquals(Optional.of(new LogEntry<>(Index.of(2), Term.ONE, "b")), s.get(Index.of(2)));
        assertEquals(Optional.of(Term.of(2)), s.termAt(Index.of(3)));
        assertEquals(Optional.empty(), s.termAt(Index.of(4)));
        assertEquals(Optional.empty(), s.get(Index.of(4)));
    }

    @Test
    void getRangeClampsAndKeepsOrder() {
        Storage<String> s = withEntries(5);
        assertEquals(List.of("v20", "v30", "v40"), commands(s.getRange(IndexRange.of(2, 4))));
        assertEquals(List.of("v10", "v20"), commands(s.getRange(IndexRange.of(0, 2))));
        assertEquals(List.of("v40", "v50"), commands(s.getRange(IndexRange.of(4, 100))));
        assertEquals(List.of(), s.getRange(IndexRange.of(6, 9)));
        assertEquals(List.of(), s.getRange(IndexRange.of(4, 3)));
        LogEntry<String> e = s.getRange(IndexRange.of(3, 3)).get(0);
        assertEquals(new LogEntry<>(Index.of(3), Term.ONE, "v30"), e);
    }

    @Test
    void truncateRemovesTheSuffixFromTheGivenIndex() {
        Storage<String> s = withEntries(5);
        s.truncate(Index.of(3));
        s = cycle();
        assertEquals(Cursor.of(1, 2), s.last());
        assertEquals(Optional.empty(), s.get(Index.of(3)));
        assertEquals(Index.of(3), s.append("x", Term.of(2)));
        s = cycle();
        assertEquals(Cursor.of(2, 3), s.last());
        assertEquals("x", value(s, 3));
    }

    @Test
    void truncateBeyondTheEndDoesNothing() {
        Storage<String> s = withEntries(3);
        s.truncate(Index.of(4));
        s.truncate(Index.of(100));
        s = cycle();
        assertEquals(Cursor.of(1, 3), s.last());
    }

    @Test
    void truncateEverything() {
        Storage<String> s = withEntries(3);
        s.truncate(Index.ONE);
        s = cycle();
        assertEquals(Cursor.ZERO, s.last());
        assertEquals(Index.ONE, s.append("again", Term.of(3)));
    }

    @Test
    void prunePrefixBasic() {
        Storage<String> s = withEntries(5);
        s.prunePrefix(Index.of(2));
        s = cycle();
        assertEquals(IndexRange.of(2, 5), s.available(), "the start is the last pruned index (exclusive)");
        assertEquals(IndexRange.of(3, 5), s.retrievable());
        assertEquals(null, value(s, 1));
        assertEquals(null, value(s, 2));
        assertEquals("v30", value(s, 3));
        assertEquals("v40", value(s, 4));
        assertEquals("v50", value(s, 5));
        assertEquals(Optional.of(Term.ONE), s.termAt(Index.of(2)), "the offset's term stays known");
        assertEquals(Optional.empty(), s.termAt(Index.ONE));
        assertEquals(Optional.of(Term.ZERO), s.termAt(Index.ZERO));
    }

    @Test
    void prunePrefixLeavesLastUnchanged() {
        Storage<String> s = withEntries(5);
        Cursor before = s.last();
        s.prunePrefix(Index.of(3));
        assertEquals(before, cycle().last());
    }

    @Test
    void prunePrefixThenAppendContinuesTheNumbering() {
        Storage<String> s = withEntries(3);
        s.prunePrefix(Index.of(2));
        assertEquals(Index.of(4), s.append("v40", Term.of(2)));
        s = cycle();
        assertEquals(Cursor.of(2, 4), s.last());
    }

    @Test
    void prunePrefixGetRangeClampsToTheBoundary() {
        Storage<String> s = withEntries(5);
        s.prunePrefix(Index.of(2));
        s = cycle();
        assertEquals(List.of("v30", "v40"), commands(s.getRange(IndexRange.of(1, 4))));
        assertEquals(List.of(), s.getRange(IndexRange.of(1, 2)));
    }

    @Test
    void prunePrefixThenTruncate() {
        Storage<String> s = withEntries(5);
        s.prunePrefix(Index.of(2));
        s.truncate(Index.of(5));
        s = cycle();
        assertEquals(Cursor.of(1, 4), s.last());
    }

    @Test
    void prunePrefixIsIdempotentAndNeverGoesBack() {
        Storage<String> s = withEntries(5);
        s.prunePrefix(Index.of(3));
        s.prunePrefix(Index.of(3));
        s.prunePrefix(Index.of(1));
        s = cycle();
        assertEquals(IndexRange.of(3, 5), s.available());
        assertEquals("v40", value(s, 4));
    }

    @Test
    void prunePrefixOfEveryEntry() {
        Storage<String> s = withEntries(3);
        s.prunePrefix(Index.of(3));
        s = cycle();
        assertEquals(Cursor.of(1, 3), s.last(), "last is kept");
        assertEquals(IndexRange.of(3, 3), s.available());
        assertTrue(s.retrievable().isEmpty());
        assertEquals(Index.of(4), s.append("v40", Term.ONE));
    }

    @Test
    void prunePrefixPastTheEndPrunesEverything() {
        Storage<String> s = withEntries(3);
        s.prunePrefix(Index.of(10));
        s = cycle();
        assertEquals(Cursor.of(1, 3), s.last());
        assertEquals(IndexRange.of(3, 3), s.available());
        assertEquals(Index.of(4), s.append("v40", Term.ONE));
    }

    @Test
    void prunePrefixZeroIsANoOp() {
        Storage<String> s = withEntries(3);
        s.prunePrefix(Index.ZERO);
        s = cycle();
        assertEquals(IndexRange.of(0, 3), s.available());
        assertEquals("v10", value(s, 1));
    }

    @Test
    void truncateAtThePrunedBoundaryClearsWhatRemains() {
        Storage<String> s = withEntries(5);
        s.prunePrefix(Index.of(2));
        s.truncate(Index.of(2));
        s = cycle();
        assertEquals(Cursor.of(1, 2), s.last(), "last falls back to the last pruned cursor");
        assertEquals(IndexRange.of(2, 2), s.available());
        assertEquals(Optional.of(Term.ONE), s.termAt(Index.of(2)));
        assertEquals(Index.of(3), s.append("x", Term.of(2)));
    }

    @Test
    void truncateBelowThePrunedBoundaryAlsoKeepsTheOffset() {
        Storage<String> s = withEntries(5);
        s.prunePrefix(Index.of(3));
        s.truncate(Index.ONE);
        s = cycle();
        assertEquals(Cursor.of(1, 3), s.last());
        assertEquals(Index.of(4), s.append("x", Term.of(2)));
    }

    @Test
    void resetToMakesTheCursorTheNewBase() {
        Storage<String> s = withEntries(5);
        s.resetTo(Cursor.of(4, 100));
        s = cycle();
        assertEquals(Cursor.of(4, 100), s.last());
        assertEquals(Optional.of(Term.of(4)), s.termAt(Index.of(100)));
        assertEquals(Optional.empty(), s.get(Index.of(3)));
        assertEquals(IndexRange.of(100, 100), s.available());
        assertEquals(Index.of(101), s.append("after", Term.of(4)));
        s = cycle();
        assertEquals("after", value(s, 101));
        assertEquals(List.of("after"), commands(s.getRange(IndexRange.of(1, 200))));
    }

    @Test
    void resetToBelowTheCurrentEnd() {
        Storage<String> s = withEntries(5);
        s.resetTo(Cursor.of(1, 2));
        s = cycle();
        assertEquals(Cursor.of(1, 2), s.last());
        assertEquals(Optional.empty(), s.get(Index.of(3)));
        assertEquals(Index.of(3), s.append("x", Term.of(2)));
    }

    @Test
    void hardStateIsStoredAndReplaced() {
        Storage<String> s = store();
        PeerId a = NodeIdentity.generate().peerId();
        PeerId b = NodeIdentity.generate().peerId();
        s.saveHardState(HardState.of(Term.of(3), a));
        s = reopenWithoutFlush();
        assertEquals(HardState.of(Term.of(3), a), s.hardState(), "saveHardState is durable on return");
        s.saveHardState(HardState.of(Term.of(4), null));
        s = reopenWithoutFlush();
        assertEquals(new HardState(Term.of(4), Optional.empty()), s.hardState());
        s.saveHardState(HardState.of(Term.of(4), b));
        s = cycle();
        assertEquals(HardState.of(Term.of(4), b), s.hardState());
    }

    @Test
    void manyEntriesSurviveAndReadBack() {
        Storage<String> s = store();
        for (int i = 1; i <= 2_000; i++) {
            s.append("e" + i, Term.of(1 + i / 500));
        }
        s = cycle();
        assertEquals(Cursor.of(5, 2_000), s.last());
        List<LogEntry<String>> all = s.getRange(IndexRange.of(1, 2_000));
        assertEquals(2_000, all.size());
        for (int i = 1; i <= 2_000; i++) {
            LogEntry<String> e = all.get(i - 1);
            assertEquals(Index.of(i), e.index());
            assertEquals("e" + i, e.command());
            assertEquals(Term.of(1 + i / 500), e.term());
        }
    }

    /** Reopen without calling flush first: only what the contract says is durable on return survives. */
    private Storage<String> reopenWithoutFlush() {
        store = reopen(store);
        return store;
    }

    private static List<String> commands(List<LogEntry<String>> entries) {
        return entries.stream().map(LogEntry::command).toList();
    }
}
