package dev.groups.node.machines;

import dev.groups.machine.StateMachine;
import dev.groups.machine.Unit;
import dev.groups.testkit.contract.StateMachineContract;
import java.util.random.RandomGenerator;

/** The built-in counter passes the state-machine contract. */
class CounterContractTest extends StateMachineContract<Long, Unit, Long> {
    @Override
    protected StateMachine<Long, Unit, Long> newMachine() {
        return new CounterMachine();
    }

    @Override
    protected Long randomCommand(RandomGenerator random) {
        return random.nextInt(10) == 0 ? random.nextLong() : (long) random.nextInt(200) - 100;
    }

    @Override
    protected Unit randomQuery(RandomGenerator random) {
        return Unit.INSTANCE;
    }
}
