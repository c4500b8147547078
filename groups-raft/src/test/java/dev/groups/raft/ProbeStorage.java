package dev.groups.raft;

import dev.groups.log.Cursor;
import dev.groups.log.Index;
import dev.groups.log.IndexRange;
import dev.groups.log.LogEntry;
import dev.groups.log.Term;
import dev.groups.storage.HardState;
import dev.groups.storage.InMemoryLogStore;
import dev.groups.storage.Storage;
import dev.groups.storage.StorageException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * An in-memory log that tests can watch and break: {@link #closed} counts down when the group closes
 * it (a thread-safe signal, unlike reading the store's state from the test thread while the group's
 * thread closes it), and {@link #failFlushes} makes every later {@code flush} throw, as a dying disk
 * would.
 */
final class ProbeStorage<C> implements Storage<C> {
    private final InMemoryLogStore<C> delegate = new InMemoryLogStore<>();
    final CountDownLatch closed = new CountDownLatch(1);
    volatile boolean failFlushes;

    @Override
    public Index append(C command, Term term) {
        return delegate.append(command, term);
    }

    @Override
    public IndexRange available() {
        return delegate.available();
    }

    @Override
    public Optional<LogEntry<C>> get(Index index) {
        return delegate.get(index);
    }

    @Override
    public List<LogEntry<C>> getRange(IndexRange range) {
        return delegate.getRange(range);
    }

    @Override
    public void truncate(Index at) {
        delegate.truncate(at);
    }

    @Override
    public Cursor last() {
        return delegate.last();
    }

    @Override
    public Optional<Term> termAt(Index index) {
        return delegate.termAt(index);
    }

    @Override
    public void prunePrefix(Index upTo) {
        delegate.prunePrefix(upTo);
    }

    @Override
    public void resetTo(Cursor cursor) {
        delegate.resetTo(cursor);
    }

    @Override
    public HardState hardState() {
        return delegate.hardState();
    }

    @Override
    public void saveHardState(HardState state) {
        delegate.saveHardState(state);
    }

    @Override
    public void flush() {
        if (failFlushes) {
            throw new StorageException("simulated disk failure");
        }
        delegate.flush();
    }

    @Override
    public boolean isPersistent() {
        return false;
    }

    @Override
    public void close() {
        delegate.close();
        closed.countDown();
    }
}
