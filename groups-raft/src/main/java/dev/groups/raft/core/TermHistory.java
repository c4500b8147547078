package dev.groups.raft.core;

import dev.groups.id.PeerId;
import dev.groups.log.Index;
import dev.groups.log.LogEntry;
import dev.groups.log.LogPayload;
import dev.groups.log.Term;
import dev.groups.storage.Storage;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Where each term starts in the local log and which leader started it. Terms never decrease along a
 * log, so the log is a sequence of runs; each run's first entry is normally the leader's
 * {@link LogPayload.TermStart}. Keeping this index makes "who led the term of entry i" a map lookup,
 * which the log-matching check needs (two dynamic-mode leaders can share a term).
 */
final class TermHistory {
    /** A run of entries of one term; {@code leader} is null when its first entry was pruned or reset away. */
    record Run(Term term, PeerId leader) {}

    private final TreeMap<Long, Run> runs = new TreeMap<>();

    /** Rebuilds from the log with a binary search per term: O(terms · log n) reads, not a full scan. */
    static <C> TermHistory rebuild(Storage<LogPayload<C>> log) {
        TermHistory h = new TermHistory();
        long first = log.available().start().value();
        long last = log.last().index().value();
        if (first > 0) {
            h.runs.put(first, new Run(log.termAt(Index.of(first)).orElseThrow(), null));
        }
        long i = first + 1;
        while (i <= last) {
            Term t = log.termAt(Index.of(i)).orElseThrow();
            h.runs.put(i, new Run(t, leaderOf(log.get(Index.of(i)).orElseThrow())));
            long lo = i;
            long hi = last;
            while (lo < hi) { // the last index whose term is t
                long mid = lo + (hi - lo + 1) / 2;
                if (log.termAt(Index.of(mid)).orElseThrow().equals(t)) {
                    lo = mid;
                } else {
                    hi = mid - 1;
                }
            }
            i = lo + 1;
        }
        h.merge();
        return h;
    }

    private static <C> PeerId leaderOf(LogEntry<LogPayload<C>> e) {
        return e.command() instanceof LogPayload.TermStart<C> ts ? ts.leader() : null;
    }

    /** Records an appended entry. */
    <C> void appended(LogEntry<LogPayload<C>> e) {
        Map.Entry<Long, Run> lastRun = runs.lastEntry();
        if (lastRun == null || !lastRun.getValue().term().equals(e.term())) {
            runs.put(e.index().value(), new Run(e.term(), leaderOf(e)));
        }
    }

    /** Records a truncation of {@code at ..}. */
    void truncated(Index at) {
        runs.tailMap(at.value(), true).clear();
    }

    /** Records a reset to a base position; {@code leader} started its term, or null when unknown. */
    void reset(Index base, Term term, PeerId leader) {
        runs.clear();
        if (!base.isZero()) {
            runs.put(base.value(), new Run(term, leader));
        }
    }

    /**
     * Names the leader of the run at the log's offset {@code base}, which a rebuild from a pruned log
     * cannot know (the term's TermStart was pruned): a snapshot recorded it. A known leader is kept.
     */
    void offsetLeader(Index base, PeerId leader) {
        Run run = runs.get(base.value());
        if (run != null && run.leader() == null) {
            runs.put(base.value(), new Run(run.term(), leader));
        }
    }

    /** Drops runs that lie wholly below {@code offset}. */
    void pruned(Index offset) {
        Long keep = runs.floorKey(offset.value());
        if (keep != null) {
            runs.headMap(keep, false).clear();
        }
    }

    /** The leader that started the term of entry {@code index}; empty when unknown (term 0, pruned). */
    Optional<PeerId> leaderAt(Index index) {
        Map.Entry<Long, Run> run = runs.floorEntry(index.value());
        return run == null ? Optional.empty() : Optional.ofNullable(run.getValue().leader());
    }

    /** The run containing {@code index}; empty below the first run. */
    Optional<Run> runAt(Index index) {
        Map.Entry<Long, Run> run = runs.floorEntry(index.value());
        return run == null ? Optional.empty() : Optional.of(run.getValue());
    }

    /** The first index of the run containing {@code index} (where a conflicting term starts). */
    long runStart(Index index) {
        Long start = runs.floorKey(index.value());
        return start == null ? 1 : start;
    }

    /** Consecutive runs of one term can appear after a reset; keep one. */
    private void merge() {
        Run previous = null;
        var it = runs.entrySet().iterator();
        while (it.hasNext()) {
            Run r = it.next().getValue();
            if (previous != null && previous.term().equals(r.term())) {
                it.remove();
            } else {
                previous = r;
            }
        }
    }
}
