package dev.groups.storage.chronicle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.groups.id.NodeIdentity;
import dev.groups.id.PeerId;
import dev.groups.log.Cursor;
import dev.groups.log.Index;
import dev.groups.log.IndexRange;
import dev.groups.log.Term;
import dev.groups.machine.Codecs;
import dev.groups.storage.HardState;
import dev.groups.storage.InMemoryLogStore;
import dev.groups.storage.Storage;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import net.openhft.chronicle.core.time.SetTimeProvider;
import net.openhft.chronicle.queue.rollcycles.TestRollCycles;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random operations applied to the Chronicle store and to {@link InMemoryLogStore} (the reference),
 * comparing the whole observable state after every step. The Chronicle store is reopened at random
 * points (after a flush), and its clock is advanced so the queue rolls to new cycle files, which makes
 * segments split at rolls and pruning delete whole files.
 */
class ChronicleModelTest {
    private static final List<PeerId> PEERS = List.of(
            NodeIdentity.generate().peerId(), NodeIdentity.generate().peerId());

    @TempDir
    Path dir;

    private final SetTimeProvider clock = new SetTimeProvider(1_700_000_000_000L);
    private ChronicleLogStore<String> store;

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6})
    void randomOperationsMatchTheReference(long seed) {
        run(seed, 500, 0.08);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {11, 12, 13})
    void reopenAfterEveryOperation(long seed) {
        run(seed, 150, 1.0);
    }

    private void run(long seed, int steps, double reopenChance) {
        Random random = new Random(seed);
        InMemoryLogStore<String> model = new InMemoryLogStore<>();
        store = open();
        try {
            for (int step = 0; step < steps; step++) {
                String op = step(random, model);
                if (random.nextDouble() < reopenChance) {
                    store.flush();
                    store.close();
                    store = open();
                    op += " + reopen";
                }
                compare(model, store, "seed " + seed + ", step " + step + " (" + op + ")");
            }
        } finally {
            store.close();
        }
    }

    private ChronicleLogStore<String> open() {
        return ChronicleLogStore.open(dir, ChronicleStorageContractTest.GROUP, Codecs.utf8(),
                TestRollCycles.TEST_SECONDLY, clock);
    }

    /** Applies one random operation to both stores and names it. */
    private String step(Random random, InMemoryLogStore<String> model) {
        long last = model.last().index().value();
        int dice = random.nextInt(100);
        if (dice < 50) {
            int n = 1 + random.nextInt(random.nextInt(10) < 8 ? 3 : 40);
            for (int i = 0; i < n; i++) {
                String command = payload(random);
                Term term = Term.of(1 + random.nextInt(4));
                assertEquals(model.append(command, term), store.append(command, term));
            }
            return "append x" + n;
        } else if (dice < 58) {
            Index at = Index.of(random.nextInt((int) last + 3));
            model.truncate(at);
            store.truncate(at);
            return "truncate(" + at + ")";
        } else if (dice < 64) {
            Index upTo = Index.of(random.nextInt((int) last + 3));
            model.prunePrefix(upTo);
            store.prunePrefix(upTo);
            return "prunePrefix(" + upTo + ")";
        } else if (dice < 67) {
            Cursor cursor = Cursor.of(random.nextInt(6), random.nextInt((int) last + 20));
            model.resetTo(cursor);
            store.resetTo(cursor);
            return "resetTo(" + cursor + ")";
        } else if (dice < 77) {
            model.flush();
            store.flush();
            return "flush";
        } else if (dice < 82) {
            HardState state = new HardState(Term.of(random.nextInt(100)),
                    random.nextBoolean() ? java.util.Optional.of(PEERS.get(random.nextInt(2))) : java.util.Optional.empty());
            model.saveHardState(state);
            store.saveHardState(state);
            return "saveHardState";
        } else if (dice < 92) {
            clock.advanceMillis(1000);
            return "roll";
        } else {
            store.get(Index.of(random.nextInt((int) last + 2)));
            return "get";
        }
    }

    private static String payload(Random random) {
        int length = random.nextInt(20) == 0 ? 2_000 + random.nextInt(20_000) : random.nextInt(300);
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append((char) ('a' + random.nextInt(26)));
        }
        return sb.toString();
    }

    static void compare(Storage<String> model, Storage<String> store, String where) {
        assertEquals(model.last(), store.last(), where + ": last");
        assertEquals(model.available(), store.available(), where + ": available");
        assertEquals(model.hardState(), store.hardState(), where + ": hard state");
        long end = model.last().index().value() + 2;
        for (long i = 0; i <= end; i++) {
            Index index = Index.of(i);
            assertEquals(model.termAt(index), store.termAt(index), where + ": termAt(" + i + ")");
            assertEquals(model.get(index), store.get(index), where + ": get(" + i + ")");
        }
        assertEquals(model.getRange(IndexRange.of(0, end)), store.getRange(IndexRange.of(0, end)), where + ": getRange");
        long mid = end / 2;
        assertEquals(model.getRange(IndexRange.of(mid, mid + 7)), store.getRange(IndexRange.of(mid, mid + 7)),
                where + ": getRange from the middle");
    }
}
