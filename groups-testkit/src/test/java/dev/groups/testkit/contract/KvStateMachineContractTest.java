package dev.groups.testkit.contract;

import dev.groups.machine.StateMachine;
import dev.groups.testkit.kv.KvCommand;
import dev.groups.testkit.kv.KvQuery;
import dev.groups.testkit.kv.KvResult;
import dev.groups.testkit.kv.KvStateMachine;
import java.util.random.RandomGenerator;

/** The key-value machine passes the state-machine contract. */
class KvStateMachineContractTest extends StateMachineContract<KvCommand, KvQuery, KvResult> {
    /** Few keys, so that puts overwrite and deletes hit; now and then a long or non-ASCII one. */
    private static String key(RandomGenerator random) {
        return switch (random.nextInt(20)) {
            case 0 -> "ключ-" + random.nextInt(3);
            case 1 -> "k".repeat(1 + random.nextInt(1024));
            default -> "k" + random.nextInt(12);
        };
    }

    @Override
    protected StateMachine<KvCommand, KvQuery, KvResult> newMachine() {
        return new KvStateMachine();
    }

    @Override
    protected KvCommand randomCommand(RandomGenerator random) {
        return random.nextInt(4) == 0 ? new KvCommand.Delete(key(random)) : new KvCommand.Put(key(random), random.nextLong());
    }

    @Override
    protected KvQuery randomQuery(RandomGenerator random) {
        return new KvQuery(key(random));
    }
}
