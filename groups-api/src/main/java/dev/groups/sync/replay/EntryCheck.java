package dev.groups.sync.replay;

import dev.groups.id.PeerId;
import dev.groups.log.Cursor;
import dev.groups.log.Index;
import dev.groups.log.LogEntry;
import dev.groups.log.LogPayload;
import dev.groups.log.Term;
import dev.groups.machine.Codec;
import dev.groups.machine.CodecException;
import dev.groups.storage.Storage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decides whether a fetched {@link EntryBatch} may be appended where the log ends: Raft's log-matching
 * check (the entry before the batch must be the same on both sides: same term and, when both know it,
 * same term leader), plus what every log obeys (terms never decrease; the target entry has the
 * target's term). A batch from a peer with another history fails here, before anything is appended.
 *
 * <p>Call it from a session on the group's thread, with that call's log and payload codec. It reads the
 * log and decodes the payloads; it changes nothing, keeps nothing and never throws for what a peer sent
 * (a payload that does not decode rejects the batch). Appending the entries is the caller's.
 */
public final class EntryCheck {
    private EntryCheck() {}

    /**
     * The batch's entries, decoded, if it continues {@code log}; empty if it must be rejected.
     *
     * @param batch      a batch with entries (a none answer has nothing to append)
     * @param target     the position the session must reach ({@link CatchUpTarget#position()})
     * @param baseLeader the leader of the term of the log's offset entry, when a snapshot the session
     *                   installed says so (the reset log itself no longer knows it); empty otherwise
     */
    public static <C> Optional<List<LogEntry<LogPayload<C>>>> entries(EntryBatch batch, Storage<LogPayload<C>> log,
                                                                     Codec<LogPayload<C>> codec, Cursor target,
                                                                     Optional<PeerId> baseLeader) {
        Index start = batch.range().start();
        if (!continues(batch, log, start.prev(), baseLeader)) {
            return Optional.empty();
        }
        List<LogEntry<LogPayload<C>>> out = new ArrayList<>(batch.entries().size());
        Term previous = batch.prevTerm();
        Index index = start;
        for (EncodedEntry e : batch.entries()) {
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

    private static <C> boolean continues(EntryBatch batch, Storage<LogPayload<C>> log, Index prev,
                                         Optional<PeerId> baseLeader) {
        Optional<Term> local = log.termAt(prev);
        if (local.isEmpty() || !local.get().equals(batch.prevTerm())) {
            return false;
        }
        if (batch.prevLeader().isEmpty()) {
            return true;
        }
        // Two leaders may share a term in dynamic mode: the term alone does not identify the history.
        Optional<PeerId> localLeader = prev.equals(log.available().start()) && !prev.isZero()
                ? baseLeader : TermLeaders.leaderOfEntryAt(log, prev);
        return localLeader.isEmpty() || localLeader.equals(batch.prevLeader());
    }

    /** Entries up to the target are no newer than it, and the one at the target is of its term. */
    private static boolean fitsTarget(Index index, Term term, Cursor target) {
        if (index.equals(target.index())) {
            return term.equals(target.term());
        }
        return index.isAfter(target.index()) || !term.isAfter(target.term());
    }
}
