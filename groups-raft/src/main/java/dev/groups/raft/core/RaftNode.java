package dev.groups.raft.core;

import dev.groups.consensus.ConsensusConfig;
import dev.groups.consensus.LeadershipPreference;
import dev.groups.consensus.Role;
import dev.groups.id.PeerId;
import dev.groups.log.Cursor;
import dev.groups.log.Index;
import dev.groups.log.IndexRange;
import dev.groups.log.LogEntry;
import dev.groups.log.LogPayload;
import dev.groups.log.Term;
import dev.groups.machine.Consistency;
import dev.groups.machine.QueryResultAt;
import dev.groups.machine.StateMachine;
import dev.groups.raft.core.RaftMessage.AppendEntries;
import dev.groups.raft.core.RaftMessage.AppendEntriesResponse;
import dev.groups.raft.core.RaftMessage.CommandAck;
import dev.groups.raft.core.RaftMessage.ForwardCommands;
import dev.groups.raft.core.RaftMessage.ForwardQuery;
import dev.groups.raft.core.RaftMessage.NotLeader;
import dev.groups.raft.core.RaftMessage.PreVote;
import dev.groups.raft.core.RaftMessage.PreVoteResponse;
import dev.groups.raft.core.RaftMessage.QueryResponse;
import dev.groups.raft.core.RaftMessage.RequestVote;
import dev.groups.raft.core.RaftMessage.RequestVoteResponse;
import dev.groups.raft.core.RaftMessage.SyncMessage;
import dev.groups.raft.core.RaftMessage.TimeoutNow;
import dev.groups.storage.HardState;
import dev.groups.storage.Storage;
import dev.groups.sync.RuntimeState;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One member of one group: the modified Raft of the spec §4, with this project's corrections, as a
 * deterministic state machine. It owns no thread, clock, socket or random source: the caller feeds it
 * events (a message arrived, time passed, a bond came up or went down, a client asked, storage was
 * flushed) with the current time, and drains its effects (messages to send, client outcomes). Same
 * inputs and seed, same outputs.
 *
 * <h2>Rules, and where they depart from mosaik</h2>
 * <ul>
 *   <li>Term and vote are persisted ({@link Storage#saveHardState}) before a vote or a candidacy.</li>
 *   <li>A new leader appends a {@link LogPayload.TermStart} at once; only entries of the current term
 *       commit by counting (Raft §5.4.2).</li>
 *   <li>Log matching compares (term, leader of the term, index), so rival leaders of one term in
 *       dynamic mode can never make a follower keep a superseded entry (spec §10 item 1).</li>
 *   <li>The leader tracks each follower's progress, pipelines AppendEntries (a window per follower) and
 *       batches whatever was appended meanwhile; heartbeats are acknowledged.</li>
 *   <li>A follower acknowledges entries only after they are durable ({@link #flushed}); the leader
 *       counts itself only for durable entries.</li>
 *   <li>Strict mode: the voters are identities, the latest {@link LogPayload.Configuration} in the
 *       log (the founding {@code ConsensusConfig.voters()} before any); elections and commits need a
 *       majority of them, and a member outside the set never counts nor stands. Voters change one at a
 *       time through the log (dissertation §4.1–4.2). Dynamic mode: the voters are this node and the
 *       bonded members in sync; abstaining (lagging) members and observers leave the denominator.</li>
 *   <li>Strong queries use read-index: the leader confirms its term with a round of acknowledgements.</li>
 *   <li>Forwarded commands are tagged (session, sequence) and de-duplicated by the leader; a forward
 *       is retried internally, so it is applied once.</li>
 * </ul>
 *
 * <p>Not thread-safe: one thread (the group's executor, or the simulator) calls everything.
 */
public final class RaftNode<C, Q, R> {
    private static final System.Logger LOG = System.getLogger(RaftNode.class.getName());
    /** Forward attempts (first try plus retries) before a request fails. */
    static final int FORWARD_ATTEMPTS = 3;
    /** A commit wait ({@code execute}) ends with {@code UNKNOWN} after this many forward timeouts. */
    static final int COMMIT_WAIT_FORWARD_TIMEOUTS = 5;
    /** No leadership transfer runs. */
    private static final long NO_TRANSFER = -1;
    /** The transfer a leader starts by itself once its own removal from the voters commits (§4.2.2). */
    private static final long REMOVAL_HANDOVER = -2;
    /** Catch-up rounds a new voter gets before its addition fails (dissertation §4.2.1). */
    static final int CATCH_UP_ROUNDS = 10;
    /** Entries applied per storage read. */
    private static final int APPLY_CHUNK = 1024;

    final PeerId localId;
    final ConsensusConfig config;
    final StateMachine<C, Q, R> machine;
    final Storage<LogPayload<C>> log;
    private final RaftSetup<C, Q, R> setup;
    private final LeadershipPreference preference;
    private final long session;
    private final RaftTuning tuning;

    // Persistent state (cached; the storage holds the durable copy).
    private Term term = Term.ZERO;
    private PeerId votedFor;

    // Volatile state.
    private Role role = Role.FOLLOWER;
    private PeerId leader;
    /** A term in which two leaders were seen (dynamic mode): follow neither, let a new election decide. */
    private Term contestedTerm;
    private boolean online;
    private long electionDeadline;
    private long commitIndex;
    private long appliedIndex;
    private Term appliedTerm = Term.ZERO;
    /** Follower: the highest index known to match the current leader's log in this term. */
    private long confirmedIndex;
    private TermHistory history;
    private final SortedSet<PeerId> bonds = new TreeSet<>();
    private boolean dirty;

    /** When we last heard from the leader we follow (an AppendEntries of its term): its lease. */
    private long lastLeaderContact = Long.MIN_VALUE / 2;

    // Pre-candidate state (Raft dissertation §9.6): asked whether we could win before raising the term.
    private boolean preCandidate;
    private final Set<PeerId> preRequested = new HashSet<>();
    private final Set<PeerId> preGranted = new HashSet<>();
    private final Set<PeerId> preAbstained = new HashSet<>();

    // Candidate state.
    /** This candidacy follows a leader's TimeoutNow: its RequestVotes say so (voters ignore their lease). */
    private boolean transferCandidacy;
    private final Set<PeerId> requested = new HashSet<>();
    private final Set<PeerId> granted = new HashSet<>();
    private final Set<PeerId> abstained = new HashSet<>();

    // Leader state.
    private final Map<PeerId, Progress> progress = new TreeMap<>();
    private long termStartIndex;
    private long seq;
    /** Check-quorum: when the leader next counts who answered within an election timeout. */
    private long quorumCheckAt;
    /** Leadership transfer (dissertation §3.10): the member we hand over to, while we still lead. */
    private PeerId transferTarget;
    /** The request of the running transfer (-1: none); it ends when another member leads, or at the deadline. */
    private long transferRequestId = NO_TRANSFER;
    private long transferDeadline;
    /** The term in which the running transfer started: it ends when a leader of a later term is known. */
    private Term transferTerm = Term.ZERO;
    private long durableIndex;

    /** Strict mode: the voting configurations in the log (null in dynamic mode). */
    private Configurations configurations;
    /** A state sync wrote to the log: rebuild {@link #configurations} before the next use. */
    private boolean configurationsStale;
    /** Strict mode: the voters a snapshot recorded at the log's offset, handed back during {@link #start}. */
    private SortedSet<PeerId> restoredVoters;
    /** The voter change this leader is carrying out (one at a time), or null. */
    private VoterChange change;
    /** Voter changes forwarded to the leader, by request id: when each gives up waiting for an answer. */
    private final Map<Long, Long> forwardedChanges = new TreeMap<>();

    /** Follower responses held until their entries are durable. */
    private final List<Outgoing<C, Q, R>> awaitingFlush = new ArrayList<>();
    private final List<Outgoing<C, Q, R>> outbox = new ArrayList<>();
    final Clients<C, Q, R> clients;
    private final SyncDriver<C, ?> sync;
    private boolean started;
    /** Strict mode: the log end at which we last asked a leader to probe our unconfirmed tail (-1: none). */
    private long probeAskedAt = -1;

    public RaftNode(RaftSetup<C, Q, R> setup) {
        this.setup = setup;
        this.localId = setup.localId();
        this.config = setup.config();
        this.machine = setup.machine();
        this.log = setup.storage();
        this.tuning = setup.tuning();
        this.preference = LeadershipPreference.strongest(config.leadershipPreference(), machine.leadershipPreference());
        long s;
        do {
            s = setup.random().nextLong();
        } while (s == 0);
        this.session = s;
        this.clients = new Clients<>(this);
        this.sync = SyncDriver.create(this, machine.stateSync());
    }

    // ------------------------------------------------------------------------------------------------
    // Events
    // ------------------------------------------------------------------------------------------------

    /** Restores the durable state and starts as a follower. Call once, first. */
    public void start(long now) {
        HardState hs = log.hardState();
        term = hs.currentTerm();
        votedFor = hs.votedFor().orElse(null);
        history = TermHistory.rebuild(log);
        // Entries up to the offset were applied into the state a snapshot install left behind; with a
        // fresh machine and no snapshot, everything is replayed as the commit index is learned again.
        Cursor offset = new Cursor(log.termAt(log.available().start()).orElse(Term.ZERO), log.available().start());
        commitIndex = offset.index().value();
        appliedIndex = commitIndex;
        appliedTerm = offset.term();
        durableIndex = log.last().index().value();
        sync.start(); // may hand back the runtime state kept with the machine's state at the offset
        if (config.isStrict()) {
            configurations = Configurations.rebuild(log, restoredVoters != null ? restoredVoters : config.voters());
        }
        started = true;
        role = Role.FOLLOWER;
        resetElectionTimer(now, term.isZero()); // the bootstrap delay applies only to a brand-new group
        afterEvent(now);
    }

    /** Time passed: fires election, heartbeat, forward and query timers. */
    public void tick(long now) {
        checkStarted();
        switch (role) {
            case FOLLOWER, CANDIDATE -> {
                if (now >= electionDeadline && sync.inSession()) {
                    // The leader we catch up from has been silent for an election timeout (gone for good, or
                    // cut off), so the session's target is stale, and while it runs we would never stand: a
                    // member holding the longest log could keep the group leaderless for ever (simulator,
                    // seed 316 of --mode dynamic --schedule wiped-disk-new-id). End it; what it appended stays.
                    sync.dropSession();
                    rebuildHistory();
                    configurationsStale = configurations != null;
                }
                if (now >= electionDeadline && !sync.inSession()) {
                    if (preference.mayLead() && mayStand()) {
                        // A contested term is left behind here too: when the members that hold a lease keep
                        // our pre-vote from winning, the leader they follow is the one to follow next (log
                        // matching on the term's leader keeps a rival's entries apart). Before pre-votes a
                        // new election always settled it; now one happens only if a quorum wants it.
                        contestedTerm = null;
                        startPreVote(now);
                    } else {
                        // (Strict mode: a member outside the voting configuration stands no more than an
                        // observer does; it could not count its own vote.)
                        // An observer cannot end a contested term by standing itself, and when the members
                        // that can lead have all settled on one leader of that term, nobody else will: follow
                        // whoever speaks for the term next. Log matching on the term's leader keeps a
                        // rival's entries apart. (Found by the simulator: an observer stuck for good.)
                        contestedTerm = null;
                        resetElectionTimer(now);
                    }
                }
            }
            case LEADER -> checkQuorum(now); // heartbeats are sent by replicate()
        }
        if (transferRequestId != NO_TRANSFER && now >= transferDeadline) {
            endTransfer(null, "the leadership transfer did not complete within an election timeout", now);
        }
        expireForwardedChanges(now);
        progressChange(now);
        clients.tick(now);
        afterEvent(now);
    }

    public void bondUp(PeerId peer, long now) {
        checkStarted();
        if (peer.equals(localId) || !bonds.add(peer)) {
            return;
        }
        if (role == Role.LEADER) {
            Progress pr = new Progress(log.last().index().value() + 1);
            pr.lastHeardAt = now;
            progress.put(peer, pr);
        } else if (role == Role.CANDIDATE && requested.add(peer)) {
            // Raft §5.2: a candidate keeps asking until answered. A member that bonds mid-election (it
            // restarted, or a partition healed) is asked too, or the election can only time out. In
            // dynamic mode it also joins the denominator, which only makes winning harder.
            send(peer, new RequestVote<>(term, localId, log.last(), transferCandidacy));
        } else if (preCandidate && preRequested.add(peer)) {
            send(peer, new PreVote<>(term.next(), localId, log.last()));
        }
        afterEvent(now);
    }

    public void bondDown(PeerId peer, long now) {
        checkStarted();
        if (!bonds.remove(peer)) {
            return;
        }
        if (role == Role.LEADER) {
            progress.remove(peer);
            advanceCommit();
        }
        afterEvent(now);
    }

    /** A message from a bonded peer. Stale, duplicated and reordered messages are all tolerated. */
    public void receive(PeerId from, RaftMessage<C, Q, R> message, long now) {
        checkStarted();
        Term t = message.term();
        if (message instanceof RequestVote<C, Q, R> rv && t.isAfter(term) && !rv.transfer() && inLease(now)) {
            // Dissertation §4.2.3 and §9.6: while we hear from a leader, a candidacy for a later term is
            // ignored altogether (term included). A member coming back from a partition cannot depose a
            // healthy leader; a leader cut off from a quorum stops holding the lease (check-quorum).
            afterEvent(now);
            return;
        }
        if (t.isAfter(term)) {
            // Raft §5.1: a higher term makes anyone a follower; an AppendEntries names the new leader.
            becomeFollower(t, message instanceof AppendEntries<C, Q, R> ae ? ae.leader() : null, now);
        }
        if (message instanceof AppendEntries<C, Q, R> ae) {
            onAppendEntries(from, ae, now);
        } else if (message instanceof AppendEntriesResponse<C, Q, R> r) {
            onAppendEntriesResponse(from, r, now);
        } else if (message instanceof RequestVote<C, Q, R> rv) {
            onRequestVote(from, rv, now);
        } else if (message instanceof RequestVoteResponse<C, Q, R> r) {
            onRequestVoteResponse(from, r, now);
        } else if (message instanceof ForwardCommands<C, Q, R> f) {
            onForwardCommands(from, f);
        } else if (message instanceof CommandAck<C, Q, R> a) {
            clients.onCommandAck(a);
        } else if (message instanceof NotLeader<C, Q, R> n) {
            clients.onNotLeader(from, n, now);
        } else if (message instanceof ForwardQuery<C, Q, R> q) {
            onForwardQuery(from, q, now);
        } else if (message instanceof QueryResponse<C, Q, R> q) {
            clients.onQueryResponse(q);
        } else if (message instanceof SyncMessage<C, Q, R> m) {
            sync.onMessage(from, m.payload(), now);
        } else if (message instanceof PreVote<C, Q, R> pv) {
            onPreVote(from, pv, now);
        } else if (message instanceof PreVoteResponse<C, Q, R> r) {
            onPreVoteResponse(from, r, now);
        } else if (message instanceof TimeoutNow<C, Q, R> tn) {
            onTimeoutNow(from, tn, now);
        } else if (message instanceof RaftMessage.ForwardVoterChange<C, Q, R> f) {
            onForwardVoterChange(from, f, now);
        } else if (message instanceof RaftMessage.VoterChangeResult<C, Q, R> r) {
            onVoterChangeResult(r);
        }
        afterEvent(now);
    }

    /**
     * A local client's commands ({@code feed}/{@code execute}). The outcome arrives as
     * {@link ClientOutcome}s with this request id: {@code Assigned}, then, if {@code awaitCommit},
     * {@code Committed} or {@code Failed}.
     */
    public void propose(long requestId, List<C> commands, boolean awaitCommit, long now) {
        checkStarted();
        clients.propose(requestId, commands, awaitCommit, now);
        afterEvent(now);
    }

    /** A local client's query. Weak queries are answered at once from the local state. */
    public void query(long requestId, Q query, Consistency consistency, long now) {
        checkStarted();
        clients.query(requestId, query, consistency, now);
        afterEvent(now);
    }

    /** True when the log changed since the last {@link #flushed}: call {@code storage.flush()}, then {@link #flushed}. */
    public boolean needsFlush() {
        return dirty;
    }

    /** The caller made everything in the log durable ({@code storage.flush()} returned). */
    public void flushed(long now) {
        checkStarted();
        dirty = false;
        durableIndex = log.last().index().value();
        outbox.addAll(awaitingFlush);
        awaitingFlush.clear();
        if (role == Role.LEADER) {
            advanceCommit();
        }
        afterEvent(now);
    }

    /** The group stops: every pending request fails with {@code TERMINATED}. */
    public void stop() {
        clients.failAll(ClientOutcome.Failure.TERMINATED, "the group stopped");
    }

    // ------------------------------------------------------------------------------------------------
    // Quiescence: support for a runtime whose idle groups hibernate (TiKV's hibernating regions,
    // CockroachDB's quiesced ranges). Nothing here changes what a message or a tick does: the runtime
    // merely stops calling tick() while mayQuiesce() holds, relies on its node-level heartbeats to
    // notice a silent leader, and calls wake() before the next event. The simulator never quiesces.
    // ------------------------------------------------------------------------------------------------

    /**
     * True when no timer of this member has anything to do but notice a failed leader, so the caller
     * may stop calling {@link #tick} (until {@link #wake}): a leader whose every bonded follower has
     * acknowledged its whole log (all committed) and been sent its commit index; or a follower of a
     * known, uncontested leader. Either way with no client request, state sync, unflushed entry or
     * unapplied commit pending. A leader that quiesces sends no heartbeats; its followers' election
     * timers are the caller's business until {@link #wake}.
     */
    public boolean mayQuiesce() {
        if (!started || dirty || !awaitingFlush.isEmpty() || !outbox.isEmpty() || appliedIndex < commitIndex
                || sync.inSession() || clients.nextDeadline() != Long.MAX_VALUE || transferRequestId != NO_TRANSFER
                || preCandidate || change != null || !forwardedChanges.isEmpty()) {
            return false;
        }
        if (role == Role.FOLLOWER) {
            return leader != null && contestedTerm == null && bonds.contains(leader);
        }
        if (role != Role.LEADER || commitIndex < log.last().index().value()) {
            return false;
        }
        for (Progress p : progress.values()) {
            if (p.catchingUp || p.match < commitIndex || p.sentCommit < commitIndex) {
                return false;
            }
        }
        return true;
    }

    /**
     * Ends a quiet period (see {@link #mayQuiesce}); call before the event that ends it. A follower's
     * election timer restarts from {@code lastHeard}, the last time the caller heard from the leader
     * (or its node): a follower woken because its leader went silent stands as soon as it would have
     * without the quiet period, and one woken by a client is not hurried into an election.
     */
    public void wake(long now, long lastHeard) {
        checkStarted();
        if (role != Role.LEADER) {
            electionDeadline = Math.min(now, lastHeard) + randomElectionTimeout() * preference.timeoutFactor();
            // The lease runs from the last time the leader's node was heard, as the timer does.
            lastLeaderContact = Math.max(lastLeaderContact, Math.min(now, lastHeard));
        } else {
            // Quiet followers sent nothing because nothing was asked: check-quorum starts a fresh window
            // (the node-level heartbeats kept the bonds up meanwhile), or a woken leader would step down.
            for (Progress p : progress.values()) {
                p.lastHeardAt = Math.max(p.lastHeardAt, now);
            }
            quorumCheckAt = Math.max(quorumCheckAt, now + config.heartbeatInterval().toMillis());
        }
        afterEvent(now);
    }

    // ------------------------------------------------------------------------------------------------
    // Effects and status
    // ------------------------------------------------------------------------------------------------

    /** Messages to send, in order; the list is the caller's. */
    public List<Outgoing<C, Q, R>> drainMessages() {
        if (outbox.isEmpty()) {
            return List.of();
        }
        List<Outgoing<C, Q, R>> out = new ArrayList<>(outbox);
        outbox.clear();
        return out;
    }

    /** Client outcomes, in order; the list is the caller's. */
    public List<ClientOutcome<R>> drainOutcomes() {
        return clients.drain();
    }

    /** The earliest time at which {@link #tick} has work to do. */
    public long nextDeadline() {
        long d = clients.nextDeadline();
        if (role == Role.LEADER) {
            for (Progress p : progress.values()) {
                d = Math.min(d, p.lastSentAt + config.heartbeatInterval().toMillis());
            }
            d = Math.min(d, quorumCheckAt);
        } else {
            d = Math.min(d, electionDeadline);
        }
        if (transferRequestId != NO_TRANSFER) {
            d = Math.min(d, transferDeadline);
        }
        if (change != null && role == Role.LEADER) {
            d = Math.min(d, change.deadline);
        }
        for (long deadline : forwardedChanges.values()) {
            d = Math.min(d, deadline);
        }
        return Math.min(d, sync.nextDeadline());
    }

    public PeerId localId() {
        return localId;
    }

    public Role role() {
        return role;
    }

    /** True while this follower asks for pre-votes (its election timer fired; its term is not raised yet). */
    public boolean isPreCandidate() {
        return preCandidate;
    }

    public Term term() {
        return term;
    }

    public Optional<PeerId> leader() {
        return Optional.ofNullable(leader);
    }

    /** True for a leader, and for a follower whose log matched its leader's at the last AppendEntries. */
    public boolean isOnline() {
        return online;
    }

    /** The last applied (and committed) position: the state the machine holds. */
    public Cursor committed() {
        return new Cursor(appliedTerm, Index.of(appliedIndex));
    }

    /** The commit index this node knows of (may run ahead of {@link #committed()} within one event). */
    public Index commitIndex() {
        return Index.of(commitIndex);
    }

    /** The last position of the local log, on every role. */
    public Cursor logPosition() {
        return log.last();
    }

    public SortedSet<PeerId> bonds() {
        return Collections.unmodifiableSortedSet(bonds);
    }

    /** True while this node catches up through its state sync. */
    public boolean isCatchingUp() {
        return sync.inSession();
    }

    /** This node's client session (the tag of the commands it submits). */
    public long session() {
        return session;
    }

    public StateMachine<C, Q, R> machine() {
        return machine;
    }

    public RaftSetup<C, Q, R> setup() {
        return setup;
    }

    /** While catching up ({@link #isCatchingUp()}): the leader's position the state sync heads for. */
    public Optional<Cursor> syncTarget() {
        return Optional.ofNullable(sync.target());
    }

    /**
     * On the leader: each bonded follower's match index (the highest index known to be durable in its
     * log); empty on other roles. The map is the caller's. For status displays.
     */
    public Map<PeerId, Long> matchIndexes() {
        Map<PeerId, Long> out = new TreeMap<>();
        if (role == Role.LEADER) {
            progress.forEach((peer, p) -> out.put(peer, p.match));
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------------
    // Roles
    // ------------------------------------------------------------------------------------------------

    private void becomeFollower(Term newTerm, PeerId newLeader, long now) {
        boolean termChanged = !newTerm.equals(term);
        preCandidate = false;
        abandonChange();
        transferTarget = null; // a transfer still waiting to hand over ends with this leadership
        if (termChanged) {
            term = newTerm;
            votedFor = null;
            contestedTerm = null;
            persistHardState();
            awaitingFlush.clear(); // answers for an older term are worthless
            sync.dropSession();
        }
        Role was = role;
        role = Role.FOLLOWER;
        progress.clear();
        if (termChanged || was != Role.FOLLOWER) {
            leader = newLeader;
            online = false;
            confirmedIndex = 0;
            if (was == Role.LEADER) {
                // Raft §5.2 resets the timer only on hearing a leader or granting a vote; a mere higher
                // term must not, or losing candidates would keep postponing the one member that can win.
                // A deposed leader has no running timer, so it gets a fresh one.
                resetElectionTimer(now);
                clients.leadershipLost();
            }
        }
        if (newLeader != null && leader == null) {
            leader = newLeader;
        }
        clients.leaderChanged(leader, now);
    }

    private void becomeCandidate(long now, boolean transfer) {
        preCandidate = false;
        transferCandidacy = transfer;
        role = Role.CANDIDATE;
        term = term.next();
        votedFor = localId;
        contestedTerm = null;
        persistHardState(); // Raft: durable before asking for votes
        awaitingFlush.clear();
        sync.dropSession();
        leader = null;
        online = false;
        progress.clear();
        requested.clear();
        granted.clear();
        abstained.clear();
        requested.addAll(bonds);
        granted.add(localId);
        electionDeadline = now + randomElectionTimeout();
        RequestVote<C, Q, R> rv = new RequestVote<>(term, localId, log.last(), transfer);
        for (PeerId p : bonds) {
            send(p, rv);
        }
        clients.leaderChanged(null, now);
        checkElection(now);
    }

    private void checkElection(long now) {
        if (role != Role.CANDIDATE) {
            return;
        }
        boolean won;
        if (config.isStrict()) {
            won = isStrictMajority(granted); // Raft §5.2 over the latest configuration in our log (§4.1)
        } else {
            int voters = requested.size() + 1 - abstained.size();
            won = granted.size() >= voters / 2 + 1;
        }
        if (won) {
            becomeLeader(now);
        }
    }

    private void becomeLeader(long now) {
        role = Role.LEADER;
        leader = localId;
        online = true;
        progress.clear();
        // Raft §5.4.2 / §8: an entry of our own term lets earlier entries commit and names us.
        Index start = log.append(new LogPayload.TermStart<>(localId), term);
        dirty = true;
        history.appended(new LogEntry<>(start, term, new LogPayload.TermStart<>(localId)));
        termStartIndex = start.value();
        for (PeerId p : bonds) {
            Progress pr = new Progress(termStartIndex);
            pr.lastHeardAt = now; // a fresh leader has an election timeout before the first quorum check
            progress.put(p, pr);
        }
        quorumCheckAt = now + config.electionTimeout().toMillis();
        clients.becameLeader(now);
        clients.leaderChanged(localId, now);
        advanceCommit();
    }

    private void resetElectionTimer(long now) {
        resetElectionTimer(now, false);
    }

    private void resetElectionTimer(long now, boolean bootstrap) {
        long timeout = randomElectionTimeout();
        if (bootstrap) {
            timeout += config.bootstrapDelay().toMillis();
        }
        electionDeadline = now + timeout * preference.timeoutFactor();
    }

    private long randomElectionTimeout() {
        return config.electionTimeout().toMillis()
                + setup.random().nextLong(config.electionTimeoutJitter().toMillis());
    }

    // ------------------------------------------------------------------------------------------------
    // Elections
    // ------------------------------------------------------------------------------------------------

    private void onRequestVote(PeerId from, RequestVote<C, Q, R> rv, long now) {
        if (rv.term().isBefore(term)) {
            send(from, new RequestVoteResponse<>(term, Vote.DENIED));
            return;
        }
        Vote vote;
        boolean canVote = votedFor == null || votedFor.equals(rv.candidate());
        int cmp = rv.lastLog().compareTo(log.last());
        if (!canVote || role != Role.FOLLOWER || cmp < 0) {
            vote = Vote.DENIED; // Raft §5.4.1: never for a candidate whose log is behind ours
        } else if (!preference.mayLead() && !config.isStrict()) {
            // Dynamic mode: observers never count. (Strict mode: the configuration says who counts; a
            // voter that may not lead still votes, and the candidate counts only its voters' grants.)
            vote = Vote.ABSTAINED;
        } else if (cmp > 0 && !config.isStrict()) {
            // Dynamic mode: a lagging member abstains and leaves the denominator. The abstention binds
            // like a vote (persisted), or a second candidate could count this member in the same term.
            vote = Vote.ABSTAINED;
        } else {
            vote = Vote.GRANTED;
        }
        if (vote != Vote.DENIED && votedFor == null) {
            votedFor = rv.candidate();
            persistHardState(); // durable before the answer leaves
        }
        if (vote != Vote.DENIED) {
            resetElectionTimer(now);
        }
        send(from, new RequestVoteResponse<>(term, vote));
    }

    private void onRequestVoteResponse(PeerId from, RequestVoteResponse<C, Q, R> r, long now) {
        if (role != Role.CANDIDATE || !r.term().equals(term) || !requested.contains(from)) {
            return;
        }
        switch (r.vote()) {
            case GRANTED -> granted.add(from);
            case ABSTAINED -> abstained.add(from);
            case DENIED -> { }
        }
        checkElection(now);
    }

    // ------------------------------------------------------------------------------------------------
    // Pre-vote (Raft dissertation §9.6) and the leader's lease
    // ------------------------------------------------------------------------------------------------

    /**
     * True while we hear from a leader: we lead (check-quorum ends that when a quorum stops answering), or
     * the leader we follow spoke within the minimum election timeout.
     */
    private boolean inLease(long now) {
        return role == Role.LEADER
                || (leader != null && now - lastLeaderContact < config.electionTimeout().toMillis());
    }

    /** Our election timer fired: ask whether we could win before raising the term (nothing changes yet). */
    private void startPreVote(long now) {
        preCandidate = true;
        preRequested.clear();
        preGranted.clear();
        preAbstained.clear();
        preRequested.addAll(bonds);
        preGranted.add(localId);
        if (role == Role.FOLLOWER && leader != null) {
            leader = null; // silent for an election timeout: we no longer follow it
            online = false;
            clients.leaderChanged(null, now);
        }
        electionDeadline = now + randomElectionTimeout() * preference.timeoutFactor(); // the next attempt
        PreVote<C, Q, R> pv = new PreVote<>(term.next(), localId, log.last());
        for (PeerId p : bonds) {
            send(p, pv);
        }
        checkPreVote(now);
    }

    /** Counted as a real election would count (strict: a majority of the voters; dynamic: of those asked). */
    private void checkPreVote(long now) {
        if (!preCandidate) {
            return;
        }
        int votes = preGranted.size();
        boolean won;
        if (config.isStrict()) {
            won = isStrictMajority(preGranted);
        } else {
            won = votes >= (preRequested.size() + 1 - preAbstained.size()) / 2 + 1;
        }
        if (won) {
            becomeCandidate(now, false);
        }
    }

    /**
     * Would we vote for this candidate in its proposed term? The rules of a real vote, except that we
     * record nothing, and that we refuse while we hear from a leader (§9.6): then the candidate is the one
     * cut off, and an election would only disrupt the group.
     */
    private void onPreVote(PeerId from, PreVote<C, Q, R> pv, long now) {
        int cmp = pv.lastLog().compareTo(log.last());
        Vote vote;
        if (!pv.proposedTerm().isAfter(term) || cmp < 0 || inLease(now)) {
            vote = Vote.DENIED;
        } else if (!preference.mayLead() && !config.isStrict()) {
            vote = Vote.ABSTAINED; // dynamic mode: observers never count
        } else if (cmp > 0 && !config.isStrict()) {
            vote = Vote.ABSTAINED; // dynamic mode: a lagging member leaves the denominator, as in a real vote
        } else {
            vote = Vote.GRANTED;
        }
        send(from, new PreVoteResponse<>(term, pv.proposedTerm(), vote));
    }

    private void onPreVoteResponse(PeerId from, PreVoteResponse<C, Q, R> r, long now) {
        if (!preCandidate || !r.proposedTerm().equals(term.next()) || !preRequested.contains(from)) {
            return; // stale: another round, or our term moved on
        }
        switch (r.vote()) {
            case GRANTED -> preGranted.add(from);
            case ABSTAINED -> preAbstained.add(from);
            case DENIED -> { }
        }
        checkPreVote(now);
    }

    /**
     * Check-quorum: a leader that has not heard from a quorum for an election timeout steps down (it is
     * probably cut off; its lease must not keep the others from electing someone they can reach). Members
     * that only observe do not count; in dynamic mode the quorum is of the bonded members, as in elections.
     * Checked every heartbeat interval against a window one heartbeat shorter than the election timeout,
     * so a leader cut off steps down within one election timeout of the last answer it got, while a
     * healthy follower still has several heartbeats' time to answer.
     */
    private void checkQuorum(long now) {
        if (now < quorumCheckAt) {
            return;
        }
        long heartbeat = config.heartbeatInterval().toMillis();
        long timeout = Math.max(heartbeat, config.electionTimeout().toMillis() - heartbeat);
        quorumCheckAt = now + heartbeat;
        int heard;
        int needed;
        if (config.isStrict()) {
            Set<PeerId> answered = new HashSet<>();
            answered.add(localId);
            progress.forEach((peer, p) -> {
                if (now - p.lastHeardAt < timeout) {
                    answered.add(peer);
                }
            });
            heard = countVoters(answered);
            needed = voters().size() / 2 + 1;
        } else {
            heard = 1;
            int members = 1;
            for (Progress p : progress.values()) {
                if (p.observer) {
                    continue;
                }
                members++;
                if (now - p.lastHeardAt < timeout) {
                    heard++;
                }
            }
            needed = members / 2 + 1;
        }
        if (heard < needed) {
            LOG.log(Level.DEBUG, "{0}: heard from {1} of {2} needed in an election timeout: stepping down in term {3}",
                    localId.shortHex(), heard, needed, term);
            becomeFollower(term, null, now);
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Leadership transfer (Raft dissertation §3.10)
    // ------------------------------------------------------------------------------------------------

    /**
     * Hands leadership to {@code target}, or to the most up-to-date member that may lead when null. The
     * leader stops taking new local commands, brings the target's log up to its own, sends it
     * {@link TimeoutNow} and steps down; the request ends with {@link ClientOutcome.Transferred} once
     * another member leads, or fails after an election timeout ({@code UNKNOWN}), or at once when this
     * node does not lead or has no one to hand over to ({@code OFFLINE}).
     */
    public void transferLeadership(long requestId, PeerId target, long now) {
        checkStarted();
        startTransfer(requestId, target, now);
        afterEvent(now);
    }

    private void startTransfer(long requestId, PeerId target, long now) {
        if (role != Role.LEADER) {
            clients.report(new ClientOutcome.Failed<>(requestId, ClientOutcome.Failure.OFFLINE, "this member does not lead"));
            return;
        }
        if (transferRequestId != NO_TRANSFER) {
            clients.report(new ClientOutcome.Failed<>(requestId, ClientOutcome.Failure.OFFLINE,
                    "a transfer to " + transferTarget.shortHex() + " is already running"));
            return;
        }
        PeerId to = target;
        if (to == null) {
            long best = -1;
            for (Map.Entry<PeerId, Progress> e : progress.entrySet()) { // in id order: ties go to the lowest id
                Progress p = e.getValue();
                if (!p.observer && p.inSync && p.match > best && isVoter(e.getKey())) {
                    best = p.match;
                    to = e.getKey();
                }
            }
        }
        String refusal = to == null ? "no bonded member that may lead is in sync"
                : to.equals(localId) ? "this member already leads"
                : !progress.containsKey(to) ? to.shortHex() + " is not bonded"
                : progress.get(to).observer ? to.shortHex() + " only observes"
                : !isVoter(to) ? to.shortHex() + " is not a voter" : null;
        if (refusal != null) {
            clients.report(new ClientOutcome.Failed<>(requestId, ClientOutcome.Failure.OFFLINE, "cannot transfer: " + refusal));
            return;
        }
        transferTarget = to;
        transferRequestId = requestId;
        transferDeadline = now + config.electionTimeout().toMillis();
        transferTerm = term;
        handOverIfReady(now);
    }

    /** True while this leader hands over: it takes no new local commands. */
    boolean transferring() {
        return role == Role.LEADER && transferTarget != null;
    }

    /** Sends TimeoutNow once the target holds our whole log durably, then steps down. */
    private void handOverIfReady(long now) {
        if (!transferring()) {
            return;
        }
        Progress p = progress.get(transferTarget);
        if (p == null) {
            endTransfer(null, transferTarget.shortHex() + " lost its bond during the transfer", now);
            return;
        }
        long last = log.last().index().value();
        if (p.match < last || durableIndex < last) {
            return;
        }
        send(transferTarget, new TimeoutNow<>(term));
        LOG.log(Level.DEBUG, "{0}: handing leadership of term {1} to {2}", localId.shortHex(), term, transferTarget.shortHex());
        // Nothing more may be appended in this term: step down now. The request waits for the new leader.
        becomeFollower(term, null, now);
    }

    /** Ends the running transfer: {@code newLeader} took over, or it failed with {@code failure}. */
    private void endTransfer(PeerId newLeader, String failure, long now) {
        long id = transferRequestId;
        transferRequestId = NO_TRANSFER;
        boolean stillLeading = role == Role.LEADER;
        transferTarget = null;
        if (stillLeading && config.isStrict() && !isVoter(localId) && currentConfigurationIndex() <= commitIndex) {
            becomeFollower(term, null, now); // removed, and nobody took over: step down anyway (§4.2.2)
            stillLeading = false;
        }
        if (id == REMOVAL_HANDOVER) {
            return; // nobody waits for it
        }
        if (newLeader != null) {
            clients.report(new ClientOutcome.Transferred<>(id, newLeader));
        } else {
            clients.report(new ClientOutcome.Failed<>(id, ClientOutcome.Failure.UNKNOWN, failure));
        }
        if (stillLeading) {
            clients.transferAbandoned(now); // take the commands parked during the attempt
        }
    }

    /** A transfer we started ends when another member leads a later term. */
    private void watchTransfer(long now) {
        // Only a leader of a later term took over: in dynamic mode a rival of our own term may lead after
        // a healed partition, which is no hand-over (found by the simulator, --mode dynamic --transfers).
        if (transferRequestId != NO_TRANSFER && role != Role.LEADER && leader != null && !leader.equals(localId)
                && term.isAfter(transferTerm)) {
            endTransfer(leader, null, now);
        }
    }

    /** The leader hands over to us: stand at once, without waiting for the timer or a pre-vote. */
    private void onTimeoutNow(PeerId from, TimeoutNow<C, Q, R> tn, long now) {
        if (tn.term().equals(term) && role == Role.FOLLOWER && preference.mayLead() && !sync.inSession()
                && isVoter(localId)) {
            becomeCandidate(now, true);
        }
    }


    // ------------------------------------------------------------------------------------------------
    // Voter changes (strict mode; Raft dissertation §4.1–4.2: one server at a time, through the log)
    // ------------------------------------------------------------------------------------------------

    /** A voter change this leader carries out. */
    private static final class VoterChange {
        final long requestId;
        /** Who asked: null for a local client, else the member that forwarded it. */
        final PeerId replyTo;
        final boolean add;
        final PeerId peer;
        /** Until the entry is appended: when the change gives up; after: when waiting for its commit does. */
        long deadline;
        /** §4.2.1: the log end the new voter must reach in this round, and when the round started. */
        long roundTarget = -1;
        long roundStartedAt;
        int rounds;
        /** The configuration entry, once appended (0: not yet). */
        long entryIndex;

        VoterChange(long requestId, PeerId replyTo, boolean add, PeerId peer, long deadline) {
            this.requestId = requestId;
            this.replyTo = replyTo;
            this.add = add;
            this.peer = peer;
            this.deadline = deadline;
        }

        @Override
        public String toString() {
            return (add ? "adding " : "removing ") + peer.shortHex();
        }
    }

    /**
     * Adds ({@code add}) or removes {@code peer} as a voter. On the leader: a new voter first catches up as
     * a non-voter, in rounds of at most an election timeout each (§4.2.1); once the previous configuration
     * and an entry of this term have committed, the leader appends the new configuration, which is in
     * force at once on every member that holds it (§4.1); the request ends with
     * {@link ClientOutcome.VotersChanged} when it commits. A leader that removed itself then hands
     * leadership to a voter and steps down (§4.2.2). Elsewhere the request is forwarded to the leader.
     * Refused in dynamic mode, for the last voter, and while another change runs; adding a voter or
     * removing a non-voter again completes at once with the configuration as it is.
     */
    public void changeVoters(long requestId, boolean add, PeerId peer, long now) {
        checkStarted();
        if (!config.isStrict()) {
            clients.report(new ClientOutcome.Failed<>(requestId, ClientOutcome.Failure.REFUSED,
                    "dynamic mode: whoever is bonded votes; voters change only in strict mode (ConsensusConfig.voters)"));
        } else if (role == Role.LEADER) {
            startChange(requestId, null, add, peer, now);
        } else if (leader != null && !leader.equals(localId) && bonds.contains(leader)) {
            forwardedChanges.put(requestId, now + changeDeadline(add) + config.forwardTimeout().toMillis());
            send(leader, new RaftMessage.ForwardVoterChange<>(requestId, term, add, peer));
        } else {
            clients.report(new ClientOutcome.Failed<>(requestId, ClientOutcome.Failure.OFFLINE,
                    "no leader is known: nothing was changed"));
        }
        afterEvent(now);
    }

    /** The configuration in force on this member (strict mode), or empty in dynamic mode. */
    public Optional<dev.groups.consensus.VotingConfiguration> votingConfiguration() {
        if (!config.isStrict()) {
            return Optional.empty();
        }
        return Optional.of(configurationAt(configurations == null ? 0 : currentConfigurationIndex()));
    }

    private long currentConfigurationIndex() {
        voters();
        return configurations.currentIndex();
    }

    /** The configuration set by the entry at {@code index} (or the base there), with its position. */
    private dev.groups.consensus.VotingConfiguration configurationAt(long index) {
        SortedSet<PeerId> vs = configurationsAt(index);
        Cursor position = index == 0 ? Cursor.ZERO : new Cursor(log.termAt(Index.of(index)).orElse(Term.ZERO), Index.of(index));
        return new dev.groups.consensus.VotingConfiguration(vs, position, index <= commitIndex);
    }

    private long changeDeadline(boolean add) {
        return (add ? CATCH_UP_ROUNDS : 2) * config.electionTimeout().toMillis();
    }

    private void startChange(long requestId, PeerId replyTo, boolean add, PeerId peer, long now) {
        SortedSet<PeerId> vs = voters();
        String refusal = change != null ? "another voter change is running (" + change + ")"
                : !add && vs.size() == 1 && vs.contains(peer) ? "cannot remove the last voter"
                : add && !vs.contains(peer) && vs.size() >= ConsensusConfig.MAX_VOTERS
                        ? "a configuration names at most " + ConsensusConfig.MAX_VOTERS + " voters"
                : !add && vs.contains(peer) && !anotherMayLead(vs, peer)
                        ? "no remaining voter may lead (the others only observe): the group could never elect" : null;
        if (refusal != null) {
            answerChange(requestId, replyTo, VoterChangeStatus.REFUSED, refusal, currentConfigurationIndex());
            return;
        }
        if (add == vs.contains(peer)) { // nothing to do: the configuration already says so
            answerChange(requestId, replyTo, VoterChangeStatus.CHANGED, "", currentConfigurationIndex());
            return;
        }
        change = new VoterChange(requestId, replyTo, add, peer, now + changeDeadline(add));
        progressChange(now);
    }

    /** True when a voter of {@code vs} other than {@code removed} may lead, as far as this leader knows. */
    private boolean anotherMayLead(SortedSet<PeerId> vs, PeerId removed) {
        for (PeerId v : vs) {
            if (v.equals(removed)) {
                continue;
            }
            Progress p = progress.get(v);
            if (v.equals(localId) ? preference.mayLead() : p == null || !p.observer) {
                return true; // (a voter not heard from yet is assumed able to lead)
            }
        }
        return false;
    }

    /** Moves the running change on: catch-up rounds, then the entry, then its commit. */
    private void progressChange(long now) {
        VoterChange c = change;
        if (c == null || role != Role.LEADER) {
            return;
        }
        if (c.entryIndex > 0) {
            if (commitIndex >= c.entryIndex) {
                change = null;
                answerChange(c.requestId, c.replyTo, VoterChangeStatus.CHANGED, "", c.entryIndex);
                if (!isVoter(localId)) {
                    handOverAfterRemoval(now); // §4.2.2: a removed leader steps down once the change commits
                }
            } else if (now >= c.deadline) {
                change = null;
                answerChange(c.requestId, c.replyTo, VoterChangeStatus.UNKNOWN,
                        "the configuration entry did not commit in time: it may still take effect", currentConfigurationIndex());
            }
            return;
        }
        if (now >= c.deadline) {
            change = null;
            answerChange(c.requestId, c.replyTo, VoterChangeStatus.OFFLINE, c.add
                    ? c.peer.shortHex() + " did not catch up with the log in " + CATCH_UP_ROUNDS + " election timeouts"
                            + (progress.containsKey(c.peer) ? "" : " (it is not bonded)") + ": nothing was changed"
                    : "the previous configuration did not commit in time: nothing was changed", currentConfigurationIndex());
            return;
        }
        if (c.add) {
            // §4.2.1: a new voter that cannot hold the log would stall commits; it catches up first, as a
            // non-voter, in rounds: it is ready when a round (reaching the log end as the round began)
            // took at most an election timeout.
            Progress p = progress.get(c.peer);
            if (p == null) {
                return; // not bonded (yet)
            }
            long last = log.last().index().value();
            if (c.roundTarget < 0) {
                c.roundTarget = last;
                c.roundStartedAt = now;
            }
            if (p.match < c.roundTarget) {
                return;
            }
            if (now - c.roundStartedAt > config.electionTimeout().toMillis()) {
                c.rounds++;
                c.roundTarget = last;
                c.roundStartedAt = now;
                if (p.match < last) {
                    return;
                }
            }
        }
        // §4.1: one change at a time (the previous configuration committed), and only once an entry of this
        // term has committed (the fix to the single-server algorithm: an earlier term's uncommitted change
        // could otherwise overlap ours). Not while handing leadership over.
        if (!committedInTerm() || currentConfigurationIndex() > commitIndex || transferring()) {
            return;
        }
        SortedSet<PeerId> next = new TreeSet<>(voters());
        if (c.add) {
            next.add(c.peer);
        } else {
            next.remove(c.peer);
        }
        LogPayload.Configuration<C> entry = new LogPayload.Configuration<>(next);
        Index at = log.append(entry, term);
        dirty = true;
        recordAppended(new LogEntry<>(at, term, entry)); // in force from now on, on this leader
        c.entryIndex = at.value();
        c.deadline = now + COMMIT_WAIT_FORWARD_TIMEOUTS * config.forwardTimeout().toMillis();
        LOG.log(Level.INFO, "{0}: {1} as a voter at {2} in term {3}: voters {4}", localId.shortHex(),
                c.add ? "adding " + c.peer.shortHex() : "removing " + c.peer.shortHex(), at, term, next.size());
        advanceCommit();
    }

    /** Leadership ended while a change ran: it fails (and may still take effect once its entry was appended). */
    private void abandonChange() {
        VoterChange c = change;
        if (c == null) {
            return;
        }
        change = null;
        if (c.entryIndex > 0) {
            answerChange(c.requestId, c.replyTo, VoterChangeStatus.UNKNOWN,
                    "leadership was lost before the configuration entry committed: it may or may not take effect",
                    currentConfigurationIndex());
        } else {
            answerChange(c.requestId, c.replyTo, VoterChangeStatus.OFFLINE, "leadership was lost: nothing was changed",
                    currentConfigurationIndex());
        }
    }

    private void answerChange(long requestId, PeerId replyTo, VoterChangeStatus status, String detail, long configIndex) {
        dev.groups.consensus.VotingConfiguration at = configurationAt(configIndex);
        if (replyTo != null) {
            send(replyTo, new RaftMessage.VoterChangeResult<>(requestId, status, truncateDetail(detail), at.voters(), at.position()));
        } else {
            clients.report(changeOutcome(requestId, status, detail, at));
        }
    }

    private static String truncateDetail(String detail) {
        return detail.length() > 256 ? detail.substring(0, 256) : detail;
    }

    private ClientOutcome<R> changeOutcome(long requestId, VoterChangeStatus status, String detail,
                                           dev.groups.consensus.VotingConfiguration at) {
        return switch (status) {
            case CHANGED -> new ClientOutcome.VotersChanged<>(requestId, at);
            case REFUSED -> new ClientOutcome.Failed<>(requestId, ClientOutcome.Failure.REFUSED, detail);
            case OFFLINE -> new ClientOutcome.Failed<>(requestId, ClientOutcome.Failure.OFFLINE, detail);
            case UNKNOWN -> new ClientOutcome.Failed<>(requestId, ClientOutcome.Failure.UNKNOWN, detail);
        };
    }

    private void onForwardVoterChange(PeerId from, RaftMessage.ForwardVoterChange<C, Q, R> f, long now) {
        if (role != Role.LEADER || !f.leaderTerm().equals(term) || !config.isStrict()) {
            send(from, new RaftMessage.VoterChangeResult<>(f.requestId(), VoterChangeStatus.OFFLINE,
                    "the member asked does not lead (any more): nothing was changed", new TreeSet<>(), Cursor.ZERO));
            return;
        }
        startChange(f.requestId(), from, f.add(), f.peer(), now);
    }

    private void onVoterChangeResult(RaftMessage.VoterChangeResult<C, Q, R> r) {
        if (forwardedChanges.remove(r.requestId()) == null) {
            return; // answered or given up already
        }
        dev.groups.consensus.VotingConfiguration at = new dev.groups.consensus.VotingConfiguration(
                r.voters(), r.position(), r.status() == VoterChangeStatus.CHANGED);
        clients.report(changeOutcome(r.requestId(), r.status(), r.detail(), at));
    }

    private void expireForwardedChanges(long now) {
        var it = forwardedChanges.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Long, Long> e = it.next();
            if (now >= e.getValue()) {
                long requestId = e.getKey(); // (read first: a TreeMap entry may hold its successor once removed)
                it.remove();
                clients.report(new ClientOutcome.Failed<>(requestId, ClientOutcome.Failure.UNKNOWN,
                        "no answer from the leader in time: the change may or may not take effect"));
            }
        }
    }

    /** Our removal committed: hand leadership to the most up-to-date voter, or step down at once. */
    private void handOverAfterRemoval(long now) {
        PeerId best = null;
        long bestMatch = -1;
        for (Map.Entry<PeerId, Progress> e : progress.entrySet()) {
            Progress p = e.getValue();
            if (!p.observer && p.inSync && p.match > bestMatch && isVoter(e.getKey())) {
                bestMatch = p.match;
                best = e.getKey();
            }
        }
        LOG.log(Level.INFO, "{0}: no longer a voter: {1}", localId.shortHex(),
                best == null ? "stepping down" : "handing leadership to " + best.shortHex());
        if (best == null || transferRequestId != NO_TRANSFER) {
            if (transferRequestId == NO_TRANSFER) {
                becomeFollower(term, null, now);
            }
            return; // (a running transfer hands over anyway)
        }
        transferTarget = best;
        transferRequestId = REMOVAL_HANDOVER;
        transferDeadline = now + config.electionTimeout().toMillis();
        transferTerm = term;
        handOverIfReady(now);
    }

    // ------------------------------------------------------------------------------------------------
    // Replication: follower side
    // ------------------------------------------------------------------------------------------------

    private void onAppendEntries(PeerId from, AppendEntries<C, Q, R> ae, long now) {
        if (ae.term().isBefore(term)) {
            // A deposed leader: our answer carries the newer term and makes it step down.
            send(from, new AppendEntriesResponse<>(term, Vote.DENIED, ae.prev().index(), ae.prev().index(), ae.seq(),
                    !preference.mayLead(), false));
            return;
        }
        if (term.equals(contestedTerm)) {
            return; // two leaders claimed this term: follow neither until a new election decides
        }
        if (role == Role.CANDIDATE) {
            becomeFollower(term, ae.leader(), now); // Raft §5.2: a leader of our term exists
        } else if (role == Role.LEADER) {
            // A rival leader of our own term: only possible in dynamic mode (two sides of a healed
            // partition). Step down and let the election timeout pick one: by then the bonds have settled,
            // so the most up-to-date member wins, and its TermStart supersedes the loser's entries. (mosaik
            // stands again at once, with whatever bonds happen to be up, and can elect a lagging member.)
            becomeFollower(term, null, now);
            contestedTerm = term;
            return;
        }
        if (leader == null) {
            leader = ae.leader();
            clients.leaderChanged(leader, now);
        } else if (!leader.equals(ae.leader())) {
            // Two leaders of one term: never accept both.
            contestedTerm = term;
            leader = null;
            online = false;
            // What matched the old leader says nothing about whoever we follow next in this term: a kept
            // confirmation let a member keep the rival's entries and wait for a catch-up that could
            // never continue them (found by the simulator, seed 700014 with --mixed-roles).
            confirmedIndex = 0;
            clients.leaderChanged(null, now);
            return;
        }
        resetElectionTimer(now);
        lastLeaderContact = now;
        preCandidate = false;
        if (sync.inSession()) {
            sync.buffer(ae.prev(), ae.entries());
            reply(from, ae, Vote.ABSTAINED, log.last().index().value(), false);
            return;
        }
        if (matches(ae.prev(), ae.prevLeader())) {
            acceptEntries(from, ae, now);
            return;
        }
        online = false;
        long last = log.last().index().value();
        long gap = ae.prev().index().value() - last;
        if (ae.catchUp()) {
            // The leader wants us to fetch the gap from the members in parallel. It asks only when we are
            // far behind or it pruned what we need, so any mismatch qualifies: a short gap, and a
            // conflicting log of any length (the point where we diverge may be pruned too). Only a log known to
            // match this leader may be extended that way: drop an unconfirmed tail first.
            if (config.isStrict()) {
                // Raft §5.3: only a conflicting entry and those after it may go. An entry past our commit
                // index may still be committed (we may have acknowledged it to an earlier leader); dropping
                // it let a candidate without it win an election with our vote and lose it (seed 685 of
                // --mode strict --snapshots). Our entry at prev is known to conflict, so it and all after
                // it are uncommitted (Leader Completeness, Log Matching); a gap needs nothing dropped.
                if (last >= ae.prev().index().value()) {
                    truncateFrom(Math.max(ae.prev().index().value(), commitIndex + 1), now);
                    last = log.last().index().value();
                }
                // What the session would extend must match the leader, and past our commit index nothing
                // says it does: ask the leader to stream from there instead (a refusal marked as a conflict
                // keeps it streaming until we hold its whole log; acceptEntries drops only a conflict). If
                // it cannot (it pruned those entries), it asks again for a catch-up with our log unchanged:
                // then the session goes ahead (a snapshot past our log replaces that tail).
                long verified = Math.max(confirmedIndex, commitIndex);
                if (last > verified && probeAskedAt != last) {
                    probeAskedAt = last;
                    replyDenied(from, ae, verified + 1, true);
                    return;
                }
            } else {
                long safe = confirmedIndex;
                if (last > safe) {
                    truncateFrom(safe + 1, now);
                }
            }
            sync.startSession(ae.prev(), ae.prevLeader(), ae.leaderCommit(), ae.entries());
            reply(from, ae, Vote.ABSTAINED, log.last().index().value(), false);
            return;
        }
        long hint;
        if (gap > 0) {
            hint = last + 1;
        } else {
            // Conflict at prev: skip back over the whole conflicting term (fewer round trips).
            hint = history.runStart(ae.prev().index());
        }
        if (config.isStrict()) {
            hint = Math.max(hint, commitIndex + 1); // committed entries match every leader's log
        }
        replyDenied(from, ae, Math.max(1, Math.min(hint, ae.prev().index().value())), gap <= 0);
    }

    /** The commit index where committed entries are known to match every later leader (strict mode). */
    private long commitIndexIfSafe() {
        return config.isStrict() ? commitIndex : 0;
    }

    private boolean matches(Cursor prev, PeerId prevLeader) {
        if (config.isStrict() && prev.index().isBefore(log.available().start())) {
            return true; // inside our pruned or installed prefix: committed, so in every leader's log
        }
        Optional<Term> local = log.termAt(prev.index());
        if (local.isEmpty() || !local.get().equals(prev.term())) {
            return false;
        }
        if (prevLeader == null || prev.index().isZero()) {
            return true;
        }
        Optional<PeerId> localLeader = history.leaderAt(prev.index());
        // Unknown only below a pruned or reset point, which holds committed entries only.
        return localLeader.isEmpty() || localLeader.get().equals(prevLeader);
    }

    private void acceptEntries(PeerId from, AppendEntries<C, Q, R> ae, long now) {
        // The leader of each entry's term, as the sender's log has it: prev's term was started by
        // prevLeader, and every later term starts with its TermStart.
        Term runTerm = ae.prev().term();
        PeerId runLeader = ae.prevLeader();
        for (LogEntry<LogPayload<C>> e : ae.entries()) {
            if (e.command() instanceof LogPayload.TermStart<C> ts) {
                runTerm = e.term();
                runLeader = ts.leader();
            } else if (!e.term().equals(runTerm)) {
                runTerm = e.term();
                runLeader = null; // its start lies below a pruned point: unknown
            }
            if (config.isStrict() && e.index().value() <= log.available().start().value()) {
                continue; // covered by our pruned or installed prefix: committed, and already in the state
            }
            Optional<Term> existing = log.termAt(e.index());
            if (existing.isPresent() && existing.get().equals(e.term()) && sameTermLeader(e.index(), runLeader)) {
                continue; // already have it (a duplicate or an overlapping batch)
            }
            if (e.index().value() <= log.last().index().value()) {
                truncateFrom(e.index().value(), now); // Raft §5.3: a conflicting entry and all that follow it go
                if (log.last().index().value() != e.index().value() - 1) {
                    // regress() reset a pruned log to 0: the rest cannot follow; let the leader catch us up.
                    replyDenied(from, ae, log.last().index().value() + 1, false);
                    return;
                }
            }
            Index appended = log.append(e.command(), e.term());
            if (appended.value() != e.index().value()) {
                throw new IllegalStateException("log store appended at " + appended + ", expected " + e.index());
            }
            recordAppended(e);
            dirty = true;
        }
        long matched = ae.lastIndex().value();
        confirmedIndex = Math.max(confirmedIndex, matched);
        online = true;
        long newCommit = Math.min(ae.leaderCommit().value(), matched);
        if (newCommit > commitIndex) {
            commitIndex = newCommit;
        }
        reply(from, ae, Vote.GRANTED, matched, true);
    }

    /** True unless both sides know who started the term of entry {@code index} and they differ. */
    private boolean sameTermLeader(Index index, PeerId senderTermLeader) {
        if (senderTermLeader == null) {
            return true;
        }
        return history.leaderAt(index).map(senderTermLeader::equals).orElse(true);
    }

    private void replyDenied(PeerId to, AppendEntries<C, Q, R> ae, long hint, boolean conflict) {
        outbox.add(new Outgoing<>(to, new AppendEntriesResponse<>(term, Vote.DENIED, Index.of(hint),
                ae.prev().index(), ae.seq(), !preference.mayLead(), conflict)));
    }

    private void reply(PeerId to, AppendEntries<C, Q, R> ae, Vote vote, long index, boolean afterFlush) {
        Outgoing<C, Q, R> out = new Outgoing<>(to, new AppendEntriesResponse<>(term, vote, Index.of(index),
                ae.prev().index(), ae.seq(), !preference.mayLead(), false));
        if (afterFlush && dirty) {
            awaitingFlush.add(out); // never acknowledge what a crash could still lose
        } else {
            outbox.add(out);
        }
    }

    /** Removes entries from {@code at} on; a truncation below the applied index rebuilds the state. */
    void truncateFrom(long at, long now) {
        if (at <= appliedIndex) {
            if (config.isStrict()) {
                throw new IllegalStateException("strict mode safety violated: truncating applied entry " + at
                        + " (applied " + appliedIndex + ")");
            }
            regress(at, now);
        }
        log.truncate(Index.of(at));
        history.truncated(Index.of(at));
        if (configurations != null) {
            configurations.truncated(at); // §4.1: a removed configuration entry no longer counts
        }
        // An acknowledgement of what is being removed must not leave: held until the flush, or not yet
        // sent, it would tell the leader we store entries we no longer have (dynamic mode truncates
        // within a term; found by the simulator, seed 1211 of --mode dynamic --snapshots).
        awaitingFlush.removeIf(o -> acknowledgesFrom(o, at));
        outbox.removeIf(o -> acknowledgesFrom(o, at));
        if (commitIndex >= at) {
            commitIndex = at - 1;
        }
        confirmedIndex = Math.min(confirmedIndex, at - 1);
        dirty = true;
    }

    private static boolean acknowledgesFrom(Outgoing<?, ?, ?> out, long at) {
        return out.message() instanceof AppendEntriesResponse<?, ?, ?> r && r.vote() == Vote.GRANTED
                && r.index().value() >= at;
    }

    /**
     * Dynamic mode after a healed partition: entries this node applied were superseded. Rebuild the
     * machine from the surviving prefix (replayed as commits are learned), so no member silently keeps
     * a state the group does not have. The committed watcher sees the regression.
     */
    private void regress(long at, long now) {
        machine.reset();
        clients.regressed();
        long offset = log.available().start().value();
        if (offset > 0) {
            // Pruned: the prefix cannot be replayed; start over from an empty log and let state sync
            // (a snapshot) bring us back.
            log.resetTo(Cursor.ZERO);
            history.reset(Index.ZERO, Term.ZERO, null);
        }
        appliedIndex = 0;
        appliedTerm = Term.ZERO;
        commitIndex = 0;
        dirty = true;
    }

    // ------------------------------------------------------------------------------------------------
    // Replication: leader side
    // ------------------------------------------------------------------------------------------------

    private void onAppendEntriesResponse(PeerId from, AppendEntriesResponse<C, Q, R> r, long nowForResponses) {
        if (role != Role.LEADER || !r.term().equals(term)) {
            return;
        }
        Progress p = progress.get(from);
        if (p == null) {
            return;
        }
        p.lastHeardAt = nowForResponses;
        p.inFlight = Math.max(0, p.inFlight - 1);
        p.ackedSeq = Math.max(p.ackedSeq, r.seq());
        p.observer = r.observer();
        long last = log.last().index().value();
        switch (r.vote()) {
            case GRANTED -> {
                p.match = Math.max(p.match, r.index().value());
                p.next = Math.max(p.next, p.match + 1);
                p.inSync = true;
                if (p.match >= last) {
                    p.streamOnly = false;
                }
                // Far behind but with a confirmed match point: let it pull the rest from every member.
                p.catchingUp = !p.streamOnly && last - p.match > tuning.catchUpThreshold();
            }
            case DENIED -> {
                long prevIndex = r.prevIndex().value();
                if (prevIndex < p.match) {
                    break; // stale: a later answer already confirmed more
                }
                p.inSync = false;
                long hint = r.index().value();
                if (prevIndex == p.match && hint <= p.match) {
                    // Refused exactly where it had matched: it dropped that entry (dynamic mode, a superseded
                    // suffix). Believe it, or we would probe the same place for ever.
                    p.match = hint - 1;
                }
                if (r.conflict()) {
                    p.streamOnly = true;
                }
                p.next = Math.max(p.match + 1, Math.min(p.next, hint));
                long offset = log.available().start().value();
                if (config.isStrict() && r.conflict() && p.next <= offset && hint > offset) {
                    // We pruned where we were probing, but the follower asks to be streamed entries we still
                    // hold, from past its commit index (strict mode: its hint never falls below that, so it
                    // cannot swing): probe there (a probe is only a guess; the prev check decides). Lowering
                    // only, next stayed below our offset for good and the follower looped through snapshot
                    // sessions that could not replace its conflicting tail (simulator: seed 83 of --mode
                    // strict --nodes 5 --reconfigure --snapshots). Not in dynamic mode, where a follower's
                    // hints rise and fall with what it confirmed: jumping made leader and follower bounce
                    // messages without end (seed 1982 of --mode dynamic --snapshots).
                    p.next = Math.min(hint, last + 1);
                }
                p.inFlight = 0; // everything sent after the mismatch will be refused too
                // Probe (stream from the hint) until a match is confirmed, unless we pruned what it needs.
                p.catchingUp = p.next <= log.available().start().value();
            }
            case ABSTAINED -> {
                p.inSync = false; // catching up through its state sync: out of the quorum until done
                p.catchingUp = true;
            }
        }
        advanceCommit();
    }

    /** Sends what each follower lacks (pipelined, batched) and heartbeats to the idle. */
    private void replicate(long now) {
        if (role != Role.LEADER) {
            return;
        }
        long last = log.last().index().value();
        long heartbeat = config.heartbeatInterval().toMillis();
        for (Map.Entry<PeerId, Progress> e : progress.entrySet()) {
            Progress p = e.getValue();
            if (p.catchingUp) {
                if (now - p.lastSentAt >= heartbeat) {
                    sendAppend(e.getKey(), p, last, List.of(), true, now);
                }
                continue;
            }
            if (p.inFlight >= tuning.window() && now - p.lastSentAt >= heartbeat) {
                // No answer for a heartbeat interval with a full window: assume loss, resend from the match.
                p.inFlight = 0;
                p.next = p.match + 1;
            }
            boolean sent = false;
            while (p.next <= last && p.inFlight < tuning.window()) {
                long prevIndex = p.next - 1;
                if (prevIndex < log.available().start().value()) {
                    p.catchingUp = true; // we pruned what it needs: only state sync can help
                    break;
                }
                long to = Math.min(last, p.next + tuning.maxBatch() - 1);
                List<LogEntry<LogPayload<C>>> entries = log.getRange(IndexRange.of(p.next, to));
                sendAppend(e.getKey(), p, prevIndex, entries, false, now);
                p.next = to + 1;
                p.inFlight++;
                sent = true;
            }
            // Idle followers hear of a new commit index at once, not at the next heartbeat: a command
            // executed through a follower completes only when that follower applies it.
            if (!sent && (now - p.lastSentAt >= heartbeat || (p.sentCommit < commitIndex && p.inFlight == 0))) {
                sendAppend(e.getKey(), p, Math.min(p.next - 1, last), List.of(), false, now);
            }
        }
    }

    private void sendAppend(PeerId to, Progress p, long prevIndex, List<LogEntry<LogPayload<C>>> entries,
                            boolean catchUp, long now) {
        Index prev = Index.of(prevIndex);
        Term prevTerm = log.termAt(prev).orElse(Term.ZERO);
        PeerId prevLeader = history.leaderAt(prev).orElse(null);
        send(to, new AppendEntries<>(term, localId, new Cursor(prevTerm, prev), prevLeader, entries,
                Index.of(commitIndex), ++seq, catchUp));
        p.lastSentAt = now;
        p.sentCommit = commitIndex;
    }

    /** Sends a heartbeat to every follower now (read-index rounds), returning its sequence number. */
    long heartbeatAll(long now) {
        long s = seq + 1;
        for (Progress p : progress.values()) {
            p.lastSentAt = Long.MIN_VALUE / 2; // due now
        }
        replicate(now);
        return s;
    }

    /** Commits the highest current-term index a quorum has durably (Raft §5.3, §5.4.2). */
    private void advanceCommit() {
        if (role != Role.LEADER) {
            return;
        }
        List<Long> matches = new ArrayList<>();
        if (config.isStrict()) {
            // Every voter of the latest configuration, bonded or not (an absent one matches nothing); the
            // leader itself only while it is one (dissertation §4.2.2: a leader removing itself manages
            // the group but does not count).
            for (PeerId v : voters()) {
                Progress p = progress.get(v);
                matches.add(v.equals(localId) ? durableIndex : p == null ? 0 : p.match);
            }
        } else {
            matches.add(durableIndex);
            for (Progress p : progress.values()) {
                if (!p.observer && p.inSync) {
                    matches.add(p.match);
                }
            }
        }
        int quorum = quorumSize(matches.size());
        if (matches.size() < quorum) {
            return;
        }
        matches.sort(Collections.reverseOrder());
        long candidate = matches.get(quorum - 1);
        if (candidate > commitIndex && log.termAt(Index.of(candidate)).map(term::equals).orElse(false)) {
            commitIndex = candidate;
        }
    }

    /** How many members must agree: a majority of the voters (strict: those of the latest configuration). */
    int quorumSize(int voters) {
        return config.isStrict() ? voters().size() / 2 + 1 : voters / 2 + 1;
    }

    /** Strict mode: the voters of the latest configuration in the log, used whether committed or not (§4.1). */
    SortedSet<PeerId> voters() {
        if (configurationsStale) {
            configurationsStale = false;
            configurations = Configurations.rebuild(log, configurations.at(log.available().start().value()));
        }
        return configurations.current();
    }

    /**
     * Strict mode: a voter stands for election; so does a member that its latest configuration removed
     * while that entry is not known committed (dissertation §4.2.2: it may still be needed until then, e.g.
     * a leader that removed itself and lost its lease before the entry reached the remaining voters). Its
     * own vote never counts; a leader elected so hands over as soon as the entry commits.
     */
    private boolean mayStand() {
        return isVoter(localId) || currentConfigurationIndex() > commitIndex;
    }

    /** True when {@code peer} counts in elections and commits (strict: a voter; dynamic: everyone may). */
    boolean isVoter(PeerId peer) {
        return !config.isStrict() || voters().contains(peer);
    }

    private int countVoters(Set<PeerId> members) {
        int n = 0;
        for (PeerId v : voters()) {
            if (members.contains(v)) {
                n++;
            }
        }
        return n;
    }

    /** Strict mode: {@code members} hold a majority of the voters. */
    private boolean isStrictMajority(Set<PeerId> members) {
        return countVoters(members) >= voters().size() / 2 + 1;
    }

    /** True once a quorum has acknowledged leader messages up to {@code seq} in this term (read index). */
    boolean leadershipConfirmed(long readSeq) {
        if (role != Role.LEADER) {
            return false;
        }
        if (config.isStrict()) {
            int acks = 0;
            for (PeerId v : voters()) {
                Progress p = progress.get(v);
                if (v.equals(localId) || (p != null && p.ackedSeq >= readSeq)) {
                    acks++;
                }
            }
            return acks >= voters().size() / 2 + 1;
        }
        int acks = 1;
        int voters = 1;
        for (Progress p : progress.values()) {
            if (p.observer) {
                continue;
            }
            voters++;
            if (p.ackedSeq >= readSeq) {
                acks++;
            }
        }
        return acks >= quorumSize(voters);
    }

    /** True once this leader committed an entry of its own term: before that its commit index may lag. */
    boolean committedInTerm() {
        return role == Role.LEADER && commitIndex >= termStartIndex;
    }

    private void onForwardCommands(PeerId from, ForwardCommands<C, Q, R> f) {
        // Only in the term the sender named: a delayed or duplicated forward must not resurrect commands
        // whose sender has already been told, from its applied log, that they can never commit.
        if (role != Role.LEADER || !f.leaderTerm().equals(term)) {
            send(from, new NotLeader<>(f.requestId()));
            return;
        }
        if (f.commands().isEmpty()) {
            return;
        }
        IndexRange assigned = clients.appendTagged(f.session(), f.firstSequence(), f.commands());
        send(from, new CommandAck<>(f.requestId(), assigned));
    }

    private void onForwardQuery(PeerId from, ForwardQuery<C, Q, R> q, long now) {
        if (role != Role.LEADER) {
            send(from, new NotLeader<>(q.requestId()));
            return;
        }
        clients.readForPeer(from, q, now);
    }

    /** Appends a command on the leader; returns its index. */
    Index appendCommand(LogPayload.Command<C> command) {
        Index i = log.append(command, term);
        dirty = true;
        recordAppended(new LogEntry<>(i, term, command));
        return i;
    }

    /** Keeps the term index and the configurations in step with an appended entry. */
    private void recordAppended(LogEntry<LogPayload<C>> e) {
        history.appended(e);
        if (configurations != null) {
            configurations.appended(e);
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Applying
    // ------------------------------------------------------------------------------------------------

    private void afterEvent(long now) {
        applyCommitted(now);
        sync.poll(now);
        progressChange(now);
        if (role == Role.LEADER && config.isStrict() && change == null && transferRequestId == NO_TRANSFER
                && !isVoter(localId) && currentConfigurationIndex() <= commitIndex) {
            handOverAfterRemoval(now); // §4.2.2: elected to finish a removal (or removed earlier): hand over
        }
        replicate(now);
        handOverIfReady(now);
        watchTransfer(now);
        clients.afterEvent(now);
        applyCommitted(now);
    }

    private void applyCommitted(long now) {
        while (appliedIndex < commitIndex) {
            long to = Math.min(commitIndex, appliedIndex + APPLY_CHUNK);
            List<LogEntry<LogPayload<C>>> entries = log.getRange(IndexRange.of(appliedIndex + 1, to));
            if (entries.isEmpty() || entries.get(0).index().value() != appliedIndex + 1) {
                throw new IllegalStateException("committed entries " + (appliedIndex + 1) + ".." + to
                        + " are missing from the log " + log.available());
            }
            applyRun(entries);
        }
        sync.committed(now);
    }

    /** Prunes the log up to {@code upTo} (the state sync said it no longer needs those entries). */
    void prune(Index upTo) {
        if (configurations != null) {
            voters(); // brought up to date while the entries are still there: the base is what was in force
        }
        log.prunePrefix(upTo);
        history.pruned(log.available().start());
        if (configurations != null) {
            configurations.pruned(log.available().start().value());
        }
        dirty = true;
    }

    /** Applies entries in runs of commands of one term (a batch never mixes terms). */
    private void applyRun(List<LogEntry<LogPayload<C>>> entries) {
        List<C> batch = new ArrayList<>();
        List<LogEntry<LogPayload<C>>> batchEntries = new ArrayList<>();
        for (LogEntry<LogPayload<C>> e : entries) {
            if (!batch.isEmpty() && !e.term().equals(batchEntries.get(0).term())) {
                applyBatch(batch, batchEntries);
                batch = new ArrayList<>();
                batchEntries = new ArrayList<>();
            }
            if (e.command() instanceof LogPayload.Command<C> c) {
                batch.add(c.command());
                batchEntries.add(e);
            } else {
                if (!batch.isEmpty()) {
                    applyBatch(batch, batchEntries);
                    batch = new ArrayList<>();
                    batchEntries = new ArrayList<>();
                }
                appliedIndex = e.index().value();
                appliedTerm = e.term();
            }
        }
        if (!batch.isEmpty()) {
            applyBatch(batch, batchEntries);
        }
    }

    private void applyBatch(List<C> commands, List<LogEntry<LogPayload<C>>> entries) {
        Cursor before = new Cursor(appliedTerm, Index.of(appliedIndex));
        Term batchTerm = entries.get(0).term();
        machine.applyBatch(Collections.unmodifiableList(commands),
                new Apply(before, log.last(), batchTerm, setup));
        LogEntry<LogPayload<C>> lastEntry = entries.get(entries.size() - 1);
        appliedIndex = lastEntry.index().value();
        appliedTerm = lastEntry.term();
        for (LogEntry<LogPayload<C>> e : entries) {
            clients.applied(e);
        }
    }

    /** A state sync installed a snapshot covering everything up to its position, with this runtime state. */
    void installedUpTo(RuntimeState state) {
        clients.restoreSessionTable(state.clientSessions(), state.position().index().value()); // checked first
        installedUpTo(state.position(), state.termLeader().orElse(null));
        if (configurations != null && !state.voters().isEmpty()) {
            // The snapshot knows who voted at its anchor; entries kept above it may change that again.
            configurations = Configurations.rebuild(log, state.voters());
            configurationsStale = false;
        }
    }

    /**
     * At start, the state sync restored the machine's state at the log's offset (a snapshot saved before
     * the log was pruned or reset to it): take back what the runtime held with it.
     */
    void restoredAtOffset(RuntimeState state) {
        Cursor offset = new Cursor(log.termAt(log.available().start()).orElse(Term.ZERO), log.available().start());
        if (started || !state.position().equals(offset) || offset.index().isZero()) {
            throw new IllegalStateException("restored " + state + ", but the group "
                    + (started ? "has started" : "starts at the offset " + offset));
        }
        clients.restoreSessionTable(state.clientSessions(), offset.index().value());
        if (!state.voters().isEmpty()) {
            restoredVoters = state.voters();
        }
        // The prune removed the TermStart that named this term's leader; log matching needs it
        // (dynamic mode: two leaders can share a term).
        state.termLeader().ifPresent(l -> history.offsetLeader(offset.index(), l));
    }

    /** What the runtime holds at the applied position besides the machine (for a snapshot taken there). */
    RuntimeState runtimeState() {
        Cursor at = committed();
        SortedSet<PeerId> votersAt = configurations == null ? new TreeSet<>() : configurationsAt(at.index().value());
        return new RuntimeState(at, at.index().isZero() ? Optional.empty() : history.leaderAt(at.index()),
                clients.sessionTable(), votersAt);
    }

    private SortedSet<PeerId> configurationsAt(long index) {
        voters(); // brings the configurations up to date
        return configurations.at(index);
    }

    /** A state sync installed a snapshot covering everything up to {@code cursor}. */
    void installedUpTo(Cursor cursor, PeerId termLeader) {
        if (!log.termAt(cursor.index()).map(cursor.term()::equals).orElse(false)) {
            throw new IllegalStateException("setCommitted(" + cursor + ") does not match the log " + log.available());
        }
        history.reset(cursor.index(), cursor.term(), termLeader);
        if (configurations != null) {
            // Without a snapshot's word the configuration at the anchor is the one we knew there (a
            // rebuild from the new offset keeps it as the base).
            configurationsStale = true;
        }
        clients.installed(cursor.index().value());
        if (leader != null && leader.equals(sync.sessionLeader())) {
            // The session installs only its leader's snapshot (the SPI's contract): that leader's committed
            // state, so our log up to the anchor matches its log. Left unconfirmed, the next catch-up
            // request truncated it again in dynamic mode, and the follower chased the leader's snapshots
            // for ever (seed 807 of --mode dynamic --snapshots).
            confirmedIndex = Math.max(confirmedIndex, cursor.index().value());
        }
        appliedIndex = cursor.index().value();
        appliedTerm = cursor.term();
        commitIndex = Math.max(commitIndex, appliedIndex);
        dirty = true;
    }

    /** A sync session ended at {@code result}; check it reached the leader's position before trusting it. */
    void sessionFinished(Cursor target, PeerId targetLeader, Cursor result) {
        if (!result.equals(log.last())) {
            throw new IllegalStateException("state sync reported " + result + " but the log ends at " + log.last());
        }
        rebuildHistory();
        configurationsStale = configurations != null;
        if (matches(target, targetLeader)) {
            confirmedIndex = Math.max(confirmedIndex, result.index().value());
        } else if (config.isStrict()) {
            // Raft §5.3 again: drop only from a known conflict (our entry at the target has another term or
            // leader), never an unconfirmed tail that may be committed. Short of the target nothing is
            // known; the leader's next request tells.
            Index at = target.index();
            if (!at.isAfter(log.last().index()) && at.isAfter(log.available().start())) {
                truncateFrom(Math.max(at.value(), commitIndex + 1), 0);
            } else {
                probeAskedAt = -1; // it could not extend our tail: have the leader stream it next time
            }
        } else {
            // The peers served a history the leader does not have (dynamic mode after a partition):
            // keep only what we had confirmed; the leader's probing takes over from there.
            if (log.last().index().value() > confirmedIndex) {
                truncateFrom(confirmedIndex + 1, 0);
            }
        }
        dirty = true;
    }

    /**
     * Rebuilds the term index from the log, keeping what only the index knew: the leader of the offset's
     * term (a snapshot named it when it was installed or restored; the log no longer holds its TermStart).
     */
    private void rebuildHistory() {
        Index offset = log.available().start();
        Optional<TermHistory.Run> before = history.runAt(offset);
        history = TermHistory.rebuild(log);
        if (before.isPresent() && before.get().leader() != null
                && log.termAt(offset).map(before.get().term()::equals).orElse(false)) {
            history.offsetLeader(offset, before.get().leader());
        }
    }

    /** Entries appended by a sync session (kept in the term index). */
    void sessionAppended() {
        dirty = true;
        configurationsStale = configurations != null;
    }

    void send(PeerId to, RaftMessage<C, Q, R> message) {
        outbox.add(new Outgoing<>(to, message));
    }

    boolean isBonded(PeerId peer) {
        return bonds.contains(peer);
    }

    long appliedIndex() {
        return appliedIndex;
    }

    private void persistHardState() {
        log.saveHardState(HardState.of(term, votedFor));
    }

    private void checkStarted() {
        if (!started) {
            throw new IllegalStateException("call start() first");
        }
    }

    @Override
    public String toString() {
        return "RaftNode(" + localId.shortHex() + " " + role + " term=" + term + " leader="
                + (leader == null ? "-" : leader.shortHex()) + (term.equals(contestedTerm) ? " contested" : "")
                + (sync.inSession() ? " catching-up" : "") + " commit=" + commitIndex + " applied=" + appliedIndex
                + " last=" + log.last() + (configurations == null || !started ? ""
                        : " voters=" + voters().size() + "@" + configurations.currentIndex() + (isVoter(localId) ? "" : " non-voter"))
                + (role == Role.LEADER ? " progress=" + progress.values() : "") + ")";
    }

    /** The deterministic context of one applied batch. */
    private record Apply(Cursor committed, Cursor logPosition, Term currentTerm, RaftSetup<?, ?, ?> setup)
            implements dev.groups.machine.ApplyContext {
        @Override
        public dev.groups.id.GroupId groupId() {
            return setup.groupId();
        }

        @Override
        public dev.groups.id.NetworkId networkId() {
            return setup.networkId();
        }
    }
}
