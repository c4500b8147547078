package dev.groups.examples.kv;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The machine against the simplest model that could be right: a hash map, with scans done by sorting
 * every key. Random commands (in random batches) and random queries, 300 fixed seeds: any difference
 * is a bug in one of the two, with the seed to replay it.
 */
class KvModelTest {
    private static final String[] KEYS = {"a", "a/1", "a/2", "a/10", "ab", "b", "b/1", "ж", "\uD83D\uDD11"};
    private static final String[] VALUES = {"", "x", "y", "z"};
    private static final String[] PREFIXES = {"", "a", "a/", "b", "ж", "q"};

    /** The model: what a key holds, with the index that wrote it. */
    private final Map<String, KvResult.Entry> model = new HashMap<>();

    @Test
    void randomCommandsAndQueriesAgreeWithAHashMapModel() {
        for (long seed = 0; seed < 300; seed++) {
            model.clear();
            SplittableRandom random = new SplittableRandom(seed);
            Log log = new Log(new KvMachine());
            long next = 1;
            for (int step = 0; step < 40; step++) {
                List<KvCommand> batch = new ArrayList<>();
                for (int i = random.nextInt(1, 6); i > 0; i--) {
                    KvCommand c = command(random);
                    batch.add(c);
                    apply(c, next++);
                }
                log.applyBatch(batch);
                for (int q = 0; q < 5; q++) {
                    KvQuery query = query(random);
                    assertEquals(answer(query), log.query(query), "seed " + seed + ", step " + step + ": " + query);
                }
            }
        }
    }

    private static String pick(String[] from, SplittableRandom random) {
        return from[random.nextInt(from.length)];
    }

    private static Optional<String> maybe(SplittableRandom random) {
        return random.nextInt(3) == 0 ? Optional.empty() : Optional.of(pick(VALUES, random));
    }

    private static KvCommand command(SplittableRandom random) {
        String key = pick(KEYS, random);
        return switch (random.nextInt(3)) {
            case 0 -> new KvCommand.Put(key, pick(VALUES, random));
            case 1 -> new KvCommand.Delete(key);
            default -> new KvCommand.CompareAndSet(key, maybe(random), maybe(random));
        };
    }

    private static KvQuery query(SplittableRandom random) {
        if (random.nextBoolean()) {
            return new KvQuery.Get(pick(KEYS, random));
        }
        String after = random.nextBoolean() ? "" : pick(KEYS, random);
        return new KvQuery.Scan(pick(PREFIXES, random), after, random.nextInt(1, 6));
    }

    private void apply(KvCommand command, long index) {
        String key = command.key();
        if (command instanceof KvCommand.Put p) {
            model.put(key, new KvResult.Entry(key, p.value(), index));
        } else if (command instanceof KvCommand.Delete) {
            model.remove(key);
        } else if (command instanceof KvCommand.CompareAndSet cas) {
            Optional<String> current = Optional.ofNullable(model.get(key)).map(KvResult.Entry::value);
            if (current.equals(cas.expected())) {
                cas.update().ifPresentOrElse(v -> model.put(key, new KvResult.Entry(key, v, index)), () -> model.remove(key));
            }
        }
    }

    private KvResult answer(KvQuery query) {
        if (query instanceof KvQuery.Get get) {
            KvResult.Entry e = model.get(get.key());
            return e == null ? new KvResult.Absent() : new KvResult.Found(e);
        }
        KvQuery.Scan scan = (KvQuery.Scan) query;
        List<KvResult.Entry> matching = model.keySet().stream().sorted()
                .filter(k -> k.startsWith(scan.prefix()) && k.compareTo(scan.after()) > 0)
                .map(model::get).toList();
        return new KvResult.Page(matching.subList(0, Math.min(scan.limit(), matching.size())),
                matching.size() > scan.limit());
    }
}
