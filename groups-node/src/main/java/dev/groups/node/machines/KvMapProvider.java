package dev.groups.node.machines;

import com.google.auto.service.AutoService;
import dev.groups.machine.StateMachine;
import dev.groups.machine.StateMachineProvider;
import java.util.Map;

/**
 * The built-in {@link KvMapMachine}, found by the name {@value #NAME} (not {@code "kv"}: that name
 * belongs to the example plugin). It takes no settings.
 */
@AutoService(StateMachineProvider.class)
public final class KvMapProvider implements SnapshotCapableProvider {
    public static final String NAME = "kvmap";

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
            throw new IllegalArgumentException("the kvmap machine takes no settings, got " + settings.keySet());
        }
        return new KvMapMachine();
    }

    @Override
    public StateMachine<?, ?, ?> create(Map<String, String> settings, Snapshots snapshots) {
        if (!settings.isEmpty()) {
            throw new IllegalArgumentException("the kvmap machine takes no settings, got " + settings.keySet());
        }
        return new KvMapMachine(snapshots);
    }
}
