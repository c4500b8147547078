package dev.groups.testkit.snapshot;

import dev.groups.id.UniqueId;
import dev.groups.log.Cursor;
import dev.groups.log.Index;
import dev.groups.log.LogEntry;
import dev.groups.log.LogPayload;
import dev.groups.machine.Codec;
import dev.groups.sync.CatchUpTarget;
import dev.groups.sync.StateSync;
import dev.groups.sync.StateSyncProvider;
import dev.groups.sync.StateSyncSession;
import dev.groups.sync.SyncProviderContext;
import dev.groups.sync.SyncSessionContext;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link StateSync} that catches a lagging member up from a snapshot of the machine instead of the
 * whole log, and so lets the runtime prune the log (spec §5.1, the recipe of mosaik's collections
 * {@code SnapshotSync}). Written against the public SPI only.
 *
 * <h2>Serving (every member, every role)</h2>
 * Each time its committed index reaches a multiple of {@link SnapshotSettings#interval()}, a member
 * captures {@link Snapshottable#snapshot()} with the committed cursor as its <em>anchor</em>. Members
 * apply the same log, so snapshots anchored at one position are byte for byte equal on all of them;
 * they commit in different steps, so their anchors are near one another rather than equal. A member
 * keeps its two newest snapshots, serves them in chunks of {@link SnapshotSettings#chunkSize()} bytes,
 * serves its committed log entries (the leader: its whole log), and lets the runtime prune the log up
 * to its newest snapshot anchored before the committed index.
 *
 * <h2>Catching up (a session)</h2>
 * The session asks every bonded peer what it has. When the leader no longer serves the entry after the
 * local log's end, or a snapshot would skip more than an interval of entries, it downloads the newest
 * snapshot the leader offers anchored after the log's end and at or before the runtime's target, in
 * chunks from every peer that offers the same one (the leader last, one request in flight per peer, a chunk whose peer
 * times out or leaves goes to another), checks the SHA-256 of the whole, then
 * {@link Snapshottable#restore restores} it, calls {@code log().resetTo(anchor)} and
 * {@link SyncSessionContext#setCommitted setCommitted(anchor)}. It then fetches the entries from the
 * anchor to the target from the leader, a batch at a time, each checked to continue the log (term and
 * term leader), appends the entries the leader sent meanwhile, and reports {@code log().last()}.
 * Only snapshots the leader offers are installed and only the leader's entries appended: in dynamic
 * mode another member may still hold a superseded history, and once a snapshot replaced the log's
 * prefix the term-start entries that tell histories apart are gone. Peers are asked again every fifth
 * of the fetch timeout, so a session finishes whenever the leader can serve it; if the leader pruned
 * past the log's end and offers no snapshot at or before the target, the session ends and the leader's
 * next catch-up starts one with a newer target.
 *
 * <h2>Restarts</h2>
 * The runtime restarts a member with a persistent log as if its machine held every entry up to the
 * log's offset. A machine that lives in memory needs a {@link SnapshotStore}: every offset is then a
 * snapshot anchor saved there, and {@link #createProvider} restores it (and throws, rather than let the
 * member run with a state that lacks the prefix, if the store does not have it or it does not restore).
 *
 * <h2>Cost</h2>
 * Capturing a snapshot runs {@link Snapshottable#snapshot()} on the group thread once every interval;
 * a member keeps two snapshots in memory (and in its store, if any).
 *
 * <h2>Threading</h2>
 * Like every state sync, its provider and sessions run on the group's thread and never block (a
 * store's {@code save} excepted): they send, return, and are polled again; time comes only from
 * {@code ctx.now()}. One instance belongs to one machine on one node (it holds that machine's
 * snapshots); {@link #snapshotsTaken()} and {@link #snapshotsInstalled()} may be read from any thread.
 *
 * @param <C> the state machine's command type
 */
public final class SnapshotSync<C> implements StateSync<C, SnapshotSync.Message> {
    /** The stable name the signature starts from; changing it splits groups, so it carries a version. */
    private static final String SIGNATURE_NAME = "groups.testkit.snapshot-sync.v1";

    private final SnapshotSettings settings;
    private final LocalSnapshots local;

    /** For {@code machine}, with default settings and no store (snapshots in memory only). */
    public SnapshotSync(Snapshottable machine) {
        this(machine, SnapshotSettings.defaults());
    }

    /** For {@code machine}, with no store (snapshots in memory only: for a volatile log). */
    public SnapshotSync(Snapshottable machine, SnapshotSettings settings) {
        this(machine, settings, Optional.empty());
    }

    /** For {@code machine}, saving its snapshots to {@code store} (for a persistent log). */
    public SnapshotSync(Snapshottable machine, SnapshotSettings settings, SnapshotStore store) {
        this(machine, settings, Optional.of(store));
    }

    private SnapshotSync(Snapshottable machine, SnapshotSettings settings, Optional<SnapshotStore> store) {
        Objects.requireNonNull(machine, "machine");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.local = new LocalSnapshots(machine, store);
    }

    public SnapshotSettings settings() {
        return settings;
    }

    /**
     * {@code id("groups.testkit.snapshot-sync.v1")} derived in turn with the little-endian 64-bit
     * interval, chunk size, batch size and fetch timeout in seconds: every setting members must share.
     */
    @Override
    public UniqueId signature() {
        return UniqueId.of(SIGNATURE_NAME)
                .derive(u64le(settings.interval()))
                .derive(u64le(settings.chunkSize()))
                .derive(u64le(settings.batchSize()))
                .derive(u64le(settings.fetchTimeout().toSeconds()));
    }

    @Override
    public Codec<Message> messageCodec() {
        return new SnapshotCodec(settings.chunkSize(), settings.batchSize());
    }

    /** Restores the stored snapshot at the log's offset, if the member restarts from a pruned log. */
    @Override
    public StateSyncProvider<Message> createProvider(SyncProviderContext<C, Message> ctx) {
        local.recover(ctx.committed()).ifPresent(ctx::restored);
        return new SnapshotProvider(settings, local);
    }

    @Override
    public StateSyncSession<C, Message> createSession(SyncSessionContext<C, Message> ctx, Cursor position,
                                                      Index leaderCommit, List<LogEntry<LogPayload<C>>> entries) {
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(entries, "entries");
        return new SnapshotSession<>(settings, local, new CatchUpTarget<>(position, entries));
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
     * A message between members' snapshot providers and sessions. Opaque outside this package: the
     * runtime only carries it, encoded with {@link #messageCodec()}.
     */
    public sealed interface Message permits SnapshotMessages.StatusRequest, SnapshotMessages.StatusResponse,
            SnapshotMessages.ChunkRequest, SnapshotMessages.ChunkResponse, SnapshotMessages.EntriesRequest,
            SnapshotMessages.EntriesResponse {}
}
