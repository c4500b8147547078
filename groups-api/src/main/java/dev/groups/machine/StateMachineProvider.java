package dev.groups.machine;

import dev.groups.plugin.NamedProvider;
import java.util.Map;

/**
 * Makes state machines by name, so that a node daemon can join a group with a machine named in its
 * configuration. Found through {@link java.util.ServiceLoader} (register it with
 * {@code @AutoService(StateMachineProvider.class)} and {@code provides} in {@code module-info}).
 *
 * <p>{@link #create} is called once per joined group, on the caller's thread; it may read files but
 * should be quick. It must return a new machine each time (a machine belongs to one group).
 */
public interface StateMachineProvider extends NamedProvider {
    /**
     * A new machine configured with {@code settings} (provider-defined keys).
     *
     * @throws IllegalArgumentException with a clear message when a setting is missing or invalid
     */
    StateMachine<?, ?, ?> create(Map<String, String> settings);
}
