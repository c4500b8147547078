package dev.groups.sync;

import dev.groups.id.PeerId;
import dev.groups.log.Cursor;
import dev.groups.log.Index;
import dev.groups.log.LogEntry;
import dev.groups.log.LogPayload;
import dev.groups.log.Term;
import java.util.ArrayList;
import java.util.List;

/** A log as a Raft leader writes it: each term opens with the TermStart naming its leader, then commands. */
final class History {
    private final List<LogEntry<LogPayload<String>>> entries = new ArrayList<>();

    static History of() {
        return new History();
    }

    /** A copy of the first {@code count} entries of {@code other}, to diverge from. */
    static History prefixOf(History other, int count) {
        History h = new History();
        h.entries.addAll(other.entries.subList(0, count));
        return h;
    }

    /** {@code count} entries of {@code term} led by {@code leader}; commands are {@code tag + "-" + index}. */
    History term(long term, PeerId leader, int count, String tag) {
        for (int i = 0; i < count; i++) {
            Index index = Index.of(entries.size() + 1L);
            LogPayload<String> payload = i == 0 ? new LogPayload.TermStart<>(leader)
                    : LogPayload.Command.untagged(tag + "-" + index);
            entries.add(new LogEntry<>(index, Term.of(term), payload));
        }
        return this;
    }

    List<LogEntry<LogPayload<String>>> all() {
        return List.copyOf(entries);
    }

    /** Entries {@code from ..= to} (1-based indices). */
    List<LogEntry<LogPayload<String>>> range(long from, long to) {
        return List.copyOf(entries.subList((int) from - 1, (int) to));
    }

    List<LogEntry<LogPayload<String>>> upTo(long index) {
        return range(1, index);
    }

    Cursor at(long index) {
        return entries.get((int) index - 1).cursor();
    }

    Cursor last() {
        return entries.get(entries.size() - 1).cursor();
    }

    int size() {
        return entries.size();
    }
}
