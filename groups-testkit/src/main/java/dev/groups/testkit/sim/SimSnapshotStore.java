package dev.groups.testkit.sim;

import dev.groups.log.Cursor;
import dev.groups.testkit.snapshot.SnapshotStore;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A member's simulated snapshot store, next to its {@link SimStorage}: a save is durable at once (as a
 * hard-state save is), so it survives crashes. It keeps every snapshot anchored at or after the disk's
 * <em>durable</em> log offset: the log can only restart from that offset or from a later prune or reset
 * point, and each of those is a snapshot saved before the log moved there.
 */
final class SimSnapshotStore implements SnapshotStore {
    private final SimStorage<?> disk;
    private final TreeMap<Long, Map.Entry<Cursor, byte[]>> byIndex = new TreeMap<>();

    SimSnapshotStore(SimStorage<?> disk) {
        this.disk = disk;
    }

    @Override
    public void save(Cursor anchor, byte[] snapshot) {
        byIndex.put(anchor.index().value(), Map.entry(anchor, snapshot.clone()));
        byIndex.headMap(disk.durableView().available().start().value()).clear();
    }

    @Override
    public Optional<byte[]> load(Cursor anchor) {
        Map.Entry<Cursor, byte[]> e = byIndex.get(anchor.index().value());
        return e != null && e.getKey().equals(anchor) ? Optional.of(e.getValue().clone()) : Optional.empty();
    }

    /** Snapshots kept now. */
    int size() {
        return byIndex.size();
    }
}
