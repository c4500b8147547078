package dev.groups.node.machines;

import dev.groups.machine.StateMachine;
import dev.groups.testkit.contract.StateMachineContract;
import java.util.Optional;
import java.util.random.RandomGenerator;

/** The built-in kvmap machine passes the state-machine contract (determinism, batches, reset, codecs). */
class KvMapContractTest extends StateMachineContract<KvMapMachine.Command, KvMapMachine.Query, Optional<String>> {
    private static String key(RandomGenerator random) {
        return random.nextInt(10) == 0 ? "ключ-" + random.nextInt(3) : "k" + random.nextInt(12);
    }

    @Override
    protected StateMachine<KvMapMachine.Command, KvMapMachine.Query, Optional<String>> newMachine() {
        return new KvMapMachine();
    }

    @Override
    protected KvMapMachine.Command randomCommand(RandomGenerator random) {
        return random.nextInt(4) == 0 ? new KvMapMachine.Delete(key(random))
                : new KvMapMachine.Put(key(random), "v" + random.nextLong());
    }

    @Override
    protected KvMapMachine.Query randomQuery(RandomGenerator random) {
        return random.nextInt(5) == 0 ? new KvMapMachine.Summary() : new KvMapMachine.Get(key(random));
    }
}
