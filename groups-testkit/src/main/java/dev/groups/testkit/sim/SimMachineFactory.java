package dev.groups.testkit.sim;

import dev.groups.sync.LogReplaySync;
import dev.groups.testkit.kv.KvCommand;
import dev.groups.testkit.kv.KvStateMachine;
import dev.groups.snapshot.SnapshotSettings;
import dev.groups.snapshot.SnapshotStore;
import dev.groups.snapshot.SnapshotSync;
import java.time.Duration;

/**
 * Builds the machine of a simulated member each time it boots (its first start and every restart), on
 * the simulator's thread. The member's {@link SnapshotStore} is durable like its disk: it survives the
 * member's crashes and keeps the snapshots the disk's durable log may restart from.
 */
@FunctionalInterface
public interface SimMachineFactory {
    /** Snapshot settings that make the simulator snapshot, prune (keeping a tail of 8) and install often, in several chunks. */
    SnapshotSettings SIMULATION_SNAPSHOTS = new SnapshotSettings(16, 0, 8, 16, 16, Duration.ofSeconds(2));

    /**
     * As {@link #SIMULATION_SNAPSHOTS} with a tail longer than the interval: the log is pruned to snapshots
     * no longer served, and followers a little behind catch up from entries (a conflicting tail then
     * meets entries that do not continue it). Odd seeds run it.
     */
    SnapshotSettings SIMULATION_SNAPSHOTS_LONG_TAIL = SIMULATION_SNAPSHOTS.withTail(40);

    KvStateMachine create(SnapshotStore durableSnapshots);

    /**
     * The default: log replay with small fetch batches and a short timeout, so that catch-up sessions span
     * many messages and peers.
     */
    static SimMachineFactory logReplay() {
        return store -> new KvStateMachine(new LogReplaySync<KvCommand>().withBatchSize(16)
                .withFetchTimeout(Duration.ofSeconds(2)));
    }

    /** Machines that catch up through {@link SnapshotSync} with {@code settings}, saving snapshots to the member's store. */
    static SimMachineFactory snapshots(SnapshotSettings settings) {
        return store -> new KvStateMachine(m -> new SnapshotSync<KvCommand>(m, settings, store));
    }
}
