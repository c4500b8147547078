package dev.groups.raft.core;

import dev.groups.id.PeerId;
import dev.groups.log.Index;
import dev.groups.log.IndexRange;
import dev.groups.log.LogEntry;
import dev.groups.log.LogPayload;
import dev.groups.storage.Storage;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;

/**
 * Strict mode: the voting configurations in the local log (Raft dissertation §4.1). A member uses the
 * latest configuration its log holds, committed or not; a truncation that removes a configuration entry
 * falls back to the one before it. The base is the configuration at the log's offset: the founding voters
 * of {@link dev.groups.consensus.ConsensusConfig#voters()}, or what a snapshot recorded at its anchor once
 * the entries below were pruned.
 *
 * <p>Kept in a map from the index of each configuration entry (the base at the offset) to its voters, so
 * "who votes at index i" is a floor lookup. Rebuilt from the log by a scan of its entries: only in strict
 * mode, at start and after a state sync wrote to the log, never on the hot path.
 */
final class Configurations {
    private static final int SCAN_CHUNK = 4096;

    private final TreeMap<Long, SortedSet<PeerId>> byIndex = new TreeMap<>();

    private Configurations(long baseIndex, SortedSet<PeerId> base) {
        byIndex.put(baseIndex, base);
    }

    /** The configurations of {@code log}, over {@code base} in force at its offset. */
    static <C> Configurations rebuild(Storage<LogPayload<C>> log, SortedSet<PeerId> base) {
        long offset = log.available().start().value();
        Configurations c = new Configurations(offset, base);
        long last = log.last().index().value();
        for (long from = offset + 1; from <= last; from += SCAN_CHUNK) {
            List<LogEntry<LogPayload<C>>> entries = log.getRange(IndexRange.of(from, Math.min(last, from + SCAN_CHUNK - 1)));
            for (LogEntry<LogPayload<C>> e : entries) {
                c.appended(e);
            }
        }
        return c;
    }

    /** Records an appended entry (a configuration takes effect at once). */
    <C> void appended(LogEntry<LogPayload<C>> e) {
        if (e.command() instanceof LogPayload.Configuration<C> conf) {
            byIndex.put(e.index().value(), conf.voters());
        }
    }

    /** Records a truncation of {@code at ..}: the configurations in the removed entries no longer count. */
    void truncated(long at) {
        byIndex.tailMap(Math.max(at, byIndex.firstKey() + 1), true).clear();
    }

    /** The log's prefix up to {@code offset} was pruned: the configuration in force there becomes the base. */
    void pruned(long offset) {
        Map.Entry<Long, SortedSet<PeerId>> base = byIndex.floorEntry(offset);
        if (base == null) {
            return;
        }
        byIndex.headMap(offset, true).clear();
        byIndex.put(offset, base.getValue());
    }

    /** The latest configuration in the log. */
    SortedSet<PeerId> current() {
        return byIndex.lastEntry().getValue();
    }

    /** The index of the entry that set the latest configuration (the base's index for the base). */
    long currentIndex() {
        return byIndex.lastKey();
    }

    /** The configuration in force at {@code index} (the base below the offset). */
    SortedSet<PeerId> at(long index) {
        Map.Entry<Long, SortedSet<PeerId>> e = byIndex.floorEntry(index);
        return e == null ? byIndex.firstEntry().getValue() : e.getValue();
    }

    @Override
    public String toString() {
        return "Configurations" + byIndex.keySet();
    }
}
