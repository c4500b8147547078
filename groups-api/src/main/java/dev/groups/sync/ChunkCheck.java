package dev.groups.sync;

import dev.groups.id.PeerId;
import dev.groups.log.Cursor;
import dev.groups.log.Index;
import dev.groups.log.LogEntry;
import dev.groups.log.LogPayload;
import dev.groups.log.Term;
import dev.groups.machine.Codec;
import dev.groups.machine.CodecException;
import dev.groups.storage.Storage;
import dev.groups.sync.ReplayMessages.FetchEntriesResponse;
import dev.groups.sync.replay.EncodedEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decides whether a fetched chunk may be appended where the log ends: Raft's log-matching check
 * (the entry before the chunk must be the same on both sides: same term and, when both know it, same
 * term leader), plus what every log obeys (terms never decrease; the target entry has the target's
 * term). A chunk from a peer with another history fails here, before anything is appended.
 */
final class ChunkCheck {
    private ChunkCheck() {}

    /** The chunk's entries, decoded, if it continues {@code log}; empty if it must be rejected. */
    static <C> Optional<List<LogEntry<LogPayload<C>>>> entries(FetchEntriesResponse chunk, Storage<LogPayload<C>> log,
                                                              Codec<LogPayload<C>> codec, Cursor target) {
        Index start = chunk.range().start();
        if (!continues(chunk, log, start.prev())) {
            return Optional.empty();
        }
        List<LogEntry<LogPayload<C>>> out = new ArrayList<>(chunk.entries().size());
        Term previous = chunk.prevTerm();
        Index index = start;
        for (EncodedEntry e : chunk.entries()) {
            if (e.term().isBefore(previous) || !fitsTarget(index, e.term(), target)) {
                return Optional.empty();
            }
            try {
                out.add(new LogEntry<>(index, e.term(), codec.decode(e.payload())));
            } catch (CodecException bad) {
                return Optional.empty();
            }
            previous = e.term();
            index = index.next();
        }
        return Optional.of(out);
    }

    private static <C> boolean continues(FetchEntriesResponse chunk, Storage<LogPayload<C>> log, Index prev) {
        Optional<Term> local = log.termAt(prev);
        if (local.isEmpty() || !local.get().equals(chunk.prevTerm())) {
            return false;
        }
        if (chunk.prevLeader().isEmpty()) {
            return true;
        }
        // Two leaders may share a term in dynamic mode: the term alone does not identify the history.
        Optional<PeerId> localLeader = TermLeaders.leaderOfEntryAt(log, prev);
        return localLeader.isEmpty() || localLeader.equals(chunk.prevLeader());
    }

    /** Entries up to the target are no newer than it, and the one at the target is of its term. */
    private static boolean fitsTarget(Index index, Term term, Cursor target) {
        if (index.equals(target.index())) {
            return term.equals(target.term());
        }
        return index.isAfter(target.index()) || !term.isAfter(target.term());
    }
}
