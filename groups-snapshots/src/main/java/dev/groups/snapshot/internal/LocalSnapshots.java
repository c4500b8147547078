package dev.groups.snapshot.internal;

import dev.groups.id.PeerId;
import dev.groups.log.Cursor;
import dev.groups.log.Index;
import dev.groups.log.LogPayload;
import dev.groups.log.Term;
import dev.groups.metrics.GroupListener;
import dev.groups.snapshot.SnapshotStore;
import dev.groups.snapshot.SnapshotSummary;
import dev.groups.snapshot.Snapshottable;
import dev.groups.storage.Storage;
import dev.groups.sync.RuntimeState;
import dev.groups.sync.SyncContext;
import dev.groups.sync.replay.TermLeaders;
import dev.groups.snapshot.internal.SnapshotMessages.SnapshotInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * What one member's {@link SnapshotProvider} and its sessions share: the machine, the store, the
 * snapshots committed to it (newest first; the newest {@link SnapshotMessages#MAX_OFFERED} are served,
 * any may become the log's offset; deleted once the offset passed them), the download in progress (kept
 * across sessions so that it resumes), pending on-demand requests and counters. Touched on the group thread only, except the counters, the last summary and the request
 * queue, which any thread may use.
 */
public final class LocalSnapshots {
    private static final System.Logger LOG = System.getLogger(LocalSnapshots.class.getName());

    private final Snapshottable machine;
    private final Function<SyncContext<?, ?>, SnapshotStore> stores;
    private SnapshotStore store;
    /** Every snapshot committed to the store and still valid, newest first. */
    private final List<Snapshot> kept = new ArrayList<>();
    /** The highest log offset seen; snapshots below it may have left the store. */
    private long highestOffset;
    private ChunkDownload download;
    private final AtomicLong taken = new AtomicLong();
    private final AtomicLong installed = new AtomicLong();
    private volatile SnapshotSummary last;
    private final ConcurrentLinkedQueue<CompletableFuture<SnapshotSummary>> requests = new ConcurrentLinkedQueue<>();

    /** {@code stores} makes the member's store when the group starts (it may depend on the group id and the log). */
    public LocalSnapshots(Snapshottable machine, Function<SyncContext<?, ?>, SnapshotStore> stores) {
        this.machine = machine;
        this.stores = stores;
    }

    /**
     * Opens the store and, since the runtime treats the machine as holding every entry up to the log's
     * offset ({@code committed}), puts that state back from the snapshot stored there.
     *
     * @return what the runtime held with that state (its term's leader, the client-session table), to
     *     hand back to it; empty when there was nothing to restore
     * @throws IllegalStateException if the store does not have that snapshot, or it is corrupt or does not
     *     restore: the member must not run with a state that lacks the log's prefix
     */
    public Optional<RuntimeState> open(Cursor committed, SyncContext<?, ?> ctx) {
        if (store != null) {
            store.close(); // a restart of the group with the same machine
            kept.clear();
            abortDownload();
        }
        store = stores.apply(ctx);
        SnapshotStore.Stored s = null;
        for (SnapshotStore.Stored found : store.list()) {
            if (found.anchor().equals(committed) && !committed.index().isZero()) {
                s = found;
            } else {
                // Taken before the restart past the log's offset: the log may have been cut back since
                // (dynamic mode), so nothing says they still belong to its history. New ones follow.
                delete(found.anchor());
            }
        }
        if (committed.index().isZero()) {
            return Optional.empty();
        }
        if (s == null) {
            throw new IllegalStateException("the log starts after " + committed
                    + " but the snapshot store has no snapshot there: the machine would lack that prefix");
        }
        Hashing.Sized check;
        try {
            check = Hashing.sha256(s.open());
        } catch (UncheckedIOException e) {
            throw new IllegalStateException("the stored snapshot at " + committed + " cannot be read", e);
        }
        if (check.size() != s.size() || !check.digest().equals(s.digest())) {
            throw new IllegalStateException("the stored snapshot at " + committed + " is corrupt: its SHA-256 is "
                    + check.digest().shortHex() + "…, " + check.size() + " bytes, not the " + s.digest().shortHex()
                    + "… it was stored with");
        }
        RuntimeState runtime;
        try {
            runtime = restoreMachine(committed, s);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("the stored snapshot at " + committed + " does not restore: " + e, e);
        }
        SnapshotInfo info = new SnapshotInfo(committed, s.size(), s.digest(), runtime.termLeader());
        keep(new Snapshot(info, s));
        last = new SnapshotSummary(committed, s.size(), Instant.now(), false);
        LOG.log(Level.INFO, "{0}: restored the machine from the stored snapshot at {1} ({2} bytes)", who(ctx),
                committed, s.size());
        return Optional.of(runtime);
    }

    /**
     * Captures the machine, which holds the state at {@code at}, with what the runtime holds there
     * ({@code runtime}, taken in the same call); {@code anchorLeader} overrides the runtime's idea of the
     * term's leader when known. Writes it to the store (durable when this returns). Never throws: a
     * snapshot that fails is logged and abandoned.
     */
    void take(Cursor at, Optional<PeerId> anchorLeader, RuntimeState runtime, int chunkSize, SyncContext<?, ?> ctx) {
        if (!runtime.position().equals(at)) {
            throw new IllegalArgumentException("the runtime's state at " + runtime.position() + " for a snapshot at " + at);
        }
        long start = System.nanoTime();
        Optional<PeerId> leader = anchorLeader.or(runtime::termLeader);
        LOG.log(Level.INFO, "{0}: taking a snapshot at {1}", who(ctx), at);
        SnapshotStore.Draft draft = null;
        try {
            draft = store.begin(at);
            DraftOutput out = new DraftOutput(draft);
            SnapshotEnvelope.writeHeader(out, new RuntimeState(at, leader, runtime.clientSessions(), runtime.voters()));
            machine.writeSnapshot(out);
            out.flush();
            SnapshotInfo info = new SnapshotInfo(at, Math.min(out.size(), SnapshotMessages.MAX_SNAPSHOT_BYTES),
                    out.digest(), leader);
            if (out.size() > SnapshotMessages.MAX_SNAPSHOT_BYTES || !info.fits(chunkSize)) {
                draft.abort();
                LOG.log(Level.WARNING, "{0}: a snapshot of {1} bytes is too large to serve in chunks of {2}", who(ctx),
                        out.size(), chunkSize);
                return;
            }
            SnapshotStore.Stored s = draft.commit(info.digest());
            keep(new Snapshot(info, s));
            taken.incrementAndGet();
            long nanos = System.nanoTime() - start;
            SnapshotSummary summary = new SnapshotSummary(at, s.size(), Instant.now(), false);
            last = summary;
            ctx.listener().snapshotTaken(at.index(), s.size(), nanos);
            LOG.log(Level.INFO, "{0}: took the snapshot at {1}: {2} bytes in {3} ms", who(ctx), at, s.size(),
                    nanos / 1_000_000);
            completeRequests(summary);
        } catch (IOException | RuntimeException e) {
            if (draft != null) {
                try {
                    draft.abort();
                } catch (RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            LOG.log(Level.WARNING, who(ctx) + ": the snapshot at " + at + " failed; the log is not pruned behind it", e);
            CompletableFuture<SnapshotSummary> f;
            while ((f = requests.poll()) != null) {
                f.completeExceptionally(e);
            }
        }
    }

    /**
     * The download of {@code info}: the one in progress if it is the same snapshot (a new session resumes
     * it), else a new one (and the previous one's draft is discarded).
     */
    ChunkDownload download(SnapshotInfo info, int chunkSize) {
        if (download != null && download.snapshot().equals(info)) {
            return download;
        }
        abortDownload();
        download = new ChunkDownload(info, chunkSize, store.begin(info.anchor()));
        return download;
    }

    /** Forgets the download in progress (its draft is discarded). */
    void abortDownload() {
        if (download != null) {
            try {
                download.draft().abort();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "cannot discard a snapshot draft", e);
            }
            download = null;
        }
    }

    /**
     * Commits the completed download (its digest checked) and makes it the machine's state: committed
     * first, so that a restart after the log is reset to its anchor finds it.
     *
     * @return the snapshot and what the runtime held with it, to hand back to it
     * @throws IOException or RuntimeException whatever the machine's restore throws, or a
     *     {@code CodecException} if the bytes are not a snapshot envelope; the machine is then unchanged
     *     and the snapshot deleted again
     */
    Installed install(ChunkDownload d) throws IOException {
        if (d != download) {
            throw new IllegalStateException("not the download in progress");
        }
        download = null;
        SnapshotInfo info = d.snapshot();
        SnapshotStore.Stored s = d.draft().commit(info.digest());
        RuntimeState runtime;
        try {
            runtime = restoreMachine(info.anchor(), s);
        } catch (IOException | RuntimeException e) {
            delete(info.anchor());
            throw e;
        }
        if (runtime.termLeader().isEmpty() && info.anchorLeader().isPresent()) {
            runtime = new RuntimeState(runtime.position(), info.anchorLeader(), runtime.clientSessions(),
                    runtime.voters());
        }
        return new Installed(new Snapshot(info, s), runtime, d.startNanos());
    }

    record Installed(Snapshot snapshot, RuntimeState runtime, long startNanos) {}

    private RuntimeState restoreMachine(Cursor anchor, SnapshotStore.Stored s) throws IOException {
        try (InputStream in = s.open()) {
            RuntimeState runtime = SnapshotEnvelope.readHeader(anchor, in);
            machine.restoreSnapshot(in);
            return runtime;
        }
    }

    /** {@code i} was installed from peers: keep serving it. */
    void installed(Installed i, SyncContext<?, ?> ctx) {
        keep(i.snapshot());
        installed.incrementAndGet();
        long nanos = System.nanoTime() - i.startNanos();
        long size = i.snapshot().info().size();
        last = new SnapshotSummary(i.snapshot().anchor(), size, Instant.now(), true);
        ctx.listener().snapshotInstalled(i.snapshot().anchor().index(), size, nanos);
        LOG.log(Level.INFO, "{0}: installed the snapshot at {1}: {2} bytes in {3} ms (transfer and restore)", who(ctx),
                i.snapshot().anchor(), size, nanos / 1_000_000);
    }

    private void keep(Snapshot s) {
        kept.removeIf(k -> k.anchor().index().equals(s.anchor().index())); // the store replaced it too
        int at = 0;
        while (at < kept.size() && kept.get(at).anchor().index().isAfter(s.anchor().index())) {
            at++;
        }
        kept.add(at, s);
    }

    /** The newest {@link SnapshotMessages#MAX_OFFERED}: what this member serves. */
    private List<Snapshot> served() {
        return kept.subList(0, Math.min(kept.size(), SnapshotMessages.MAX_OFFERED));
    }

    /**
     * Forgets snapshots this member's history no longer contains: past its committed position (its
     * state went back, a dynamic-mode regression), or whose anchor entry the log now holds with
     * another term or another term leader. They are deleted from the store unless the log's offset is
     * their anchor.
     */
    <C> void retainValid(Cursor committed, Storage<LogPayload<C>> log) {
        List<Snapshot> gone = new ArrayList<>();
        kept.removeIf(s -> {
            boolean bad = s.anchor().index().isAfter(committed.index()) || !stillInLog(s.info(), log);
            if (bad) {
                gone.add(s);
            }
            return bad;
        });
        Index offset = log.available().start();
        for (Snapshot s : gone) {
            if (!s.anchor().index().equals(offset)) {
                delete(s.anchor());
            }
        }
    }

    /**
     * Deletes the stored snapshots the log's offset has passed and that are not served. The log is
     * flushed first, so that the prune that moved the offset is durable before the snapshot a restart
     * would otherwise need is gone (this happens once a snapshot interval, so the sync costs little).
     */
    <C> void collect(Storage<LogPayload<C>> log) {
        long offset = log.available().start().value();
        highestOffset = Math.max(highestOffset, offset);
        List<Snapshot> served = List.copyOf(served());
        List<Snapshot> doomed = kept.stream()
                .filter(k -> k.anchor().index().value() < offset && !served.contains(k)).toList();
        if (doomed.isEmpty()) {
            return;
        }
        if (log.isPersistent()) {
            log.flush();
        }
        kept.removeAll(doomed);
        doomed.forEach(k -> delete(k.anchor()));
    }

    private void delete(Cursor anchor) {
        try {
            store.delete(anchor);
        } catch (UncheckedIOException e) {
            LOG.log(Level.WARNING, "cannot delete the snapshot at " + anchor + "; trying again later", e);
        }
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

    /** What this member serves, newest first. */
    List<SnapshotInfo> infos() {
        return served().stream().map(Snapshot::info).toList();
    }

    Optional<Snapshot> find(SnapshotInfo info) {
        return served().stream().filter(s -> s.info().equals(info)).findFirst();
    }

    Optional<Snapshot> newest() {
        return kept.isEmpty() ? Optional.empty() : Optional.of(kept.get(0));
    }

    /**
     * The newest anchor (served or not) at least {@code tail} entries before {@code committed} (strictly
     * before it when the tail is 0): the runtime prunes up to {@code min(x, committed - 1)}, so only such an anchor
     * becomes the log's offset exactly, and only an offset that is a snapshot anchor can be restored
     * after a restart.
     */
    Optional<Index> pruneable(Cursor committed, long tail) {
        return pruneable(committed, tail, null);
    }

    /**
     * As {@link #pruneable(Cursor, long)}, but only an anchor whose entry the log holds with the anchor's
     * term: in dynamic mode a kept snapshot of a superseded history can share an index with the log's
     * entry there, and pruning to it would leave an offset no stored snapshot restores (found by the
     * simulator: seed 291 of --mode dynamic --snapshots).
     */
    <C> Optional<Index> pruneable(Cursor committed, long tail, Storage<LogPayload<C>> log) {
        long limit = committed.index().value() - Math.max(1, tail);
        // A kept snapshot below an offset the log once had may be gone from the store (the store may drop
        // what the durable offset passed), so it can no longer anchor a prune: after a dynamic-mode
        // regression the log starts over below it (found by the simulator: seed 291 of --mode dynamic
        // --snapshots, a restart that found no snapshot at its offset).
        return kept.stream().filter(s -> s.anchor().index().value() <= limit)
                .filter(s -> s.anchor().index().value() >= highestOffset)
                .filter(s -> log == null || log.termAt(s.anchor().index()).map(s.anchor().term()::equals).orElse(false))
                .map(s -> s.anchor().index()).findFirst();
    }

    /** Queues an on-demand snapshot, taken at the provider's next call. Any thread. */
    public CompletableFuture<SnapshotSummary> request() {
        CompletableFuture<SnapshotSummary> f = new CompletableFuture<>();
        requests.add(f);
        return f;
    }

    boolean requested() {
        return !requests.isEmpty();
    }

    /** The newest snapshot already is at {@code committed}: requests are answered with it. */
    boolean answerRequestsWithNewest(Cursor committed) {
        Optional<Snapshot> n = newest();
        if (n.isEmpty() || !n.get().anchor().equals(committed) || last == null || !last.anchor().equals(committed)) {
            return false;
        }
        completeRequests(last);
        return true;
    }

    private void completeRequests(SnapshotSummary summary) {
        CompletableFuture<SnapshotSummary> f;
        while ((f = requests.poll()) != null) {
            f.complete(summary);
        }
    }

    /** The snapshot taken or installed last, if any. Any thread. */
    public Optional<SnapshotSummary> last() {
        return Optional.ofNullable(last);
    }

    public long taken() {
        return taken.get();
    }

    public long installed() {
        return installed.get();
    }

    /** Snapshots committed to the store and kept now (tests). */
    int storedCount() {
        return kept.size();
    }

    /** {@code group/peer}, for logs. */
    static String who(SyncContext<?, ?> ctx) {
        return "group " + ctx.groupId().shortHex() + "/" + ctx.localId().shortHex();
    }
}
