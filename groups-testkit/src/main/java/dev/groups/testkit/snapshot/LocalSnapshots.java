package dev.groups.testkit.snapshot;

import dev.groups.id.PeerId;
import dev.groups.log.Cursor;
import dev.groups.log.Index;
import dev.groups.log.LogPayload;
import dev.groups.log.Term;
import dev.groups.storage.Storage;
import dev.groups.sync.RuntimeState;
import dev.groups.sync.TermLeaders;
import dev.groups.testkit.snapshot.SnapshotMessages.SnapshotInfo;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What one member's {@link SnapshotProvider} and its sessions share: the machine, the snapshots the
 * member keeps (newest first, at most {@link SnapshotMessages#MAX_OFFERED}), the optional durable
 * store, and counters. Touched on the group thread only, except the counters, which any thread may read.
 */
final class LocalSnapshots {
    private static final System.Logger LOG = System.getLogger(LocalSnapshots.class.getName());

    private final Snapshottable machine;
    private final Optional<SnapshotStore> store;
    private final List<Snapshot> kept = new ArrayList<>();
    private final AtomicLong taken = new AtomicLong();
    private final AtomicLong installed = new AtomicLong();

    LocalSnapshots(Snapshottable machine, Optional<SnapshotStore> store) {
        this.machine = machine;
        this.store = store;
    }

    /**
     * At group start the runtime treats the machine as holding every entry up to the log's offset
     * ({@code committed}): put that state back from the store, if there is one.
     *
     * @return what the runtime held with that state (its term's leader, the client-session table), to
     *     hand back to it; empty when there was nothing to restore
     * @throws IllegalStateException if the store does not have that snapshot, or it does not restore:
     *     the member must not run with a state that lacks the log's prefix
     */
    Optional<RuntimeState> recover(Cursor committed) {
        if (committed.index().isZero() || store.isEmpty()) {
            return Optional.empty();
        }
        Optional<byte[]> bytes = store.get().load(committed);
        if (bytes.isEmpty()) {
            throw new IllegalStateException("the log starts after " + committed
                    + " but the snapshot store has no snapshot there: the machine would lack that prefix");
        }
        SnapshotEnvelope envelope;
        try {
            envelope = SnapshotEnvelope.decode(committed, bytes.get());
            machine.restore(envelope.machine());
        } catch (RuntimeException e) {
            throw new IllegalStateException("the stored snapshot at " + committed + " does not restore", e);
        }
        keep(Snapshot.of(committed, bytes.get(), envelope.runtime().termLeader()));
        return Optional.of(envelope.runtime());
    }

    /**
     * Captures the machine, which holds the state at {@code at}, with what the runtime holds there
     * ({@code runtime}, taken in the same call); {@code anchorLeader} overrides the runtime's idea of the
     * term's leader when known.
     */
    void take(Cursor at, Optional<PeerId> anchorLeader, RuntimeState runtime) {
        if (!runtime.position().equals(at)) {
            throw new IllegalArgumentException("the runtime's state at " + runtime.position() + " for a snapshot at " + at);
        }
        Optional<PeerId> leader = anchorLeader.or(runtime::termLeader);
        byte[] bytes = SnapshotEnvelope.encode(new RuntimeState(at, leader, runtime.clientSessions()), machine.snapshot());
        if (bytes.length > SnapshotMessages.MAX_SNAPSHOT_BYTES) {
            LOG.log(Level.WARNING, "a snapshot of {0} bytes is too large to serve", bytes.length);
            return;
        }
        Snapshot s = Snapshot.of(at, bytes, leader);
        store.ifPresent(st -> st.save(at, s.bytes()));
        keep(s);
        taken.incrementAndGet();
    }

    /**
     * Makes {@code s} the machine's state (saved first, so that a restart after the log is reset to its
     * anchor finds it).
     *
     * @return what the runtime held with that state, to hand back to it
     * @throws RuntimeException whatever the machine's {@code restore} throws, or a {@code CodecException}
     *     if the bytes are not a snapshot envelope; the state is then unchanged
     */
    RuntimeState restore(Snapshot s) {
        SnapshotEnvelope envelope = SnapshotEnvelope.decode(s.anchor(), s.bytes());
        store.ifPresent(st -> st.save(s.anchor(), s.bytes()));
        machine.restore(envelope.machine());
        RuntimeState runtime = envelope.runtime();
        return runtime.termLeader().isPresent() || s.info().anchorLeader().isEmpty() ? runtime
                : new RuntimeState(runtime.position(), s.info().anchorLeader(), runtime.clientSessions());
    }

    /** {@code s} was installed from peers: keep serving it. */
    void installed(Snapshot s) {
        keep(s);
        installed.incrementAndGet();
    }

    private void keep(Snapshot s) {
        kept.removeIf(k -> k.anchor().index().equals(s.anchor().index()));
        int at = 0;
        while (at < kept.size() && kept.get(at).anchor().index().isAfter(s.anchor().index())) {
            at++;
        }
        kept.add(at, s);
        while (kept.size() > SnapshotMessages.MAX_OFFERED) {
            kept.remove(kept.size() - 1);
        }
    }

    /**
     * Forgets snapshots this member's history no longer contains: past its committed position (its
     * state went back, a dynamic-mode regression), or whose anchor entry the log now holds with
     * another term or another term leader.
     */
    <C> void retainValid(Cursor committed, Storage<LogPayload<C>> log) {
        kept.removeIf(s -> s.anchor().index().isAfter(committed.index()) || !stillInLog(s.info(), log));
    }

    private static <C> boolean stillInLog(SnapshotInfo info, Storage<LogPayload<C>> log) {
        Index at = info.anchor().index();
        Optional<Term> term = log.termAt(at);
        if (term.isEmpty()) {
            return at.isBefore(log.available().start()); // pruned behind it: nothing to compare; else beyond the end
        }
        if (!term.get().equals(info.anchor().term())) {
            return false;
        }
        Optional<PeerId> leader = TermLeaders.leaderOfEntryAt(log, at);
        return leader.isEmpty() || info.anchorLeader().isEmpty() || leader.equals(info.anchorLeader());
    }

    List<SnapshotInfo> infos() {
        return kept.stream().map(Snapshot::info).toList();
    }

    Optional<Snapshot> find(SnapshotInfo info) {
        return kept.stream().filter(s -> s.info().equals(info)).findFirst();
    }

    Optional<Snapshot> newest() {
        return kept.isEmpty() ? Optional.empty() : Optional.of(kept.get(0));
    }

    /**
     * The newest anchor strictly before {@code committed}: the runtime prunes up to
     * {@code min(x, committed - 1)}, so only such an anchor becomes the log's offset exactly, and only an
     * offset that is a snapshot anchor can be restored after a restart.
     */
    Optional<Index> pruneable(Cursor committed) {
        return kept.stream().map(s -> s.anchor().index()).filter(i -> i.isBefore(committed.index())).findFirst();
    }

    long taken() {
        return taken.get();
    }

    long installed() {
        return installed.get();
    }
}
