package dev.groups.storage;

import dev.groups.log.Cursor;
import dev.groups.log.Index;
import dev.groups.log.IndexRange;
import dev.groups.log.LogEntry;
import dev.groups.log.Term;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The reference {@link Storage}: the spec §6 semantics held in memory. Nothing survives the process
 * ({@link #isPersistent()} is false), so a node using it restarts as a new member and catches up
 * from its peers. The default log of a group.
 *
 * <p>Not thread-safe, as the contract allows: the group thread is its only user.
 */
public final class InMemoryLogStore<C> implements Storage<C> {
    /** Entries {@code offset+1 ..= offset+size}. */
    private final ArrayList<LogEntry<C>> entries = new ArrayList<>();
    /** The last pruned or reset position; its index is the offset. */
    private Cursor offset = Cursor.ZERO;
    private HardState hardState = HardState.INITIAL;
    private boolean closed;

    @Override
    public Index append(C command, Term term) {
        checkOpen();
        Index index = Index.of(offsetIndex() + entries.size() + 1);
        entries.add(new LogEntry<>(index, term, command));
        return index;
    }

    @Override
    public IndexRange available() {
        checkOpen();
        return IndexRange.of(offsetIndex(), offsetIndex() + entries.size());
    }

    @Override
    public Optional<LogEntry<C>> get(Index index) {
        checkOpen();
        int pos = position(index);
        return pos < 0 ? Optional.empty() : Optional.of(entries.get(pos));
    }

    @Override
    public List<LogEntry<C>> getRange(IndexRange range) {
        checkOpen();
        long from = Math.max(range.start().value(), offsetIndex() + 1);
        long to = Math.min(range.end().value(), offsetIndex() + entries.size());
        if (from > to) {
            return new ArrayList<>(0);
        }
        return new ArrayList<>(entries.subList((int) (from - offsetIndex() - 1), (int) (to - offsetIndex())));
    }

    @Override
    public void truncate(Index at) {
        checkOpen();
        if (at.value() <= offsetIndex()) {
            entries.clear();
        } else if (at.value() <= offsetIndex() + entries.size()) {
            entries.subList((int) (at.value() - offsetIndex() - 1), entries.size()).clear();
        }
    }

    @Override
    public Cursor last() {
        checkOpen();
        return entries.isEmpty() ? offset : entries.get(entries.size() - 1).cursor();
    }

    @Override
    public Optional<Term> termAt(Index index) {
        checkOpen();
        if (index.isZero()) {
            return Optional.of(Term.ZERO);
        }
        if (index.value() == offsetIndex()) {
            return Optional.of(offset.term());
        }
        int pos = position(index);
        return pos < 0 ? Optional.empty() : Optional.of(entries.get(pos).term());
    }

    @Override
    public void prunePrefix(Index upTo) {
        checkOpen();
        if (upTo.value() <= offsetIndex() || entries.isEmpty()) {
            return;
        }
        int drop = (int) Math.min(upTo.value() - offsetIndex(), entries.size());
        offset = entries.get(drop - 1).cursor();
        entries.subList(0, drop).clear(); // the pruned entries are unreachable from here on
        if (drop > entries.size()) {
            // Compaction prunes most of the log at once: give back the array the pruned entries filled,
            // or the store would hold a slot for every entry it ever had at once.
            entries.trimToSize();
        }
    }

    @Override
    public void resetTo(Cursor cursor) {
        checkOpen();
        Objects.requireNonNull(cursor, "cursor");
        entries.clear();
        entries.trimToSize(); // a snapshot install replaced the whole log: free its array
        offset = cursor;
    }

    @Override
    public HardState hardState() {
        checkOpen();
        return hardState;
    }

    @Override
    public void saveHardState(HardState state) {
        checkOpen();
        hardState = Objects.requireNonNull(state, "state");
    }

    @Override
    public void flush() {
        checkOpen();
    }

    @Override
    public boolean isPersistent() {
        return false;
    }

    @Override
    public void close() {
        closed = true;
        entries.clear();
    }

    private long offsetIndex() {
        return offset.index().value();
    }

    /** The list position of {@code index}, or -1 when it is not retrievable. */
    private int position(Index index) {
        long pos = index.value() - offsetIndex() - 1;
        return pos < 0 || pos >= entries.size() ? -1 : (int) pos;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("log store is closed");
        }
    }

    @Override
    public String toString() {
        if (closed) {
            return "InMemoryLogStore(closed)";
        }
        return "InMemoryLogStore(" + available() + ", last=" + last() + ")";
    }
}
