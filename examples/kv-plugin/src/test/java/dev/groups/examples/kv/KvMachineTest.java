package dev.groups.examples.kv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.groups.examples.kv.KvCommand.CompareAndSet;
import dev.groups.examples.kv.KvCommand.Delete;
import dev.groups.examples.kv.KvCommand.Put;
import dev.groups.examples.kv.KvQuery.Get;
import dev.groups.examples.kv.KvQuery.Scan;
import dev.groups.examples.kv.KvResult.Absent;
import dev.groups.examples.kv.KvResult.Entry;
import dev.groups.examples.kv.KvResult.Found;
import dev.groups.examples.kv.KvResult.Page;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The machine's semantics: versions, compare-and-set, scans. */
class KvMachineTest {
    private final Log log = new Log(new KvMachine());

    private KvResult get(String key) {
        return log.query(new Get(key));
    }

    private Page scan(Scan scan) {
        return (Page) log.query(scan);
    }

    private static List<String> keys(Page page) {
        return page.entries().stream().map(Entry::key).toList();
    }

    @Test
    void aPutIsReadBackWithTheIndexThatWroteItAsItsVersion() {
        assertEquals(new Absent(), get("a"));
        long first = log.apply(new Put("a", "1"));
        assertEquals(new Found(new Entry("a", "1", first)), get("a"));
        long second = log.apply(new Put("a", "2"));
        assertEquals(new Found(new Entry("a", "2", second)), get("a"));
        assertNotEquals(first, second);
    }

    @Test
    void deleteRemovesTheKeyAndDeletingAnAbsentKeyChangesNothing() {
        log.apply(new Put("a", "1"));
        long b = log.apply(new Put("b", "2"));
        log.apply(new Delete("a"));
        log.apply(new Delete("never there"));
        assertEquals(new Absent(), get("a"));
        assertEquals(new Found(new Entry("b", "2", b)), get("b"));
    }

    @Test
    void ifAbsentSetsOnlyAnAbsentKey() {
        long claimed = log.apply(CompareAndSet.ifAbsent("lock", "alice"));
        long refused = log.apply(CompareAndSet.ifAbsent("lock", "bob"));
        Found found = (Found) get("lock");
        assertEquals(new Entry("lock", "alice", claimed), found.entry());
        assertNotEquals(refused, found.entry().version(), "the refused command left the version as it was");
    }

    @Test
    void ifEqualsReplacesOnlyTheExpectedValue() {
        long put = log.apply(new Put("counter", "1"));
        log.apply(CompareAndSet.ifEquals("counter", "0", "5"));
        assertEquals(new Found(new Entry("counter", "1", put)), get("counter"), "a stale expectation changes nothing");
        long cas = log.apply(CompareAndSet.ifEquals("counter", "1", "2"));
        assertEquals(new Found(new Entry("counter", "2", cas)), get("counter"));
        log.apply(CompareAndSet.ifEquals("missing", "1", "2"));
        assertEquals(new Absent(), get("missing"), "an expected value never matches an absent key");
    }

    @Test
    void aMatchingCompareAndSetWritesANewVersionEvenWhenTheValueIsTheSame() {
        log.apply(new Put("k", "v"));
        long cas = log.apply(CompareAndSet.ifEquals("k", "v", "v"));
        assertEquals(cas, ((Found) get("k")).entry().version());
    }

    @Test
    void deleteIfEqualsRemovesOnlyTheExpectedValue() {
        log.apply(CompareAndSet.ifAbsent("lock", "alice"));
        log.apply(CompareAndSet.deleteIfEquals("lock", "bob"));
        assertEquals("alice", ((Found) get("lock")).entry().value(), "bob cannot release alice's lock");
        log.apply(CompareAndSet.deleteIfEquals("lock", "alice"));
        assertEquals(new Absent(), get("lock"));
    }

    @Test
    void aCompareAndSetWithNeitherExpectationNorUpdateIsANoOp() {
        log.apply(new CompareAndSet("k", Optional.empty(), Optional.empty()));
        assertEquals(new Absent(), get("k"));
        long put = log.apply(new Put("k", "v"));
        log.apply(new CompareAndSet("k", Optional.empty(), Optional.empty()));
        assertEquals(new Found(new Entry("k", "v", put)), get("k"));
    }

    @Test
    void inABatchEachCommandGetsItsOwnIndex() {
        long first = log.applyBatch(List.of(new Put("a", "1"), new Put("b", "2"), CompareAndSet.ifEquals("a", "1", "3")));
        assertEquals(new Found(new Entry("b", "2", first + 1)), get("b"));
        assertEquals(new Found(new Entry("a", "3", first + 2)), get("a"), "the compare-and-set saw the put before it");
    }

    @Test
    void aScanListsTheKeysOfItsPrefixInAscendingOrder() {
        List<String> keys = new ArrayList<>(List.of("a", "a/1", "a/10", "a/2", "a0", "b/1", "a/ж", "a/\uD83D\uDD11", "a/~"));
        Collections.shuffle(keys, new Random(7));
        for (String k : keys) {
            log.apply(new Put(k, "v"));
        }
        // String order: by UTF-16 code unit, so the surrogate pair (U+D83D…) sorts before U+FFxx but after 'ж'.
        assertEquals(List.of("a/1", "a/10", "a/2", "a/~", "a/ж", "a/\uD83D\uDD11"), keys(scan(Scan.prefix("a/", 100))));
        assertFalse(scan(Scan.prefix("a/", 100)).more());
        assertEquals(List.of("a", "a/1", "a/10", "a/2", "a/~", "a/ж", "a/\uD83D\uDD11", "a0", "b/1"),
                keys(scan(Scan.prefix("", 100))), "the empty prefix lists every key");
        assertEquals(List.of(), keys(scan(Scan.prefix("c", 100))));
    }

    @Test
    void aScanStopsAtItsLimitAndTheNextPageContinuesAfterIt() {
        for (int i = 0; i < 25; i++) {
            log.apply(new Put(String.format("k%02d", i), "v" + i));
        }
        log.apply(new Put("l", "outside the prefix"));
        Scan scan = Scan.prefix("k", 10);
        List<String> seen = new ArrayList<>();
        List<Boolean> more = new ArrayList<>();
        while (true) {
            Page page = scan(scan);
            seen.addAll(keys(page));
            more.add(page.more());
            if (!page.more()) {
                break;
            }
            scan = scan.next(page);
        }
        assertEquals(25, seen.size());
        assertEquals(seen.stream().sorted().distinct().toList(), seen, "every key once, in order");
        assertEquals(List.of(true, true, false), more);
    }

    @Test
    void aScanStartsAfterItsAfterKey() {
        for (String k : List.of("a/1", "a/2", "a/3", "b/1")) {
            log.apply(new Put(k, "v"));
        }
        assertEquals(List.of("a/3"), keys(scan(new Scan("a/", "a/2", 10))), "after is exclusive");
        assertEquals(List.of("a/2", "a/3"), keys(scan(new Scan("a/", "a/15", 10))), "after need not be a key");
        assertEquals(List.of("a/1", "a/2", "a/3"), keys(scan(new Scan("a/", "a", 10))), "after before the prefix");
        assertEquals(List.of(), keys(scan(new Scan("a/", "a/9", 10))), "after past the prefix's keys");
        assertEquals(List.of("b/1"), keys(scan(new Scan("", "a/9", 10))));
    }

    @Test
    void aPageStopsNearPageBytesButAlwaysHoldsAnEntry() {
        Log big = new Log(new KvMachine(new KvLimits(KvLimits.KEY_CAP, KvLimits.VALUE_CAP)));
        String value = "x".repeat(KvLimits.VALUE_CAP);
        int fits = KvMachine.PAGE_BYTES / (4 + 3 + 4 + KvLimits.VALUE_CAP + 8);
        for (int i = 0; i < fits + 5; i++) {
            big.apply(new Put(String.format("%03d", i), value));
        }
        Page page = (Page) big.query(Scan.prefix("", KvQuery.Scan.MAX_LIMIT));
        assertEquals(fits, page.entries().size());
        assertTrue(page.more());
        assertEquals(1, ((Page) big.query(new Scan("", "", 1))).entries().size());
    }

    @Test
    void resetEmptiesTheStore() {
        KvMachine machine = new KvMachine();
        Log used = new Log(machine);
        used.apply(new Put("a", "1"));
        used.apply(new Put("b", "2"));
        machine.reset();
        assertEquals(new Absent(), machine.query(new Get("a")));
        assertEquals(new Page(List.of(), false), machine.query(Scan.prefix("", 10)));
    }

    @Test
    void commandsAndQueriesRejectWhatCanNeverBeValid() {
        assertThrows(IllegalArgumentException.class, () -> new Put("", "v"), "an empty key");
        assertThrows(NullPointerException.class, () -> new Put("k", null));
        assertThrows(IllegalArgumentException.class, () -> new Get(""));
        assertThrows(IllegalArgumentException.class, () -> Scan.prefix("", 0));
        assertThrows(IllegalArgumentException.class, () -> Scan.prefix("", KvQuery.Scan.MAX_LIMIT + 1));
        assertThrows(IllegalArgumentException.class, () -> new Entry("k", "v", 0), "versions are log indices");
    }
}
