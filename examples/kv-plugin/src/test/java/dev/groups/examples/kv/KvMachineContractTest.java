package dev.groups.examples.kv;

import dev.groups.machine.StateMachine;
import dev.groups.testkit.contract.StateMachineContract;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The test kit's state-machine contract (determinism one by one and in batches, reset, codecs round trip
 * and reject garbage, stable signatures) applied to {@link KvMachine}. All a machine author writes is a
 * generator of commands and queries; make it hit the interesting cases often (here: few keys, so puts
 * overwrite and compare-and-sets match; shared prefixes, so scans overlap; now and then a long or
 * non-ASCII key or value).
 */
class KvMachineContractTest extends StateMachineContract<KvCommand, KvQuery, KvResult> {
    private static final String[] PREFIXES = {"", "a/", "a/b/", "b/", "ключ/", "\uD83D\uDD11/"};

    private static String key(RandomGenerator random) {
        if (random.nextInt(50) == 0) {
            return "long/" + "k".repeat(random.nextInt(KvLimits.DEFAULT_KEY_BYTES - 5) + 1);
        }
        return PREFIXES[random.nextInt(PREFIXES.length)] + random.nextInt(4);
    }

    private static String value(RandomGenerator random) {
        return switch (random.nextInt(30)) {
            case 0 -> "";
            case 1 -> "v".repeat(random.nextInt(KvLimits.DEFAULT_VALUE_BYTES) + 1);
            case 2 -> "значение " + random.nextInt(3);
            default -> "v" + random.nextInt(3);
        };
    }

    private static Optional<String> maybeValue(RandomGenerator random) {
        return random.nextInt(3) == 0 ? Optional.empty() : Optional.of(value(random));
    }

    @Override
    protected StateMachine<KvCommand, KvQuery, KvResult> newMachine() {
        return new KvMachine();
    }

    @Override
    protected KvCommand randomCommand(RandomGenerator random) {
        return switch (random.nextInt(4)) {
            case 0 -> new KvCommand.Put(key(random), value(random));
            case 1 -> new KvCommand.Delete(key(random));
            default -> new KvCommand.CompareAndSet(key(random), maybeValue(random), maybeValue(random));
        };
    }

    @Override
    protected KvQuery randomQuery(RandomGenerator random) {
        if (random.nextBoolean()) {
            return new KvQuery.Get(key(random));
        }
        String after = random.nextBoolean() ? "" : key(random);
        int limit = random.nextInt(4) == 0 ? KvQuery.Scan.MAX_LIMIT : 1 + random.nextInt(5);
        return new KvQuery.Scan(PREFIXES[random.nextInt(PREFIXES.length)], after, limit);
    }
}
