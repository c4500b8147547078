package dev.groups.raft;

import dev.groups.consensus.ConsensusConfig;
import dev.groups.consensus.VotingConfiguration;
import dev.groups.consensus.Role;
import dev.groups.id.GroupId;
import dev.groups.id.GroupKey;
import dev.groups.id.PeerId;
import dev.groups.log.Index;
import dev.groups.log.IndexRange;
import dev.groups.log.LogPayload;
import dev.groups.log.Term;
import dev.groups.machine.CodecException;
import dev.groups.machine.Consistency;
import dev.groups.machine.QueryResultAt;
import dev.groups.machine.StateMachine;
import dev.groups.raft.bond.BondFrame;
import dev.groups.raft.bond.BondFrameCodec;
import dev.groups.raft.core.ClientOutcome;
import dev.groups.raft.core.Outgoing;
import dev.groups.raft.core.RaftMessage;
import dev.groups.raft.core.RaftNode;
import dev.groups.raft.core.RaftSetup;
import dev.groups.raft.core.RaftTuning;
import dev.groups.raft.discovery.SignedPeerEntry;
import dev.groups.raft.wire.RaftCodec;
import dev.groups.storage.Storage;
import dev.groups.tickets.Expiration;
import dev.groups.tickets.InvalidTicket;
import dev.groups.tickets.TicketAuthorization;
import dev.groups.tickets.TicketValidator;
import dev.groups.tickets.TicketVerdict;
import dev.groups.transport.Channel;
import dev.groups.transport.CloseReason;
import dev.groups.transport.Endpoint;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;

/**
 * The worker of one group on this node: an actor on the node's shared {@link Workers} that owns the
 * consensus core, the log, the machine and the group's bonds (mosaik's group worker). Transport
 * threads and callers only post work to its mailbox; its tasks run one at a time, in order, and never
 * on two threads at once, so no lock guards Raft state. "The group thread" below means whichever
 * worker runs the group's current task.
 *
 * <p>After each piece of work it flushes the log if the core changed it (group commit: one flush for
 * everything the work appended) and only then lets the core's answers out, so nothing is acknowledged
 * before it is durable.
 */
final class GroupRuntime<C, Q, R> {
    private static final System.Logger LOG = System.getLogger(GroupRuntime.class.getName());
    /** How often the catalog is scanned again while some member is neither bonded nor being dialed. */
    private static final long RESCAN_MILLIS = 1_000;
    private static final long DIAL_BACKOFF_MIN = 200;
    private static final long DIAL_BACKOFF_MAX = 5_000;

    final Network network;
    final GroupId id;
    final GroupKey key;
    final ConsensusConfig config;
    final List<TicketValidator> validators;
    final StateMachine<C, Q, R> machine;
    private final Storage<LogPayload<C>> storage;
    private final Workers.Mailbox mailbox;
    private final RaftNode<C, Q, R> raft;
    /** A pump is queued behind the tasks now waiting (see {@link #requestPump}); group thread only. */
    private boolean pumpQueued;
    private final RaftCodec<C, Q, R> codec;
    final When when;
    final Bonds bondsView = new Bonds();

    private final Map<PeerId, BondLink> bonds = new HashMap<>();
    private final Map<PeerId, BondLink> dialing = new HashMap<>();
    private final Map<PeerId, long[]> backoff = new HashMap<>(); // peer -> {next dial at, current delay}
    private final Map<Long, Request<C, R>> requests = new HashMap<>();
    private long nextRequestId = 1;
    private long lastScan;
    /** The last scan left a member undialed (backing off, over the dial budget) or a dial failed: scan again. */
    private boolean rescan;
    private int handles;
    /** Written on the group thread, read by callers to fail fast. */
    private volatile boolean stopped;
    /** Set (before {@code stopped}) when a failure on the group thread stopped the group. */
    private volatile GroupException.GroupTerminated termination;
    private ScheduledFuture<?> tick;
    private long tickAt = Long.MAX_VALUE;
    /**
     * Hibernating: the core is not ticked (no heartbeats from a leader, no election timer on a
     * follower) until the next event wakes it; see {@link #maybeQuiesce}. Group thread only.
     */
    private boolean quiescent;
    /** When the group last quiesced (node milliseconds). Group thread only. */
    private long quietSince;
    /** {@link #quiescent} as of the last pump, for status readers (and tests) on other threads. */
    private volatile boolean publishedQuiescent;
    /** The core's role and term as of the last pump, for status readers on other threads. */
    private volatile Role publishedRole = Role.FOLLOWER;
    private volatile Term publishedTerm = Term.ZERO;
    private volatile Optional<VotingConfiguration> publishedVoters = Optional.empty();
    /** Logs the group's story, feeds its observer's listener, publishes its gauges. */
    final GroupMonitor monitor;

    /**
     * A client request in flight: its future, what failed commands must be returned as unsent, and when
     * it was proposed (for the latency metrics).
     */
    private record Request<C, R>(CompletableFuture<Object> future, List<?> payload, boolean feed, long startNanos) {}

    GroupRuntime(Network network, GroupId id, GroupKey key, ConsensusConfig config, List<TicketValidator> validators,
                 StateMachine<C, Q, R> machine, Storage<LogPayload<C>> storage) {
        this.network = network;
        this.id = id;
        this.key = key;
        this.config = config;
        this.validators = List.copyOf(validators);
        this.machine = machine;
        this.storage = storage;
        this.when = new When(network.localId());
        this.codec = new RaftCodec<>(machine.commandCodec(), machine.queryCodec(), machine.resultCodec());
        this.mailbox = network.workers().mailbox();
        this.monitor = new GroupMonitor(id, network.localId(), bondsView, network.observer());
        this.raft = new RaftNode<>(new RaftSetup<>(network.localId(), id, network.networkId(), config, machine, storage,
                new SplittableRandom(), RaftTuning.defaults(), monitor.listener()));
        network.liveness().register(config);
    }

    // ------------------------------------------------------------------------------------------- lifecycle

    void start() {
        execute(() -> {
            raft.start(now());
            monitor.logChanged(storage, raft.logPosition()); // what the log held at start
            LOG.log(Level.INFO, "group {0}: joined ({1}, machine {2}, {3} log{4})", id.shortHex(),
                    config.isStrict() ? "strict mode, " + raft.votingConfiguration().orElseThrow().voters().size() + " voters" : "dynamic mode",
                    machine.getClass().getSimpleName(), storage.isPersistent() ? "durable" : "in-memory",
                    raft.logPosition().index().isZero() ? "" : " at " + raft.logPosition().index().value());
            network.discovery().setMember(id, true);
            scanCatalog();
            pump();
        });
    }

    /** Set when the group starts leaving (a leader may still hand over): a new join starts afresh. */
    private volatile boolean leaving;

    boolean isLeaving() {
        return leaving;
    }

    /** A new handle to this group. */
    synchronized void retain() {
        handles++;
    }

    /** A handle closed; the last one leaves the group. */
    void release() {
        boolean last;
        synchronized (this) {
            last = --handles == 0;
        }
        if (last) {
            // Forgotten once gone, not before: a leader hands over first and must still hear its peers.
            leave().whenComplete((v, e) -> network.groupsImpl().forget(this));
        }
    }

    /**
     * Leaves: a leader first hands leadership over (Raft dissertation §3.10, so the group does not wait a
     * whole election timeout for the next leader), then Departure to every bond (delivered before the
     * close), then the worker stops. A hand-over that cannot complete ends within an election timeout and
     * the member leaves anyway.
     */
    CompletableFuture<Void> leave() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        leaving = true;
        execute(() -> {
            if (stopped || raft.role() != Role.LEADER || raft.bonds().isEmpty()) {
                depart(done);
                return;
            }
            CompletableFuture<Object> handoff = new CompletableFuture<>();
            long rid = nextRequestId++;
            requests.put(rid, new Request<>(handoff, List.of(), false, 0));
            wake(); // a hibernating group's timers must run again (the request has a deadline)
            raft.transferLeadership(rid, null, now());
            requestPump();
            handoff.whenComplete((leader, failure) -> {
                if (failure != null) {
                    LOG.log(Level.DEBUG, "group {0}: no hand-over before leaving: {1}", id.shortHex(), failure.getMessage());
                } else {
                    LOG.log(Level.INFO, "group {0}: handed leadership to {1} before leaving", id.shortHex(),
                            ((PeerId) leader).shortHex());
                }
                execute(() -> depart(done));
            });
        });
        return done;
    }

    /**
     * Hands leadership to {@code target}, or to the most up-to-date member when null; completes with the
     * new leader. See {@link Group#transferLeadership(PeerId)}.
     */
    CompletableFuture<PeerId> transferLeadership(PeerId target) {
        return request(rid -> raft.transferLeadership(rid, target, now())).thenApply(o -> (PeerId) o);
    }

    /**
     * Adds or removes a voter through the leader (forwarded when this member does not lead); completes
     * with the configuration that made the change once it committed. See {@link Membership}.
     */
    CompletableFuture<VotingConfiguration> changeVoters(boolean add, PeerId peer) {
        return request(rid -> raft.changeVoters(rid, add, peer, now())).thenApply(o -> (VotingConfiguration) o);
    }

    /**
     * A request without commands, handed to the core on the group's thread under a new request id; the
     * future completes with the core's outcome for it (see {@link #deliverOutcomes}).
     */
    private CompletableFuture<Object> request(java.util.function.LongConsumer call) {
        CompletableFuture<Object> f = new CompletableFuture<>();
        execute(() -> {
            if (stopped) {
                f.completeExceptionally(terminated());
                return;
            }
            long rid = nextRequestId++;
            requests.put(rid, new Request<>(f, List.of(), false, 0));
            wake(); // a hibernating group's timers must run again (the request has a deadline)
            call.accept(rid);
            requestPump();
        });
        if (stopped) {
            f.completeExceptionally(terminated());
        }
        return f;
    }

    /** As of the last piece of work on the group's thread; safe from any thread. */
    Optional<VotingConfiguration> votingConfiguration() {
        return publishedVoters;
    }

    /** The last part of leaving, on the group thread. */
    private void depart(CompletableFuture<Void> done) {
        if (stopped) {
            done.complete(null);
            return;
        }
        stopped = true;
        departBonds();
        raft.stop();
        deliverOutcomes();
        try {
            storage.flush();
            storage.close();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "closing the log of group {0} failed: {1}", id.shortHex(), e.toString());
        }
        LOG.log(Level.INFO, "group {0}: left", id.shortHex());
        shutDown();
        done.complete(null);
    }

    boolean isStopped() {
        return stopped;
    }

    /**
     * Runs {@code task} on the group's thread; dropped (the group is gone) after it stopped. A task that
     * throws stops the group ({@link #terminate}): the exception came from the state machine, the log or
     * the core, and going on could apply part of a batch twice or acknowledge what was never stored.
     */
    void execute(Runnable task) {
        try {
            mailbox.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    terminate(e);
                }
            });
        } catch (RejectedExecutionException e) {
            // the group stopped: nothing left to do
        }
    }

    /**
     * Stops the group after a failure on its thread (StateMachine and Storage SPIs: an exception from
     * them stops the group). Every pending request fails with {@link GroupException.GroupTerminated}
     * carrying the cause, later ones too; bonds are told of the departure; the log is closed without a
     * flush (it may be what failed); other groups on the node go on. The machine's state is undefined
     * afterwards: join again with a fresh machine. Group thread only.
     */
    private void terminate(RuntimeException cause) {
        if (stopped) {
            LOG.log(Level.ERROR, "group " + id.shortHex() + " failed after it stopped", cause);
            return;
        }
        LOG.log(Level.ERROR, "group " + id.shortHex() + " stopped: its state machine or log failed", cause);
        termination = new GroupException.GroupTerminated("the group stopped after a failure: " + cause, cause);
        stopped = true;
        network.groupsImpl().forget(this); // a later join starts afresh, with a fresh machine
        for (Request<C, R> r : List.copyOf(requests.values())) {
            r.future().completeExceptionally(termination);
        }
        requests.clear();
        departBonds();
        try {
            storage.close();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "closing the log of failed group {0} failed too: {1}", id.shortHex(), e.toString());
        }
        shutDown();
    }

    /** Departure to every bond (delivered before the close), and pending dials dropped. Group thread only. */
    private void departBonds() {
        for (BondLink b : List.copyOf(bonds.values())) {
            b.send(new BondFrame.Departure());
            b.closeLocally(CloseReason.CANCELLED);
        }
        for (BondLink b : List.copyOf(dialing.values())) {
            b.closeLocally(CloseReason.CANCELLED);
        }
    }

    /** The last step of leaving or failing: no longer a member, watchers closed, timer and thread stopped. */
    private void shutDown() {
        network.discovery().setMember(id, false);
        monitor.stopped();
        when.close();
        bondsView.close();
        if (tick != null) {
            tick.cancel(false);
        }
        mailbox.close();
    }

    /** Why new requests fail: the group was left, or stopped after a failure. */
    GroupException.GroupTerminated terminated() {
        GroupException.GroupTerminated t = termination;
        return t != null ? new GroupException.GroupTerminated(t.getMessage(), t.getCause())
                : new GroupException.GroupTerminated("the group was left");
    }

    /** Monotonic milliseconds for the core's timers (the node's clock, shared with {@link PeerLiveness}). */
    long now() {
        return network.nowMillis();
    }

    PeerId localId() {
        return network.localId();
    }

    // ------------------------------------------------------------------------------------------- clients

    CompletableFuture<IndexRange> propose(List<C> commands, boolean awaitCommit) {
        if (commands.isEmpty()) {
            return CompletableFuture.failedFuture(new GroupException.NoCommands());
        }
        for (C c : commands) {
            try {
                machine.commandCodec().encode(c); // fail here, in the caller's thread, not in the group
            } catch (RuntimeException e) { // a CodecException, or any failure of a user codec
                return CompletableFuture.failedFuture(new GroupException.Encoding("a command cannot be encoded", e));
            }
        }
        CompletableFuture<Object> f = new CompletableFuture<>();
        List<C> copy = List.copyOf(commands);
        execute(() -> {
            if (stopped) {
                f.completeExceptionally(terminated());
                return;
            }
            long rid = nextRequestId++;
            requests.put(rid, new Request<>(f, copy, !awaitCommit, System.nanoTime()));
            wake();
            raft.propose(rid, copy, awaitCommit, now());
            requestPump();
        });
        if (stopped) {
            f.completeExceptionally(terminated());
        }
        return f.thenApply(o -> (IndexRange) o);
    }

    @SuppressWarnings("unchecked")
    CompletableFuture<QueryResultAt<R>> query(Q query, Consistency consistency) {
        try {
            machine.queryCodec().encode(query);
        } catch (RuntimeException e) { // a CodecException, or any failure of a user codec
            return CompletableFuture.failedFuture(new GroupException.Encoding("the query cannot be encoded", e));
        }
        CompletableFuture<Object> f = new CompletableFuture<>();
        execute(() -> {
            if (stopped) {
                f.completeExceptionally(terminated());
                return;
            }
            long rid = nextRequestId++;
            requests.put(rid, new Request<>(f, List.of(query), false, 0));
            wake();
            raft.query(rid, query, consistency, now());
            requestPump();
        });
        if (stopped) {
            f.completeExceptionally(terminated());
        }
        return f.thenApply(o -> (QueryResultAt<R>) o);
    }

    /** The leader's view of its followers (empty on other roles); see {@link Group#followers()}. */
    CompletableFuture<List<FollowerProgress>> followers() {
        CompletableFuture<List<FollowerProgress>> f = new CompletableFuture<>();
        execute(() -> {
            List<FollowerProgress> out = new ArrayList<>();
            if (!stopped) {
                long last = raft.logPosition().index().value();
                raft.matchIndexes().forEach((peer, match) ->
                        out.add(new FollowerProgress(peer, Index.of(match), Math.max(0, last - match))));
            }
            f.complete(out);
        });
        if (stopped) {
            f.complete(List.of()); // the task may have been dropped
        }
        return f;
    }

    // ------------------------------------------------------------------------------------------- the loop

    /**
     * Pumps once everything already queued on the group thread has been handed to the core: commands
     * and messages that arrive together share one flush (group commit) and one round of messages,
     * instead of one sync per command. Group thread only.
     */
    private void requestPump() {
        if (!pumpQueued) {
            pumpQueued = true;
            execute(() -> {
                pumpQueued = false;
                pump();
            });
        }
    }

    /** Flush, then let the core's effects out, then publish status; re-arms the timer. */
    private void pump() {
        if (stopped) {
            return;
        }
        long now = now();
        if (raft.needsFlush()) {
            long start = System.nanoTime();
            storage.flush(); // group commit: one sync for everything this piece of work appended
            monitor.flushed(System.nanoTime() - start, storage, raft.logPosition());
            raft.flushed(now);
        }
        for (Outgoing<C, Q, R> out : raft.drainMessages()) {
            BondLink b = bonds.get(out.to());
            if (b != null) {
                b.sendEncoded(BondFrameCodec.encode(new BondFrame.Raft(codec.encode(out.message()))));
            }
        }
        // Status first: code continuing a completed future must already see what completed it
        // (role and term before the watches, whose futures run their continuations at once).
        publishedRole = raft.role();
        publishedTerm = raft.term();
        publishedVoters = raft.votingConfiguration();
        Optional<PeerId> leader = raft.leader();
        Index committed = raft.committed().index();
        when.leader.set(leader);
        when.online.set(raft.isOnline());
        when.committed.set(committed);
        when.log.set(raft.logPosition());
        monitor.afterStep(publishedRole, publishedTerm, leader, committed, raft);
        deliverOutcomes();
        maybeQuiesce(now);
        arm(now);
    }

    /**
     * Idle groups cost nothing (TiKV's hibernating regions, CockroachDB's quiescence): when the core has
     * nothing to do but watch for a failed leader ({@link RaftNode#mayQuiesce}), it is no longer
     * ticked. A leader then sends no heartbeats; a follower runs no election timer and instead relies
     * on the node's heartbeats with the leader's node ({@link PeerLiveness}): {@link #peerSilent} wakes
     * it after an election timeout of silence. Any event (a message, a client request, a bond opening
     * or closing) wakes the group first ({@link #wake}). A follower quiesces only while the leader's
     * node is heard from, so a woken suspicious follower does not fall asleep again at once. Group thread.
     */
    private void maybeQuiesce(long now) {
        if (quiescent || !raft.mayQuiesce()) {
            publishedQuiescent = quiescent;
            return;
        }
        if (raft.role() != Role.LEADER) {
            PeerId leader = raft.leader().orElse(null);
            if (leader == null || now - network.liveness().lastHeard(leader) >= config.electionTimeout().toMillis()) {
                publishedQuiescent = false;
                return;
            }
        }
        quiescent = true;
        quietSince = now;
        publishedQuiescent = true;
    }

    /** Ends a quiet period before an event reaches the core (see {@link #maybeQuiesce}). Group thread. */
    private void wake() {
        if (!quiescent) {
            return;
        }
        quiescent = false;
        long heard = quietSince;
        Optional<PeerId> leader = raft.leader();
        if (leader.isPresent()) {
            heard = Math.max(heard, network.liveness().lastHeard(leader.get()));
        }
        raft.wake(now(), heard);
    }

    /** True while the group hibernates (as of its last piece of work); safe from any thread. */
    boolean isQuiescent() {
        return publishedQuiescent;
    }

    /**
     * Arms the group's one timer for its earliest deadline: the core's, a handshake that must finish,
     * a ticket that expires, a catalog rescan. A group with none of them holds no timer at all; bond
     * heartbeats are the node's ({@link PeerLiveness}).
     */
    private void arm(long now) {
        long due = Math.min(quiescent ? Long.MAX_VALUE : raft.nextDeadline(), runtimeDeadline());
        if (due == Long.MAX_VALUE) {
            return; // an armed tick stays: it finds nothing to do and does not re-arm
        }
        if (due < tickAt) {
            if (tick != null) {
                tick.cancel(false);
            }
            tick = mailbox.schedule(this::onTick, Math.max(0, due - now));
            tickAt = tick == null ? Long.MAX_VALUE : due; // null: the node is closing
        }
    }

    /** The earliest of the runtime's own deadlines (not the core's); {@code Long.MAX_VALUE} for none. */
    private long runtimeDeadline() {
        long d = rescan ? lastScan + RESCAN_MILLIS : Long.MAX_VALUE;
        long handshake = network.handshakeTimeout().toMillis() + 1_000;
        for (BondLink b : dialing.values()) {
            d = Math.min(d, b.createdAt + handshake + 1);
        }
        for (BondLink b : bonds.values()) {
            d = Math.min(d, b.expiresAt);
        }
        return d;
    }

    private void onTick() {
        if (stopped) {
            return;
        }
        tickAt = Long.MAX_VALUE;
        long now = now();
        if (!quiescent) {
            raft.tick(now); // (a tick armed before the group quiesced must not fire a stale election timer)
        }
        expireBonds(now);
        if (rescan && now - lastScan >= RESCAN_MILLIS) {
            scanCatalog();
        }
        pump();
    }

    private void deliverOutcomes() {
        for (ClientOutcome<R> outcome : raft.drainOutcomes()) {
            Request<C, R> r = requests.get(outcome.requestId());
            if (r == null) {
                continue;
            }
            if (outcome instanceof ClientOutcome.Assigned<R> a) {
                monitor.assigned(a.range().end().value(), r.startNanos());
                if (r.feed() || a.last()) {
                    requests.remove(outcome.requestId());
                    r.future().complete(a.range());
                }
            } else {
                requests.remove(outcome.requestId());
                if (outcome instanceof ClientOutcome.Committed<R> c) {
                    monitor.applied(r.startNanos());
                    r.future().complete(c.range());
                } else if (outcome instanceof ClientOutcome.Answered<R> a) {
                    r.future().complete(a.result());
                } else if (outcome instanceof ClientOutcome.Transferred<R> t) {
                    r.future().complete(t.newLeader());
                } else if (outcome instanceof ClientOutcome.VotersChanged<R> v) {
                    r.future().complete(v.configuration());
                } else if (outcome instanceof ClientOutcome.Failed<R> f) {
                    // DEBUG: a burst of failures (OutcomeUnknown under load) should say why, but not flood INFO
                    LOG.log(Level.DEBUG, "group {0}: request {1} failed: {2}: {3}", id.shortHex(), outcome.requestId(),
                            f.failure(), f.detail());
                    r.future().completeExceptionally(switch (f.failure()) {
                        case OFFLINE -> new GroupException.Offline(f.detail(), r.payload());
                        case UNKNOWN -> new GroupException.OutcomeUnknown(f.detail());
                        case SUPERSEDED -> new GroupException.Superseded(f.detail());
                        case TERMINATED -> new GroupException.GroupTerminated(f.detail());
                        case REFUSED -> new GroupException.Refused(f.detail());
                    });
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------- bonds

    /**
     * Ticket expiries and handshakes that took too long. Heartbeats (spec §3.7.1) are the node's, per
     * peer pair ({@link PeerLiveness}); a silent peer is reported by {@link #peerSilent}.
     */
    private void expireBonds(long now) {
        for (BondLink b : List.copyOf(bonds.values())) {
            if (now >= b.expiresAt) {
                revalidate(b);
            }
        }
        long handshakeTimeout = network.handshakeTimeout().toMillis();
        for (BondLink b : List.copyOf(dialing.values())) {
            if (now - b.createdAt > handshakeTimeout + 1_000) {
                b.closeLocally(CloseReason.TIMEOUT);
            }
        }
    }

    /**
     * The node heard nothing from {@code link}'s peer, on any bond, for longer than some group's
     * timeout: a bond silent for {@code maxMissedHeartbeats} intervals (plus jitter) is dead. Group thread.
     */
    void peerSilent(BondLink link) {
        if (stopped || bonds.get(link.peer) != link) {
            return;
        }
        long now = now();
        long silence = now - network.liveness().lastHeard(link.peer);
        if (silence > PeerLiveness.deadAfter(config)) {
            link.closeLocally(CloseReason.TIMEOUT); // (wakes a quiescent group: the bond is down)
            pump();
        } else if (quiescent && silence >= config.electionTimeout().toMillis()
                && raft.leader().map(link.peer::equals).orElse(false)) {
            // A suspected failure: the leader's node went silent for an election timeout. The core's
            // election timer restarts from when we last heard it, so it stands as soon as it would have.
            wake();
            pump();
        }
    }

    /** Dials every authorized member of this group we are not bonded with (spec §3.9). */
    private void scanCatalog() {
        lastScan = now();
        rescan = false;
        boolean missing = false;
        for (SignedPeerEntry e : network.discovery().peers()) {
            maybeDial(e);
            missing |= !e.peerId().equals(localId()) && e.entry().groups().contains(id) && !bonds.containsKey(e.peerId());
        }
        // While a member listed in the catalog is not bonded (dialing, backing off, refused), scan every
        // second as before; a fully bonded group keeps no timer for it.
        rescan |= missing;
    }

    void maybeDial(SignedPeerEntry entry) {
        PeerId peer = entry.peerId();
        if (stopped || peer.equals(localId()) || !entry.entry().groups().contains(id) || bonds.containsKey(peer)
                || dialing.containsKey(peer) || entry.entry().addresses().isEmpty()) {
            return;
        }
        long now = now();
        long[] b = backoff.get(peer);
        if (b != null && now < b[0]) {
            rescan = true;
            return;
        }
        if (authorizeEntry(entry) instanceof InvalidTicket) {
            return; // spec §3.8: checked before dialling
        }
        Endpoint address = entry.entry().addresses().get(0);
        if (!network.admission().mayDial(peer, address)) {
            rescan = true; // over the dial budget, or the address is backing off: a later scan tries again
            return;
        }
        BondLink link = new BondLink(this, peer, true, entry, now);
        link.dialed = address;
        dialing.put(peer, link);
        network.transport().connect(peer, address).whenComplete((ch, err) -> execute(() -> link.connected(ch, err)));
    }

    /** Acceptor side, after the network checked the Hello: the group-level checks of spec §3.5. */
    void accept(Channel channel, BondFrame.Hello hello) {
        if (stopped) {
            channel.close(CloseReason.CANCELLED);
            return;
        }
        PeerId peer = channel.remotePeer();
        SignedPeerEntry entry = hello.sender();
        network.discovery().feed(entry, true); // first-hand: the transport authenticated its peer
        BondLink existing = bonds.get(peer);
        if (existing != null) {
            if (entry.entry().startedAt() > existing.peerEntry().entry().startedAt()) {
                existing.closeLocally(CloseReason.UNEXPECTED_CLOSE); // the peer restarted: the old bond is dead
            } else {
                channel.close(CloseReason.ALREADY_BONDED);
                return;
            }
        }
        BondLink outgoing = dialing.get(peer);
        if (outgoing != null) {
            // Simultaneous dials: the connection initiated by the lower peer id wins, on both sides.
            if (localId().compareTo(peer) < 0) {
                channel.close(CloseReason.ALREADY_BONDED);
                return;
            }
            outgoing.closeLocally(CloseReason.ALREADY_BONDED);
        }
        if (authorizeEntry(entry) instanceof InvalidTicket) {
            channel.close(CloseReason.NOT_ALLOWED); // spec §3.8: before the proof
            return;
        }
        BondLink link = new BondLink(this, peer, false, entry, now());
        dialing.put(peer, link);
        channel.start(link);
        link.accepted(channel, hello.nonce());
    }

    /** Both proofs checked: the bond is open. */
    void opened(BondLink link, List<SignedPeerEntry> theirBonds) {
        dialing.remove(link.peer, link);
        TicketVerdict verdict = authorizeEntry(link.peerEntry());
        if (verdict instanceof InvalidTicket) {
            // The ticket expired (or was replaced) while the handshake ran: checked at Hello is not enough.
            link.closeLocally(CloseReason.NOT_ALLOWED);
            return;
        }
        BondLink other = bonds.get(link.peer);
        if (other != null && other != link) {
            boolean linkWins = link.initiator == (localId().compareTo(link.peer) < 0);
            if (!linkWins) {
                link.closeLocally(CloseReason.ALREADY_BONDED);
                return;
            }
            other.closeLocally(CloseReason.ALREADY_BONDED);
        }
        link.state = BondLink.State.OPEN;
        bonds.put(link.peer, link);
        link.live(network.liveness().opened(link));
        network.admission().bondOpened(link.peer, link.peerEntry().entry().addresses().stream().findFirst().orElse(null));
        backoff.remove(link.peer);
        bondsView.put(link);
        armExpiry(link, verdict);
        // Tell the others: they bond with the newcomer at once (spec §3.7, BondFormed).
        byte[] formed = BondFrameCodec.encode(new BondFrame.BondFormed(link.peerEntry()));
        for (BondLink b : bonds.values()) {
            if (b != link) {
                b.sendEncoded(formed);
            }
        }
        monitor.bondOpened(link.peer, bonds.size());
        wake();
        raft.bondUp(link.peer, now());
        for (SignedPeerEntry e : theirBonds) {
            if (network.discovery().feed(e) || !bonds.containsKey(e.peerId())) {
                maybeDial(e);
            }
        }
        pump();
    }

    /** A bond ended (either side, any state). */
    void ended(BondLink link, boolean wasOpen, CloseReason reason) {
        dialing.remove(link.peer, link);
        if (bonds.remove(link.peer, link)) {
            wake(); // (before the liveness record goes: a follower's election timer restarts from it)
            network.liveness().closed(link);
            bondsView.remove(link.peer, link);
            monitor.bondClosed(link.peer, reason, bonds.size());
            raft.bondDown(link.peer, now());
        }
        if (wasOpen) {
            network.admission().bondClosed(link.peer);
        } else if (link.dialed != null && reason != CloseReason.CANCELLED && reason != CloseReason.ALREADY_BONDED) {
            // (Cancelled or already bonded: we left, or the other direction's bond won; not a failure.)
            // A catalog address that took our proof and answered with a bad proof or a bad handshake
            // is a non-member's: not dialed again for long. Anything else (unreachable, another
            // identity, refused, too slow) is backed off, doubling: an honest peer under load must not
            // be shut out for an hour.
            if (link.proofSent && (reason == CloseReason.INVALID_PROOF || reason == CloseReason.INVALID_HANDSHAKE)) {
                network.admission().handshakeFailed(link.dialed);
            } else {
                network.admission().dialFailed(link.dialed);
            }
        }
        if (!stopped) {
            rescan = true; // whichever side dialed, and however the bond ended: dial again until bonded
        }
        if (!wasOpen && link.initiator && !stopped) {
            long[] b = backoff.computeIfAbsent(link.peer, p -> new long[] {0, DIAL_BACKOFF_MIN / 2});
            b[1] = Math.min(DIAL_BACKOFF_MAX, b[1] * 2);
            b[0] = now() + b[1];
            rescan = true; // the dial is retried by a scan once the backoff ends
        }
        if (!wasOpen && reason != CloseReason.CANCELLED && reason != CloseReason.ALREADY_BONDED) {
            LOG.log(Level.DEBUG, "group {0}: {1} bond with {2} failed before it opened: {3}", id.shortHex(),
                    link.initiator ? "outgoing" : "incoming", link.peer.shortHex(), reason);
        }
        pump();
    }

    /** A frame on an open bond. */
    /** A consensus message, decoded in place from {@code length} bytes of {@code data} at {@code offset}. */
    void onRaftMessage(BondLink link, byte[] data, int offset, int length) {
        RaftMessage<C, Q, R> message;
        try {
            message = codec.decode(data, offset, length);
        } catch (CodecException e) {
            link.closeLocally(CloseReason.PROTOCOL_VIOLATION);
            return;
        }
        wake();
        raft.receive(link.peer, message, now());
        requestPump();
    }

    void onBondFrame(BondLink link, BondFrame frame) {
        if (frame instanceof BondFrame.Raft r) {
            onRaftMessage(link, r.message(), 0, r.message().length);
        } else if (frame instanceof BondFrame.Ping || frame instanceof BondFrame.Pong) {
            // Liveness is per peer pair and each side pings on its own when it has sent nothing
            // (PeerLiveness): a ping needs no answer. (Pong is still accepted from older nodes.)
        } else if (frame instanceof BondFrame.Departure) {
            link.closeLocally(CloseReason.CANCELLED);
        } else if (frame instanceof BondFrame.PeerEntryUpdate u) {
            if (!u.entry().peerId().equals(link.peer)) {
                link.closeLocally(CloseReason.PROTOCOL_VIOLATION); // spec §10 item 11: only about itself
                return;
            }
            network.discovery().feed(u.entry(), true);
            link.updatePeerEntry(u.entry());
            revalidate(link);
        } else if (frame instanceof BondFrame.BondFormed f) {
            network.discovery().feed(f.entry());
            network.discovery().get(f.entry().peerId()).ifPresent(this::maybeDial);
        } else if (!(frame instanceof BondFrame.Pong)) {
            link.closeLocally(CloseReason.PROTOCOL_VIOLATION);
        }
    }

    /** Re-checks a bonded peer's tickets (an update, or its expiry): revocation closes the bond. */
    private void revalidate(BondLink link) {
        TicketVerdict verdict = authorizeEntry(link.peerEntry());
        if (verdict instanceof InvalidTicket) {
            link.closeLocally(CloseReason.NOT_ALLOWED);
        } else {
            armExpiry(link, verdict);
        }
    }

    private void armExpiry(BondLink link, TicketVerdict verdict) {
        link.expiresAt = Long.MAX_VALUE;
        if (!(verdict instanceof TicketVerdict.Valid)) {
            link.expiresAt = now() + 100; // never "no timer" for a failing verdict: check again shortly
        } else if (verdict instanceof TicketVerdict.Valid v && v.expiration() instanceof Expiration.At at) {
            long left = at.instant().toEpochMilli() - network.clock().millis();
            link.expiresAt = now() + Math.max(0, left);
        }
    }

    /** True if {@code entry}'s tickets satisfy every validator of this group now. */
    boolean authorize(SignedPeerEntry entry) {
        return !(authorizeEntry(entry) instanceof InvalidTicket);
    }

    TicketVerdict authorizeEntry(SignedPeerEntry entry) {
        if (validators.isEmpty()) {
            return TicketVerdict.valid(Expiration.never());
        }
        return TicketAuthorization.authorize(validators, entry.entry().tickets(), entry.entry().holder(),
                Instant.ofEpochMilli(network.clock().millis()));
    }

    List<SignedPeerEntry> bondedEntries() {
        List<SignedPeerEntry> out = new ArrayList<>();
        for (BondLink b : bonds.values()) {
            out.add(b.peerEntry());
        }
        return out;
    }

    /** A peer's entry changed in the catalog (our peer entry updates reach peers once per node: {@code Network}). */
    void catalogChanged(SignedPeerEntry entry) {
        execute(() -> {
            BondLink b = bonds.get(entry.peerId());
            if (b != null) {
                b.updatePeerEntry(entry);
                revalidate(b);
            } else {
                maybeDial(entry);
            }
        });
    }

    // ------------------------------------------------------------------------------------------- status

    /** As of the last piece of work on the group's thread; safe from any thread. */
    Role role() {
        return publishedRole;
    }

    /** As of the last piece of work on the group's thread; safe from any thread. */
    Term term() {
        return publishedTerm;
    }

    boolean isOnline() {
        return when.online.get();
    }

    Optional<PeerId> leader() {
        return when.leader.get();
    }

    Index committed() {
        return when.committed.get();
    }

    dev.groups.log.Cursor logPosition() {
        return when.log.get();
    }

    @Override
    public String toString() {
        return "Group(" + id.shortHex() + ")";
    }
}
