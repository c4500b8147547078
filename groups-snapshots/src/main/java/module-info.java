/**
 * Snapshot state sync and log compaction for consensus groups: a state machine that implements
 * {@link dev.groups.snapshot.Snapshottable} streams its state into chunked, checksummed snapshots
 * (files next to a durable log, memory for a volatile one); {@link dev.groups.snapshot.SnapshotSync}
 * takes them by policy, lets the runtime prune the log behind them, and installs them on lagging
 * members from their up-to-date peers. Depends on {@code groups-api} only.
 */
module dev.groups.snapshot {
    requires transitive dev.groups.api;

    exports dev.groups.snapshot;
}
