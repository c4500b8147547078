package dev.groups.testkit.sim;

import dev.groups.id.Digest;
import dev.groups.log.Cursor;
import dev.groups.snapshot.SnapshotStore;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A member's simulated snapshot store, next to its {@link SimStorage}: a commit is durable at once (as a
 * hard-state save is), so it survives crashes; a draft does not (it belongs to the incarnation that
 * wrote it). It keeps every snapshot anchored at or after the disk's <em>durable</em> log offset, even
 * when asked to delete it: the log can only restart from that offset or from a later prune or reset
 * point, and each of those is a snapshot committed before the log moved there. This is the check that
 * the snapshot sync never needs a snapshot it deleted: a restart that finds none fails the run.
 */
final class SimSnapshotStore implements SnapshotStore {
    private final SimStorage<?> disk;
    private final SnapshotStore drafts = SnapshotStore.memory();
    /** Index → term → snapshot: in dynamic mode two histories can each have a snapshot at one index. */
    private final TreeMap<Long, TreeMap<Long, Stored>> byIndex = new TreeMap<>();

    SimSnapshotStore(SimStorage<?> disk) {
        this.disk = disk;
    }

    @Override
    public Draft begin(Cursor anchor) {
        Draft inner = drafts.begin(anchor);
        return new Draft() {
            @Override
            public Cursor anchor() {
                return anchor;
            }

            @Override
            public void write(long position, byte[] data, int offset, int length) {
                inner.write(position, data, offset, length);
            }

            @Override
            public long size() {
                return inner.size();
            }

            @Override
            public InputStream read() {
                return inner.read();
            }

            @Override
            public Stored commit(Digest digest) {
                Stored s = inner.commit(digest);
                drafts.delete(anchor);
                byIndex.computeIfAbsent(anchor.index().value(), i -> new TreeMap<>()).put(anchor.term().value(), s);
                dropBelowDurableOffset();
                return s;
            }

            @Override
            public void abort() {
                inner.abort();
            }
        };
    }

    @Override
    public List<Stored> list() {
        List<Stored> all = new ArrayList<>();
        byIndex.values().forEach(terms -> all.addAll(terms.values()));
        return all;
    }

    @Override
    public void delete(Cursor anchor) {
        TreeMap<Long, Stored> terms = byIndex.get(anchor.index().value());
        if (terms != null && anchor.index().value() < durableOffset()) {
            terms.remove(anchor.term().value());
            if (terms.isEmpty()) {
                byIndex.remove(anchor.index().value());
            }
        }
        dropBelowDurableOffset();
    }

    @Override
    public void close() {
        // durable: survives the incarnation that used it
    }

    private long durableOffset() {
        return disk.durableView().available().start().value();
    }

    private void dropBelowDurableOffset() {
        byIndex.headMap(durableOffset()).clear();
    }

    /** The disk was wiped: every snapshot and draft is gone with it. */
    void wipe() {
        byIndex.clear();
        for (Stored draft : drafts.list()) {
            drafts.delete(draft.anchor());
        }
    }

    /** Snapshots kept now. */
    int size() {
        return byIndex.values().stream().mapToInt(Map::size).sum();
    }

    /** Map view for tests: index → anchor (the latest term's, where two terms have one there). */
    Map<Long, Cursor> anchors() {
        Map<Long, Cursor> out = new TreeMap<>();
        byIndex.forEach((i, terms) -> out.put(i, terms.lastEntry().getValue().anchor()));
        return out;
    }
}
