package dev.groups.node.machines;

import dev.groups.machine.StateMachine;
import dev.groups.machine.StateMachineProvider;
import dev.groups.snapshot.SnapshotSettings;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * A machine provider whose machines can catch up from snapshots and let the node prune their logs: the
 * node hands it its snapshot policy ({@code --snapshot-every}, {@code --snapshot-bytes},
 * {@code --snapshot-tail}) and where snapshot files go. The built-in machines implement it; a plugin may.
 * Called as {@link StateMachineProvider#create}: once per joined group, on the caller's thread.
 */
public interface SnapshotCapableProvider extends StateMachineProvider {
    /**
     * A new machine whose state sync is a {@code SnapshotSync} with {@code snapshots}, keeping its files
     * in {@code snapshots.root()/<group id>} when the group's log is durable.
     *
     * @throws IllegalArgumentException with a clear message when a setting is missing or invalid
     */
    StateMachine<?, ?, ?> create(Map<String, String> settings, Snapshots snapshots);

    /** The node's snapshot configuration. */
    record Snapshots(SnapshotSettings settings, Path root) {
        public Snapshots {
            Objects.requireNonNull(settings, "settings");
            Objects.requireNonNull(root, "root");
        }
    }
}
