package dev.groups.snapshot;

import dev.groups.id.UniqueId;
import dev.groups.log.Cursor;
import dev.groups.log.Index;
import dev.groups.log.LogEntry;
import dev.groups.log.LogPayload;
import dev.groups.machine.Codec;
import dev.groups.snapshot.internal.LocalSnapshots;
import dev.groups.snapshot.internal.SnapshotCodec;
import dev.groups.snapshot.internal.SnapshotProvider;
import dev.groups.snapshot.internal.SnapshotSession;
import dev.groups.sync.StateSync;
import dev.groups.sync.StateSyncProvider;
import dev.groups.sync.StateSyncSession;
import dev.groups.sync.SyncContext;
import dev.groups.sync.SyncProviderContext;
import dev.groups.sync.SyncSessionContext;
import dev.groups.sync.replay.CatchUpTarget;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * A {@link StateSync} that catches a lagging member up from a snapshot of the machine instead of the
 * whole log, and so lets the runtime prune the log (spec §5.1, the recipe of mosaik's collections
 * {@code SnapshotSync}). Written against the public SPI only. A machine opts in by implementing
 * {@link Snapshottable} and returning one instance of this class from {@code stateSync()}:
 *
 * <pre>{@code
 * private final SnapshotSync<Cmd> sync = SnapshotSync.inDirectory(this, SnapshotSettings.defaults(), dataDir.resolve("snapshots"));
 * public StateSync<Cmd, ?> stateSync() { return sync; }
 * }</pre>
 *
 * <h2>Serving and compaction (every member, every role)</h2>
 * A member snapshots its machine ({@link Snapshottable#writeSnapshot}) with its committed cursor as the
 * <em>anchor</em>: each time its committed index reaches a multiple of
 * {@link SnapshotSettings#interval()}, when its log grew by {@link SnapshotSettings#logBytes()} since the
 * last one, and when asked ({@link #requestSnapshot()}). The bytes go to its {@link SnapshotStore}
 * together with the runtime's state at the anchor (the term's leader and the client-session table,
 * {@code SyncProviderContext.runtimeState()}), are hashed (SHA-256) on the way and are committed (a
 * file synced and renamed into place) before anything depends on them. A member serves its two newest
 * snapshots in chunks of {@link SnapshotSettings#chunkSize()} bytes read from the store, serves its
 * committed log entries (the leader: its whole log), and lets the runtime prune the log up to its newest
 * snapshot anchored at least {@link SnapshotSettings#tail()} entries before the committed index (served
 * or not). A snapshot the log's offset has passed and that is no longer served is deleted.
 *
 * <h2>Catching up (a session)</h2>
 * The session asks every bonded peer what it has. When the leader no longer serves the entry after the
 * local log's end, or a snapshot would skip more than an interval of entries, it downloads the newest
 * snapshot <em>the leader</em> offers anchored after the log's end and at or before the runtime's target.
 * Its chunks come from every peer that offers the same snapshot (same anchor, size and SHA-256: the same
 * bytes), the leader last, one request in flight per peer; a chunk whose peer times out or leaves goes
 * to another. Chunks are written to a store draft as they arrive; a download outlives its session, so
 * after a broken bond the next session continues with the chunks already here. The whole is checked
 * against its SHA-256, committed, {@link Snapshottable#restoreSnapshot restored}, then the session calls
 * {@code log().resetTo(anchor)} and {@code setCommitted(runtimeState)}. It then fetches the entries from
 * the anchor to the target from the leader, a batch at a time, each checked to continue the log (term
 * and term leader), appends the entries the leader sent meanwhile, and reports {@code log().last()}.
 * Only snapshots the leader offers are installed and only the leader's entries appended: in dynamic
 * mode another member may still hold a superseded history. When the leader's entries do not continue
 * the log (its tail past the committed index conflicts with the leader's), a snapshot the leader offers
 * past the committed index replaces the whole log; without one the session ends and the runtime's log
 * matching repairs the tail. A chunk or snapshot that fails its checks
 * is dropped with a warning and fetched again or elsewhere; nothing a peer sends can crash the group or
 * make it hold more than a chunk in memory.
 *
 * <h2>Restarts</h2>
 * The runtime restarts a member with a persistent log as if its machine held every entry up to the
 * log's offset. Every offset is a snapshot anchor committed to the store before the log moved there,
 * and {@link #createProvider} restores it (after checking its SHA-256), or throws, rather than let the
 * member run with a state that lacks the prefix, if the store does not have it or it is corrupt. So a
 * persistent log needs a durable store: {@link #inDirectory}.
 *
 * <h2>Threading and cost</h2>
 * Like every state sync, its provider and sessions run on the group's thread: they send, return, and
 * are polled again; time comes only from {@code ctx.now()}. Taking a snapshot writes the whole state on
 * that thread (the group pauses meanwhile); serving a chunk reads one chunk from the store. One instance
 * belongs to one machine on one node (it holds that machine's snapshots). {@link #requestSnapshot()},
 * {@link #lastSnapshot()}, {@link #snapshotsTaken()} and {@link #snapshotsInstalled()} may be called from
 * any thread.
 *
 * @param <C> the state machine's command type
 */
public final class SnapshotSync<C> implements StateSync<C, SnapshotSync.Message> {
    /** The stable name the signature starts from; changing it splits groups, so it carries a version. */
    private static final String SIGNATURE_NAME = "groups.snapshot-sync.v2";

    private final SnapshotSettings settings;
    private final LocalSnapshots local;

    /** For {@code machine}, with default settings, snapshots in memory (for a volatile log). */
    public SnapshotSync(Snapshottable machine) {
        this(machine, SnapshotSettings.defaults());
    }

    /** For {@code machine}, snapshots in memory (for a volatile log). */
    public SnapshotSync(Snapshottable machine, SnapshotSettings settings) {
        this(machine, settings, ctx -> SnapshotStore.memory());
    }

    /**
     * For {@code machine}, with its snapshots in {@code store}. The store belongs to this instance from
     * now on (it is closed when the group restarts with it).
     */
    public SnapshotSync(Snapshottable machine, SnapshotSettings settings, SnapshotStore store) {
        this(machine, settings, ctx -> store);
        Objects.requireNonNull(store, "store");
    }

    private SnapshotSync(Snapshottable machine, SnapshotSettings settings,
                         Function<SyncContext<?, ?>, SnapshotStore> stores) {
        Objects.requireNonNull(machine, "machine");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.local = new LocalSnapshots(machine, stores);
    }

    /**
     * For {@code machine}, with its snapshots in files under {@code root/<group id>} when the group's log
     * is persistent (next to it, so that a restart from a pruned log finds them), in memory when it is
     * not. One {@code root} can serve every group of a node.
     */
    public static <C> SnapshotSync<C> inDirectory(Snapshottable machine, SnapshotSettings settings, Path root) {
        Objects.requireNonNull(root, "root");
        return new SnapshotSync<>(machine, settings, ctx -> ctx.log().isPersistent()
                ? SnapshotStore.directory(root.resolve(ctx.groupId().toString())) : SnapshotStore.memory());
    }

    public SnapshotSettings settings() {
        return settings;
    }

    /**
     * {@code id("groups.snapshot-sync.v2")} derived in turn with the little-endian 64-bit chunk size and
     * batch size: the wire limits members must share. The snapshot policy, the tail and the fetch timeout
     * are each member's own.
     */
    @Override
    public UniqueId signature() {
        return UniqueId.of(SIGNATURE_NAME)
                .derive(u64le(settings.chunkSize()))
                .derive(u64le(settings.batchSize()));
    }

    @Override
    public Codec<Message> messageCodec() {
        return new SnapshotCodec(settings.chunkSize(), settings.batchSize());
    }

    /**
     * Opens the store and, if the member restarts from a pruned log, restores the stored snapshot at the
     * log's offset.
     *
     * @throws IllegalStateException if the log's offset has no intact snapshot in the store
     */
    @Override
    public StateSyncProvider<Message> createProvider(SyncProviderContext<C, Message> ctx) {
        local.open(ctx.committed(), ctx).ifPresent(ctx::restored);
        return new SnapshotProvider(settings, local);
    }

    @Override
    public StateSyncSession<C, Message> createSession(SyncSessionContext<C, Message> ctx, Cursor position,
                                                      Index leaderCommit, List<LogEntry<LogPayload<C>>> entries) {
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(entries, "entries");
        return new SnapshotSession<>(settings, local, new CatchUpTarget<>(position, entries));
    }

    /**
     * Asks for a snapshot now, whatever the policy: it is taken at the group's next step (a commit, a
     * message or a timer tick) at the committed position, or answered with the newest snapshot when that
     * is already there. Any thread; never blocks.
     *
     * @return completes with the snapshot, or exceptionally if taking it failed; never completes if the
     *     group is not running
     */
    public CompletableFuture<SnapshotSummary> requestSnapshot() {
        return local.request();
    }

    /** The snapshot this member took or installed last (since this process started), if any. Any thread. */
    public Optional<SnapshotSummary> lastSnapshot() {
        return local.last();
    }

    /** Snapshots this member captured so far. */
    public long snapshotsTaken() {
        return local.taken();
    }

    /** Snapshots this member installed from peers so far. */
    public long snapshotsInstalled() {
        return local.installed();
    }

    @Override
    public String toString() {
        return "SnapshotSync(" + settings + ")";
    }

    private static byte[] u64le(long value) {
        byte[] out = new byte[Long.BYTES];
        for (int i = 0; i < Long.BYTES; i++) {
            out[i] = (byte) (value >>> (8 * i));
        }
        return out;
    }

    /**
     * A message between members' snapshot providers and sessions. Opaque: only this module's messages
     * implement it, and the runtime only carries them, encoded with {@link #messageCodec()} (which
     * refuses any other).
     */
    public interface Message {}
}
