package dev.groups.snapshot.internal;

import dev.groups.snapshot.SnapshotSettings;
import dev.groups.snapshot.SnapshotSync;
import dev.groups.id.PeerId;
import dev.groups.log.Cursor;
import dev.groups.log.LogEntry;
import dev.groups.log.LogPayload;
import dev.groups.sync.StateSyncSession;
import dev.groups.sync.SyncSessionContext;
import dev.groups.sync.replay.CatchUpPeers;
import dev.groups.sync.replay.CatchUpTarget;
import dev.groups.snapshot.internal.SessionPeers.ChunkFetch;
import dev.groups.snapshot.internal.SnapshotMessages.ChunkResponse;
import dev.groups.snapshot.internal.SnapshotMessages.EntriesResponse;
import dev.groups.snapshot.internal.SnapshotMessages.SnapshotInfo;
import dev.groups.snapshot.internal.SnapshotMessages.StatusRequest;
import dev.groups.snapshot.internal.SnapshotMessages.StatusResponse;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One catch-up of a lagging member. It asks every bonded peer what it has, then either
 * <ul>
 *   <li>installs a snapshot, when the leader no longer serves the entry after the log's end (it pruned
 *       it) or a snapshot skips more than an interval of entries: the newest one the leader offers
 *       anchored after the log's end and at or before the runtime's target is downloaded in chunks from
 *       every peer that offers it, checked against its digest, restored into the machine, and the log
 *       reset to its anchor, which becomes the committed position; and/or</li>
 *   <li>fetches entries from the log's end to the target from the leader,</li>
 * </ul>
 * then appends the entries the leader sent meanwhile and reports the log's end. It never applies
 * entries: the runtime does as the leader's commit index covers them.
 *
 * <p>If the leader pruned past the log's end and keeps no snapshot at or before the target (it took a
 * newer one while this session ran), the session ends where the log is; the leader's next catch-up
 * heartbeat starts a new session with a newer target.
 */
public final class SnapshotSession<C> implements StateSyncSession<C, SnapshotSync.Message> {
    private static final System.Logger LOG = System.getLogger(SnapshotSession.class.getName());

    private final SnapshotSettings settings;
    private final LocalSnapshots local;
    private final CatchUpTarget<C> tail;
    private final SessionPeers peers = new SessionPeers();
    private final EntryFetch<C> entries;
    /** Snapshots that failed their digest or could not be restored: never tried again by this session. */
    private final Set<SnapshotInfo> rejected = new HashSet<>();
    private ChunkDownload download;
    /** The leader of the installed anchor's term, which the reset log no longer knows. */
    private Optional<PeerId> baseLeader = Optional.empty();
    /** When the first choice is made even if some peers have not answered yet. */
    private Instant decideAfter;
    /** The first choice was made (until then nothing is fetched: it may be a snapshot). */
    private boolean decided;
    /**
     * The leader's entries did not continue the log: our tail past the committed index conflicts with
     * the leader's log (a known conflict, Raft §5.3). Only a snapshot can help now: installing it
     * replaces the whole log. Without one the session ends and the runtime's log matching takes over.
     */
    private boolean diverged;
    /** The download this session announced (INFO once per snapshot, not at every re-choice). */
    private SnapshotInfo announced;

    public SnapshotSession(SnapshotSettings settings, LocalSnapshots local, CatchUpTarget<C> tail) {
        this.settings = settings;
        this.local = local;
        this.tail = tail;
        this.entries = new EntryFetch<>(settings.batchSize(), settings.fetchTimeout());
    }

    @Override
    public void onMessage(PeerId from, SnapshotSync.Message message, SyncSessionContext<C, SnapshotSync.Message> ctx) {
        if (message instanceof StatusResponse s) {
            peers.status(from, s);
        } else if (message instanceof ChunkResponse r) {
            accept(from, r);
        } else if (message instanceof EntriesResponse r) {
            entries.accept(from, r, peers);
        }
    }

    private void accept(PeerId from, ChunkResponse r) {
        Optional<SessionPeers.Fetch> fetch = peers.fetchOf(from);
        if (fetch.isEmpty() || !(fetch.get() instanceof ChunkFetch c) || !c.snapshot().equals(r.snapshot())
                || c.chunk() != r.chunk()) {
            return; // late (its request timed out), duplicated or unsolicited
        }
        peers.done(from);
        if (r.data().isEmpty()) {
            peers.statusWrong(from); // it dropped that snapshot: ask it what it keeps now
        } else if (download != null && download.snapshot().equals(r.snapshot())) {
            try {
                download.accept(r.chunk(), r.data().get());
            } catch (RuntimeException e) { // the store cannot write (disk full, ...): start over later
                LOG.log(Level.WARNING, "cannot write a chunk of the snapshot at " + r.snapshot().anchor(), e);
                local.abortDownload();
                download = null;
            }
        }
    }

    @Override
    public void buffer(Cursor position, List<LogEntry<LogPayload<C>>> entries,
                       SyncSessionContext<C, SnapshotSync.Message> ctx) {
        tail.add(position, entries);
    }

    @Override
    public Optional<Cursor> poll(SyncSessionContext<C, SnapshotSync.Message> ctx) {
        Instant now = ctx.now();
        if (decideAfter == null) {
            decideAfter = CatchUpPeers.after(now, settings.reaskInterval());
        }
        peers.track(ctx.bonds(), ctx.localId());
        peers.expire(now);
        if (download != null && download.complete()) {
            install(ctx);
        }
        if (!entries.drain(ctx, tail.position(), baseLeader) && !diverged) {
            // The leader's own entries do not continue our log. A snapshot it offers past our committed
            // index replaces the conflicting tail; without one, the runtime's log matching repairs it.
            LOG.log(Level.DEBUG, "{0}: the leader''s entries do not continue the log at {1}", who(ctx),
                    ctx.log().last());
            diverged = true;
            decided = false;
            decideAfter = now; // choose again at once, among snapshots only
        }
        if (!ctx.log().last().index().isBefore(tail.position().index())) {
            tail.appendBuffered(ctx.log());
            return Optional.of(ctx.log().last());
        }
        for (PeerId peer : peers.dueForStatus(now, settings.reaskInterval())) {
            ctx.send(peer, new StatusRequest());
        }
        List<PeerId> idle = peers.idle(ctx.leader());
        if (download != null && !download.hasSource(peers)) {
            // Kept by LocalSnapshots: if a peer offers it again (or a later session chooses it), it resumes.
            LOG.log(Level.DEBUG, "no peer offers {0} any more", download.snapshot().anchor());
            download = null;
        }
        if (download == null && !choose(ctx, now)) {
            return Optional.of(ctx.log().last()); // start over with the leader's newer position
        }
        if (download != null) {
            download.schedule(peers, idle, now, settings.fetchTimeout(), ctx::send);
        } else if (decided && !diverged) {
            entries.schedule(ctx, peers, idle, tail.position(), now);
        }
        return Optional.empty();
    }

    /**
     * Starts downloading a snapshot if one is needed and offered; otherwise entries are fetched.
     *
     * @return false when nothing can bring the log to the runtime's target: the leader pruned past the
     *     log's end and offers no snapshot at or before the target
     */
    private boolean choose(SyncSessionContext<C, SnapshotSync.Message> ctx, Instant now) {
        if (!peers.allAnswered() && now.isBefore(decideAfter) || !peers.hasStatus(ctx.leader())) {
            return true; // the first choice waits for every peer's answer, a little, and always for the leader's
        }
        decided = true;
        long last = ctx.log().last().index().value();
        boolean servable = !diverged && entries.leaderServesNext(ctx, peers);
        // A diverged log is replaced whole: any snapshot past the committed index will do.
        long after = diverged ? ctx.committed().index().value() : last;
        Optional<SnapshotInfo> best = best(peers.offeredBy(ctx.leader()), after, ctx.committed());
        if (best.isPresent() && (!servable || best.get().anchor().index().value() - last > settings.interval())) {
            try {
                download = local.download(best.get(), settings.chunkSize());
            } catch (RuntimeException e) { // the store cannot begin a draft (disk full, ...): try again later
                LOG.log(Level.WARNING, who(ctx) + ": cannot start downloading the snapshot at " + best.get().anchor(), e);
                return true;
            }
            if (!best.get().equals(announced)) {
                announced = best.get();
                LOG.log(Level.INFO, "{0}: installing the snapshot at {1} ({2} bytes, {3} of {4} chunks already here)",
                        who(ctx), best.get().anchor(), best.get().size(), download.received(), download.count());
            }
            return true;
        }
        if (diverged) {
            LOG.log(Level.DEBUG, "{0}: no snapshot replaces the conflicting tail after {1}", who(ctx), ctx.committed());
            return false; // the runtime's log matching takes over
        }
        boolean stuck = !servable && best.isEmpty() && peers.hasStatus(ctx.leader()) && !entries.busy(peers);
        if (stuck) {
            LOG.log(Level.DEBUG, "{0}: nothing leads from {1} to {2}; starting over", who(ctx), last,
                    tail.origin());
        }
        return !stuck;
    }

    /**
     * The newest snapshot the leader offers that the session may install: after the log's end and the
     * committed position, at or before the runtime's target and consistent with its term. Only the
     * leader's count: in dynamic mode another peer may still keep a snapshot of a superseded history.
     * Every peer that offers the same one (same digest, so the same bytes) serves its chunks.
     */
    private Optional<SnapshotInfo> best(List<SnapshotInfo> leaderOffers, long last, Cursor committed) {
        Cursor origin = tail.origin();
        return leaderOffers.stream()
                .filter(s -> !rejected.contains(s) && s.fits(settings.chunkSize()))
                .filter(s -> s.anchor().index().value() > last && s.anchor().index().isAfter(committed.index()))
                .filter(s -> s.anchor().index().equals(origin.index()) ? s.anchor().term().equals(origin.term())
                        : s.anchor().index().isBefore(origin.index()) && !s.anchor().term().isAfter(origin.term()))
                .max(Comparator.comparingLong(s -> s.anchor().index().value()));
    }

    private static String who(SyncSessionContext<?, ?> ctx) {
        return LocalSnapshots.who(ctx);
    }

    /** Checks the downloaded snapshot and makes it the machine's state and the log's base. */
    private void install(SyncSessionContext<C, SnapshotSync.Message> ctx) {
        ChunkDownload d = download;
        SnapshotInfo info = d.snapshot();
        download = null;
        Cursor anchor = info.anchor();
        boolean verified;
        try {
            verified = d.verify();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, who(ctx) + ": cannot read back the snapshot downloaded at " + anchor, e);
            verified = false;
        }
        if (!verified) {
            LOG.log(Level.WARNING, "{0}: the snapshot downloaded at {1} does not match its SHA-256 {2}…; asking for another",
                    who(ctx), anchor, info.digest().shortHex());
            rejected.add(info);
            local.abortDownload();
            return;
        }
        if ((!diverged && !anchor.index().isAfter(ctx.log().last().index()))
                || !anchor.index().isAfter(ctx.committed().index())) {
            local.abortDownload(); // the entries fetched meanwhile already cover it
            return;
        }
        LocalSnapshots.Installed installed;
        try {
            installed = local.install(d);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, who(ctx) + ": the machine refused the snapshot at " + anchor, e);
            rejected.add(info);
            return;
        }
        ctx.log().resetTo(anchor);
        ctx.setCommitted(installed.runtime());
        local.installed(installed, ctx);
        baseLeader = info.anchorLeader();
        entries.clear();
        diverged = false; // the conflicting tail is gone with the rest of the log
    }
}
