package dev.groups.testkit.sim;

import dev.groups.log.Cursor;
import dev.groups.log.Index;
import dev.groups.log.IndexRange;
import dev.groups.log.LogEntry;
import dev.groups.log.Term;
import dev.groups.storage.HardState;
import dev.groups.storage.InMemoryLogStore;
import dev.groups.storage.Storage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * A simulated disk: the node sees every change at once, but only {@link #flush()} makes changes
 * durable. A {@link #crash} keeps the durable state plus a random prefix of the unflushed changes (a
 * page cache written back in order, cut at an arbitrary point); {@link #restart()} reopens from that.
 * Hard state is durable on return, as the contract says.
 */
public final class SimStorage<T> implements Storage<T> {
    private InMemoryLogStore<T> live = new InMemoryLogStore<>();
    private final InMemoryLogStore<T> durable = new InMemoryLogStore<>();
    private final List<Consumer<Storage<T>>> unflushed = new ArrayList<>();
    private boolean crashed;
    /** Counts changes to the live log, so checks can skip logs that did not change. */
    private long version;

    @Override
    public Index append(T command, Term term) {
        checkUp();
        version++;
        unflushed.add(s -> s.append(command, term));
        return live.append(command, term);
    }

    @Override
    public IndexRange available() {
        checkUp();
        return live.available();
    }

    @Override
    public Optional<LogEntry<T>> get(Index index) {
        checkUp();
        return live.get(index);
    }

    @Override
    public List<LogEntry<T>> getRange(IndexRange range) {
        checkUp();
        return live.getRange(range);
    }

    @Override
    public void truncate(Index at) {
        checkUp();
        version++;
        unflushed.add(s -> s.truncate(at));
        live.truncate(at);
    }

    @Override
    public Cursor last() {
        checkUp();
        return live.last();
    }

    @Override
    public Optional<Term> termAt(Index index) {
        checkUp();
        return live.termAt(index);
    }

    @Override
    public void prunePrefix(Index upTo) {
        checkUp();
        version++;
        unflushed.add(s -> s.prunePrefix(upTo));
        live.prunePrefix(upTo);
    }

    @Override
    public void resetTo(Cursor cursor) {
        checkUp();
        version++;
        unflushed.add(s -> s.resetTo(cursor));
        live.resetTo(cursor);
    }

    @Override
    public HardState hardState() {
        checkUp();
        return live.hardState();
    }

    @Override
    public void saveHardState(HardState state) {
        checkUp();
        live.saveHardState(state);
        durable.saveHardState(state);
    }

    @Override
    public void flush() {
        checkUp();
        for (Consumer<Storage<T>> change : unflushed) {
            change.accept(durable);
        }
        unflushed.clear();
    }

    @Override
    public boolean isPersistent() {
        return true;
    }

    @Override
    public void close() {
        // The simulated disk outlives its users; crash() and restart() model the process.
    }

    /** Changes to the live log so far (any append, truncation, prune or reset). */
    public long version() {
        return version;
    }

    /** True when nothing is waiting for a flush. */
    public boolean isClean() {
        return unflushed.isEmpty();
    }

    /** What survives a crash now, without the unflushed changes: for invariant checks. */
    public InMemoryLogStore<T> durableView() {
        return durable;
    }

    /** The process died: keep a random prefix of the unflushed changes, lose the rest. */
    public void crash(RandomGenerator random) {
        int kept = unflushed.isEmpty() ? 0 : random.nextInt(unflushed.size() + 1);
        for (int i = 0; i < kept; i++) {
            unflushed.get(i).accept(durable);
        }
        unflushed.clear();
        live = null;
        crashed = true;
    }

    /** The process starts again from what was durable. */
    public void restart() {
        version++;
        live = copyOf(durable);
        crashed = false;
    }

    private static <T> InMemoryLogStore<T> copyOf(InMemoryLogStore<T> source) {
        InMemoryLogStore<T> copy = new InMemoryLogStore<>();
        IndexRange available = source.available();
        if (!available.start().isZero()) {
            copy.resetTo(new Cursor(source.termAt(available.start()).orElseThrow(), available.start()));
        }
        for (LogEntry<T> e : source.getRange(source.retrievable())) {
            copy.append(e.command(), e.term());
        }
        copy.saveHardState(source.hardState());
        return copy;
    }

    private void checkUp() {
        if (crashed) {
            throw new IllegalStateException("the node using this disk has crashed");
        }
    }
}
