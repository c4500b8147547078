package dev.groups.testkit.sim;

import dev.groups.log.Cursor;
import dev.groups.log.Index;
import dev.groups.log.IndexRange;
import dev.groups.log.LogEntry;
import dev.groups.log.Term;
import dev.groups.machine.Codec;
import dev.groups.storage.HardState;
import dev.groups.storage.InMemoryLogStore;
import dev.groups.storage.Storage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * A simulated disk: the node sees every change at once, but only {@link #flush()} makes changes
 * durable. A {@link #crash} keeps the durable state plus a random prefix of the unflushed changes (a
 * page cache written back in order, cut at an arbitrary point); {@link #restart()} reopens from that.
 * Hard state is durable on return, as the contract says.
 *
 * <p>With {@link #tearOnCrash} (and a codec to write records with), a crash with unflushed changes
 * keeps some but not all of them whole and the next one <em>torn</em>: its frame ({@link SimRecord})
 * cut short, zeros after the cut. {@link #restart()} reads that frame back as a log-structured store
 * reads its last record at open: it checks the CRC and drops a torn record, keeping every whole record
 * before it. Synced data (flushed changes, hard state) is never torn.
 *
 * <p>{@link #wipe()} loses everything, hard state included: the disk of a member restored from nothing.
 */
public final class SimStorage<T> implements Storage<T> {
    private InMemoryLogStore<T> live = new InMemoryLogStore<>();
    private InMemoryLogStore<T> durable = new InMemoryLogStore<>();
    private final List<SimRecord<T>> unflushed = new ArrayList<>();
    /** Writes the torn record's bytes; null: this disk never tears. */
    private final Codec<T> codec;
    private boolean tearOnCrash;
    /** What the last crash left after the last whole record: a torn frame, read back at restart. */
    private byte[] tornTail;
    private long tornDropped;
    private boolean crashed;
    /** Counts changes to the live log, so checks can skip logs that did not change. */
    private long version;

    /** A disk that loses a clean prefix of its unflushed changes on a crash, never tearing a record. */
    public SimStorage() {
        this(null);
    }

    /** A disk that can tear its last record on a crash ({@link #tearOnCrash}), written with {@code codec}. */
    public SimStorage(Codec<T> codec) {
        this.codec = codec;
    }

    /** Whether a crash with unflushed changes leaves the last one it keeps torn (needs a codec). */
    public void tearOnCrash(boolean tear) {
        if (tear && codec == null) {
            throw new IllegalStateException("a disk without a codec cannot write a torn record");
        }
        this.tearOnCrash = tear;
    }

    /** Torn records found and dropped at restarts so far. */
    public long tornRecordsDropped() {
        return tornDropped;
    }

    @Override
    public Index append(T command, Term term) {
        checkUp();
        version++;
        unflushed.add(new SimRecord.Append<>(command, term));
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
        unflushed.add(new SimRecord.Truncate<>(at));
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
        unflushed.add(new SimRecord.Prune<>(upTo));
        live.prunePrefix(upTo);
    }

    @Override
    public void resetTo(Cursor cursor) {
        checkUp();
        version++;
        unflushed.add(new SimRecord.Reset<>(cursor));
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
        for (SimRecord<T> change : unflushed) {
            change.applyTo(durable);
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

    /** Changes waiting for a flush. */
    public int unflushedChanges() {
        return unflushed.size();
    }

    /** True when nothing is waiting for a flush. */
    public boolean isClean() {
        return unflushed.isEmpty();
    }

    /** What survives a crash now, without the unflushed changes: for invariant checks. */
    public InMemoryLogStore<T> durableView() {
        return durable;
    }

    /**
     * The process died: keep a random prefix of the unflushed changes, lose the rest. Tearing, keep some
     * but not all of them (none when there is only one) and tear the next.
     */
    public void crash(RandomGenerator random) {
        int n = unflushed.size();
        boolean tear = tearOnCrash && n > 0;
        int kept = n == 0 ? 0 : tear ? (n == 1 ? 0 : 1 + random.nextInt(n - 1)) : random.nextInt(n + 1);
        for (int i = 0; i < kept; i++) {
            unflushed.get(i).applyTo(durable);
        }
        if (tear) {
            tornTail = SimRecord.tear(unflushed.get(kept).encode(durable.last(), codec), random);
        }
        unflushed.clear();
        live = null;
        crashed = true;
    }

    /**
     * The process starts again from what was durable. A torn last record fails its CRC and is dropped,
     * as a real store's open check drops it; one whose lost bytes happened to be zeros is whole and kept.
     */
    public void restart() {
        if (tornTail != null) {
            Optional<SimRecord<T>> whole = SimRecord.read(tornTail, codec);
            if (whole.isPresent()) {
                whole.get().applyTo(durable);
            } else {
                tornDropped++;
            }
            tornTail = null;
        }
        version++;
        live = copyOf(durable);
        crashed = false;
    }

    /** While the process is down: the disk is replaced by an empty one (no log, no hard state). */
    public void wipe() {
        if (!crashed) {
            throw new IllegalStateException("wipe the disk of a member that is down");
        }
        durable = new InMemoryLogStore<>();
        unflushed.clear();
        tornTail = null;
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
