package dev.groups.node.machines;

import com.google.auto.service.AutoService;
import dev.groups.machine.StateMachine;
import dev.groups.machine.StateMachineProvider;
import java.util.Map;

/** The built-in {@link CounterMachine}, found by the name {@value #NAME}. It takes no settings. */
@AutoService(StateMachineProvider.class)
public final class CounterProvider implements SnapshotCapableProvider {
    public static final String NAME = "counter";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String module() {
        return "groups-node";
    }

    @Override
    public StateMachine<?, ?, ?> create(Map<String, String> settings) {
        if (!settings.isEmpty()) {
            throw new IllegalArgumentException("the counter machine takes no settings, got " + settings.keySet());
        }
        return new CounterMachine();
    }

    @Override
    public StateMachine<?, ?, ?> create(Map<String, String> settings, Snapshots snapshots) {
        if (!settings.isEmpty()) {
            throw new IllegalArgumentException("the counter machine takes no settings, got " + settings.keySet());
        }
        return new CounterMachine(snapshots);
    }
}
