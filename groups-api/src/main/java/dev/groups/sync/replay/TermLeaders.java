package dev.groups.sync.replay;

import dev.groups.id.PeerId;
import dev.groups.log.Index;
import dev.groups.log.IndexRange;
import dev.groups.log.LogEntry;
import dev.groups.log.LogPayload;
import dev.groups.log.Term;
import dev.groups.storage.Storage;
import dev.groups.sync.StateSync;
import java.util.Optional;

/**
 * Which leader wrote an entry: the one named by the {@link LogPayload.TermStart} of the entry's term.
 * In dynamic mode two leaders may share a term, so (term, leader) is what identifies a history.
 *
 * <p>For {@link StateSync} implementations ({@link EntryServing} and {@link EntryCheck} use it). It only
 * reads the log; call it where the log may be read: in a sync provider's or session's call, on the
 * group's thread.
 */
public final class TermLeaders {
    private TermLeaders() {}

    /**
     * The leader of the term of the entry at {@code at}, found without scanning: terms never decrease
     * along a log and a term's TermStart is its first entry, so a binary search for the first entry of
     * that term finds it. Empty for index 0, outside the retrievable entries, or when the TermStart was
     * pruned.
     */
    public static <C> Optional<PeerId> leaderOfEntryAt(Storage<LogPayload<C>> log, Index at) {
        if (at.isZero()) {
            return Optional.empty();
        }
        Optional<Term> term = log.termAt(at);
        IndexRange retrievable = log.retrievable();
        if (term.isEmpty() || !retrievable.contains(at)) {
            return Optional.empty();
        }
        long lo = retrievable.start().value();
        long hi = at.value();
        while (lo < hi) {
            long mid = lo + (hi - lo) / 2;
            // An unreadable index cannot be the first of the term; searching right of it stays correct.
            boolean before = log.termAt(Index.of(mid)).map(t -> t.isBefore(term.get())).orElse(true);
            if (before) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        Optional<LogEntry<LogPayload<C>>> first = log.get(Index.of(lo));
        if (first.isPresent() && first.get().term().equals(term.get())
                && first.get().command() instanceof LogPayload.TermStart<C> start) {
            return Optional.of(start.leader());
        }
        return Optional.empty();
    }
}
