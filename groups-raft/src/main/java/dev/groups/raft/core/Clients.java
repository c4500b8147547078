package dev.groups.raft.core;

import dev.groups.consensus.Role;
import dev.groups.id.PeerId;
import dev.groups.log.Index;
import dev.groups.log.IndexRange;
import dev.groups.log.LogEntry;
import dev.groups.log.LogPayload;
import dev.groups.log.Term;
import dev.groups.machine.Consistency;
import dev.groups.machine.QueryResultAt;
import dev.groups.raft.core.ClientOutcome.Failure;
import dev.groups.raft.core.RaftMessage.CommandAck;
import dev.groups.raft.core.RaftMessage.ForwardCommands;
import dev.groups.raft.core.RaftMessage.ForwardQuery;
import dev.groups.raft.core.RaftMessage.NotLeader;
import dev.groups.raft.core.RaftMessage.QueryResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The client side of a {@link RaftNode}: local commands and queries, forwarding to the leader with
 * retries, execute tracking (a request completes only when its <em>own</em> entries are applied),
 * the leader's de-duplication of tagged commands, and read-index queries.
 */
final class Clients<C, Q, R> {
    private final RaftNode<C, Q, R> node;
    private final List<ClientOutcome<R>> outcomes = new ArrayList<>();
    private long nextSequence = 1;

    /** Our forwarded commands awaiting the leader's acknowledgement, by request id. */
    private final Map<Long, Forward<C>> forwards = new LinkedHashMap<>();
    /** Our requests awaiting the application of their entries, by first sequence number. */
    private final TreeMap<Long, PendingCommit> commits = new TreeMap<>();
    /** Our strong queries forwarded to the leader, by request id. */
    private final Map<Long, PendingQuery<Q>> queries = new LinkedHashMap<>();
    /**
     * Requests made while no leader was known (before the first election, or during one): they wait for
     * a leader up to the forward (commands) or query timeout, then fail {@code OFFLINE}, nothing sent.
     */
    private final List<Parked<C, Q>> parked = new ArrayList<>();
    /** Leader: strong queries waiting for their read-index round (ours and forwarded ones). */
    private final List<Read<Q>> reads = new ArrayList<>();

    /** Applied tagged commands. Identical on every member (log-derived); carried by snapshots. */
    private final SessionTable appliedSequences = new SessionTable();
    /** Leader only: tagged commands in the unapplied tail of its log. */
    private final Map<Long, TreeMap<Long, Long>> tailSequences = new HashMap<>();

    private static final class Forward<C> {
        final long requestId;
        final long firstSequence;
        final List<C> commands;
        final boolean awaitCommit;
        int attempts;
        long deadline;
        PeerId sentTo;
        Term sentTerm = Term.ZERO;

        Forward(long requestId, long firstSequence, List<C> commands, boolean awaitCommit) {
            this.requestId = requestId;
            this.firstSequence = firstSequence;
            this.commands = commands;
            this.awaitCommit = awaitCommit;
        }
    }

    private static final class PendingCommit {
        final long requestId;
        final long firstSequence;
        final int count;
        int seen;
        long minIndex = Long.MAX_VALUE;
        long maxIndex;
        IndexRange assigned;
        final boolean awaitCommit;
        /**
         * The highest term in which any copy of these commands may have been appended: a leader appends
         * ours only in the term we named (local proposals: the term we lead in). Raised by every attempt.
         */
        Term maxAttemptTerm = Term.ZERO;
        /** When the wait for the commit ends (only for {@code awaitCommit}). */
        final long deadline;

        PendingCommit(long requestId, long firstSequence, int count, boolean awaitCommit, long deadline) {
            this.requestId = requestId;
            this.firstSequence = firstSequence;
            this.count = count;
            this.awaitCommit = awaitCommit;
            this.deadline = deadline;
        }

        void attempted(Term term) {
            if (term.isAfter(maxAttemptTerm)) {
                maxAttemptTerm = term;
            }
        }
    }

    /** A request waiting for a leader: commands (with their sequence numbers) or a strong query. */
    private record Parked<C, Q>(long requestId, List<C> commands, long firstSequence, boolean awaitCommit, Q query,
                                long deadline) {}

    private static final class PendingQuery<Q> {
        final long requestId;
        final Q query;
        int attempts;
        long deadline;
        PeerId sentTo;

        PendingQuery(long requestId, Q query) {
            this.requestId = requestId;
            this.query = query;
        }
    }

    /** A read on the leader; {@code origin} null for a local one. {@code seq} -1 until its round is sent. */
    private static final class Read<Q> {
        final PeerId origin;
        final long requestId;
        final Q query;
        final long deadline;
        long readIndex = -1;
        long seq = -1;

        Read(PeerId origin, long requestId, Q query, long deadline) {
            this.origin = origin;
            this.requestId = requestId;
            this.query = query;
            this.deadline = deadline;
        }
    }

    Clients(RaftNode<C, Q, R> node) {
        this.node = node;
    }

    // ---------------------------------------------------------------------------------------------- commands

    void propose(long requestId, List<C> commands, boolean awaitCommit, long now) {
        if (commands.isEmpty()) {
            throw new IllegalArgumentException("no commands");
        }
        List<C> copy = List.copyOf(commands);
        long first = nextSequence;
        nextSequence += copy.size();
        if (node.transferring()) {
            // Handing leadership over (dissertation §3.10): no new entries in this term; they wait for the
            // next leader (or for this one, if the transfer fails) like any request without a leader.
            parked.add(new Parked<>(requestId, copy, first, awaitCommit, null, now + node.config.forwardTimeout().toMillis()));
            return;
        }
        switch (node.role()) {
            case LEADER -> {
                IndexRange range = appendTagged(node.session(), first, copy);
                outcomes.add(new ClientOutcome.Assigned<>(requestId, range, !awaitCommit));
                if (awaitCommit) {
                    PendingCommit pc = new PendingCommit(requestId, first, copy.size(), true, commitDeadline(now));
                    pc.assigned = range;
                    pc.attempted(node.term());
                    commits.put(first, pc);
                }
            }
            case FOLLOWER, CANDIDATE -> {
                if (node.role() == Role.CANDIDATE || node.leader().isEmpty()) {
                    // One rule before the first election and after a leader is lost: wait for one.
                    parked.add(new Parked<>(requestId, copy, first, awaitCommit, null,
                            now + node.config.forwardTimeout().toMillis()));
                    return;
                }
                forward(requestId, first, copy, awaitCommit, node.leader().get(), now);
            }
        }
    }

    private void forward(long requestId, long first, List<C> commands, boolean awaitCommit, PeerId leader, long now) {
        Forward<C> f = new Forward<>(requestId, first, commands, awaitCommit);
        forwards.put(requestId, f);
        commits.put(first, new PendingCommit(requestId, first, commands.size(), awaitCommit, commitDeadline(now)));
        sendForward(f, leader, now);
    }

    private long commitDeadline(long now) {
        return now + RaftNode.COMMIT_WAIT_FORWARD_TIMEOUTS * node.config.forwardTimeout().toMillis();
    }

    private void sendForward(Forward<C> f, PeerId leader, long now) {
        f.attempts++;
        f.sentTo = leader;
        // We follow `leader` in our current term, so that is the term in which it may append these.
        f.sentTerm = node.term();
        f.deadline = now + node.config.forwardTimeout().toMillis();
        PendingCommit pc = commits.get(f.firstSequence);
        if (pc != null) {
            pc.attempted(f.sentTerm); // before it leaves: from now on a copy may exist in this term
        }
        node.send(leader, new ForwardCommands<>(f.requestId, node.session(), f.firstSequence, f.commands, f.sentTerm));
    }

    /** Leader: appends commands once per (session, sequence); returns where they are. */
    IndexRange appendTagged(long session, long firstSequence, List<C> commands) {
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int i = 0; i < commands.size(); i++) {
            long sequence = firstSequence + i;
            Long index = lookup(session, sequence);
            if (index == null) {
                index = node.appendCommand(new LogPayload.Command<>(commands.get(i), session, sequence)).value();
                remember(tailSequences, session, sequence, index);
            }
            min = Math.min(min, index);
            max = Math.max(max, index);
        }
        return IndexRange.of(min, max);
    }

    private Long lookup(long session, long sequence) {
        TreeMap<Long, Long> tail = tailSequences.get(session);
        Long index = tail == null ? null : tail.get(sequence);
        if (index == null) {
            index = appliedSequences.indexOf(session, sequence);
        }
        return index;
    }

    private static void remember(Map<Long, TreeMap<Long, Long>> table, long session, long sequence, long index) {
        TreeMap<Long, Long> m = table.computeIfAbsent(session, k -> new TreeMap<>());
        m.put(sequence, index);
        if (m.size() > SessionTable.WINDOW) {
            m.pollFirstEntry();
        }
    }

    void onCommandAck(CommandAck<C, Q, R> ack) {
        Forward<C> f = forwards.remove(ack.requestId());
        if (f == null) {
            return; // a duplicate answer to a retried forward
        }
        outcomes.add(new ClientOutcome.Assigned<>(f.requestId, ack.assigned(), !f.awaitCommit));
        PendingCommit pc = commits.get(f.firstSequence);
        if (pc != null) {
            if (f.awaitCommit) {
                pc.assigned = ack.assigned();
            } else {
                commits.remove(f.firstSequence);
            }
        }
    }

    /**
     * A peer refused a forward or a query: it does not lead (in the term the forward named). Nothing to
     * do. Our latest attempt always went to the leader we follow now ({@link #leaderChanged} re-sends at
     * once when that changes), so a refusal from anyone else answers an earlier attempt that the latest
     * one superseded: retrying on it would only spend one of the {@link RaftNode#FORWARD_ATTEMPTS}. And
     * when the leader we follow refuses, it was deposed: the next leader's notice re-sends at once, and
     * the attempt's deadline retries if no notice comes.
     */
    void onNotLeader(PeerId from, NotLeader<C, Q, R> n, long now) {
        // deliberately empty: see above
    }

    private void retryForward(Forward<C> f, PeerId leader, long now) {
        if (f.attempts >= RaftNode.FORWARD_ATTEMPTS) {
            forwards.remove(f.requestId);
            commits.remove(f.firstSequence);
            fail(f.requestId, Failure.UNKNOWN, "the leader did not acknowledge after " + f.attempts + " attempts");
        } else {
            sendForward(f, leader, now);
        }
    }

    // ---------------------------------------------------------------------------------------------- queries

    void query(long requestId, Q query, Consistency consistency, long now) {
        if (consistency == Consistency.WEAK) {
            outcomes.add(new ClientOutcome.Answered<>(requestId,
                    new QueryResultAt<>(node.machine.query(query), Index.of(node.appliedIndex()))));
            return;
        }
        switch (node.role()) {
            case LEADER -> reads.add(new Read<>(null, requestId, query, now + node.config.queryTimeout().toMillis()));
            case FOLLOWER, CANDIDATE -> {
                if (node.role() == Role.CANDIDATE || node.leader().isEmpty()) {
                    parked.add(new Parked<>(requestId, null, 0, false, query, now + node.config.queryTimeout().toMillis()));
                    return;
                }
                PendingQuery<Q> q = new PendingQuery<>(requestId, query);
                queries.put(requestId, q);
                sendQuery(q, node.leader().get(), now);
            }
        }
    }

    /** A leader is known now: parked requests go to it (or, on the leader itself, are served here). */
    private void unpark(long now) {
        if (parked.isEmpty() || node.role() == Role.CANDIDATE) {
            return;
        }
        PeerId leader = node.leader().orElse(null);
        if (leader == null) {
            return;
        }
        List<Parked<C, Q>> waiting = List.copyOf(parked);
        parked.clear();
        for (Parked<C, Q> p : waiting) {
            if (p.query() != null) {
                if (node.role() == Role.LEADER) {
                    reads.add(new Read<>(null, p.requestId(), p.query(), now + node.config.queryTimeout().toMillis()));
                } else {
                    PendingQuery<Q> q = new PendingQuery<>(p.requestId(), p.query());
                    queries.put(p.requestId(), q);
                    sendQuery(q, leader, now);
                }
            } else if (node.role() == Role.LEADER) {
                IndexRange range = appendTagged(node.session(), p.firstSequence(), p.commands());
                outcomes.add(new ClientOutcome.Assigned<>(p.requestId(), range, !p.awaitCommit()));
                if (p.awaitCommit()) {
                    PendingCommit pc = new PendingCommit(p.requestId(), p.firstSequence(), p.commands().size(), true,
                            commitDeadline(now));
                    pc.assigned = range;
                    pc.attempted(node.term());
                    commits.put(p.firstSequence(), pc);
                }
            } else {
                forward(p.requestId(), p.firstSequence(), p.commands(), p.awaitCommit(), leader, now);
            }
        }
    }

    private void sendQuery(PendingQuery<Q> q, PeerId leader, long now) {
        q.attempts++;
        q.sentTo = leader;
        q.deadline = now + node.config.queryTimeout().toMillis();
        node.send(leader, new ForwardQuery<>(q.requestId, q.query));
    }

    private void retryQuery(PendingQuery<Q> q, PeerId leader, long now) {
        if (q.attempts >= RaftNode.FORWARD_ATTEMPTS) {
            queries.remove(q.requestId);
            fail(q.requestId, Failure.OFFLINE, "the leader did not answer after " + q.attempts + " attempts");
        } else {
            sendQuery(q, leader, now);
        }
    }

    void readForPeer(PeerId from, ForwardQuery<C, Q, R> q, long now) {
        reads.add(new Read<>(from, q.requestId(), q.query(), now + node.config.queryTimeout().toMillis()));
    }

    void onQueryResponse(QueryResponse<C, Q, R> r) {
        PendingQuery<Q> q = queries.remove(r.requestId());
        if (q != null) {
            outcomes.add(new ClientOutcome.Answered<>(q.requestId, new QueryResultAt<>(r.result(), r.position())));
        }
    }

    // ---------------------------------------------------------------------------------------------- role changes

    /** The leader this node follows changed (possibly to none, or to itself). */
    /** A leadership transfer failed while we still lead: the commands parked meanwhile are appended now. */
    void transferAbandoned(long now) {
        unpark(now);
    }

    void leaderChanged(PeerId leader, long now) {
        if (leader == null || leader.equals(node.localId)) {
            return; // becameLeader() serves what waited
        }
        unpark(now);
        for (Forward<C> f : List.copyOf(forwards.values())) {
            if (!leader.equals(f.sentTo) || !node.term().equals(f.sentTerm)) {
                retryForward(f, leader, now); // a leader of another term refuses what we named for the old one
            }
        }
        for (PendingQuery<Q> q : List.copyOf(queries.values())) {
            if (!leader.equals(q.sentTo)) {
                retryQuery(q, leader, now);
            }
        }
    }

    void becameLeader(long now) {
        tailSequences.clear();
        long last = node.log.last().index().value();
        for (LogEntry<LogPayload<C>> e : node.log.getRange(IndexRange.of(node.appliedIndex() + 1, last))) {
            if (e.command() instanceof LogPayload.Command<C> c && c.isTagged()) {
                remember(tailSequences, c.session(), c.sequence(), e.index().value());
            }
        }
        // Our own unacknowledged forwards: append them here (de-duplicated if the old leader got them).
        for (Forward<C> f : List.copyOf(forwards.values())) {
            forwards.remove(f.requestId);
            IndexRange range = appendTagged(node.session(), f.firstSequence, f.commands);
            outcomes.add(new ClientOutcome.Assigned<>(f.requestId, range, !f.awaitCommit));
            PendingCommit pc = commits.get(f.firstSequence);
            if (pc != null) {
                pc.attempted(node.term());
                if (f.awaitCommit) {
                    pc.assigned = range;
                } else {
                    commits.remove(f.firstSequence);
                }
            }
        }
        for (PendingQuery<Q> q : List.copyOf(queries.values())) {
            queries.remove(q.requestId);
            reads.add(new Read<>(null, q.requestId, q.query, now + node.config.queryTimeout().toMillis()));
        }
        unpark(now);
    }

    void leadershipLost() {
        tailSequences.clear();
        for (Read<Q> r : reads) {
            if (r.origin == null) {
                fail(r.requestId, Failure.OFFLINE, "leadership was lost before the read was confirmed");
            } else {
                node.send(r.origin, new NotLeader<>(r.requestId));
            }
        }
        reads.clear();
    }

    /**
     * A snapshot now covers everything up to {@code index}: whether this node's pending commands there
     * were applied cannot be told (their entries were never applied here), so they end as UNKNOWN rather
     * than, later, as SUPERSEDED.
     */
    void installed(long index) {
        // Any of them may lie inside the snapshot (a copy of a forward can sit anywhere below it), so
        // none can be told any more.
        for (PendingCommit pc : commits.values()) {
            forwards.remove(pc.requestId);
            fail(pc.requestId, Failure.UNKNOWN, "a snapshot up to " + index
                    + " was installed before the entries were seen applied");
        }
        commits.clear();
    }

    /** An outcome the node decided itself (a leadership transfer's). */
    void report(ClientOutcome<R> outcome) {
        outcomes.add(outcome);
    }

    /** The encoded client-session table at the applied position (for a snapshot taken there). */
    byte[] sessionTable() {
        return appliedSequences.encode();
    }

    /**
     * A machine state restored or installed at {@code position} came with this client-session table.
     *
     * @throws IllegalArgumentException if it does not decode (the table is then unchanged)
     */
    void restoreSessionTable(byte[] table, long position) {
        appliedSequences.restore(table, position);
    }

    /** Dynamic mode: the machine was reset; the applied history is rebuilt as entries are re-applied. */
    void regressed() {
        appliedSequences.clear();
        for (PendingCommit pc : commits.values()) {
            pc.seen = 0;
            pc.minIndex = Long.MAX_VALUE;
            pc.maxIndex = 0;
        }
    }

    // ---------------------------------------------------------------------------------------------- progress

    /** An entry was applied on this node. */
    void applied(LogEntry<LogPayload<C>> e) {
        if (!(e.command() instanceof LogPayload.Command<C> c) || !c.isTagged()) {
            return;
        }
        long index = e.index().value();
        appliedSequences.applied(c.session(), c.sequence(), index);
        TreeMap<Long, Long> tail = tailSequences.get(c.session());
        if (tail != null) {
            tail.remove(c.sequence());
        }
        if (c.session() != node.session()) {
            return;
        }
        Map.Entry<Long, PendingCommit> entry = commits.floorEntry(c.sequence());
        if (entry == null) {
            return;
        }
        PendingCommit pc = entry.getValue();
        if (c.sequence() >= pc.firstSequence + pc.count) {
            return;
        }
        pc.seen++;
        pc.minIndex = Math.min(pc.minIndex, index);
        pc.maxIndex = Math.max(pc.maxIndex, index);
        if (pc.seen == pc.count) {
            commits.remove(pc.firstSequence);
            IndexRange range = IndexRange.of(pc.minIndex, pc.maxIndex);
            Forward<C> f = forwards.remove(pc.requestId);
            if (f != null || pc.assigned == null) {
                // The acknowledgement was lost but the entries made it: report the assignment first.
                outcomes.add(new ClientOutcome.Assigned<>(pc.requestId, range, !pc.awaitCommit));
            }
            if (pc.awaitCommit) {
                outcomes.add(new ClientOutcome.Committed<>(pc.requestId, range));
            }
        }
    }

    /**
     * Ends the waits that the applied log has decided. Copies of a request's commands can only lie in
     * terms up to {@code maxAttemptTerm} (leaders append ours only in the term we named), and terms never
     * decrease along a log, so once an entry of a later term is applied every copy is either applied or
     * can never commit (strict mode: Raft's state machine safety). An acknowledgement cannot decide
     * this: it may come from a leader that was deposed since, while a retry put the commands elsewhere.
     */
    void afterEvent(long now) {
        Term appliedTerm = node.committed().term();
        for (Iterator<PendingCommit> it = commits.values().iterator(); it.hasNext(); ) {
            PendingCommit pc = it.next();
            if (forwards.containsKey(pc.requestId) || !appliedTerm.isAfter(pc.maxAttemptTerm)) {
                continue; // still being sent, or a copy may still commit
            }
            it.remove();
            if (pc.seen > 0) {
                // A leader appended them but lost only the tail before it committed.
                fail(pc.requestId, Failure.UNKNOWN, pc.seen + " of the " + pc.count
                        + " commands were applied; the rest were replaced by another leader's entries");
            } else if (node.config.isStrict()) {
                fail(pc.requestId, Failure.SUPERSEDED, "the commands were replaced by another leader's entries"
                        + " before they committed (applied up to term " + appliedTerm + ")");
            } else {
                // Dynamic mode: a healed partition may still revert this member's applied history and
                // bring back a log that holds them, so "never applied" cannot be promised.
                fail(pc.requestId, Failure.UNKNOWN, "the commands were not applied up to term " + appliedTerm
                        + " (dynamic mode: a reverted history may still apply them)");
            }
        }
        serveReads(now);
    }

    private void serveReads(long now) {
        if (reads.isEmpty() || node.role() != Role.LEADER || !node.committedInTerm()) {
            return;
        }
        boolean needRound = false;
        for (Read<Q> r : reads) {
            if (r.seq < 0) {
                needRound = true;
            }
        }
        if (needRound) {
            long round = node.heartbeatAll(now);
            for (Read<Q> r : reads) {
                if (r.seq < 0) {
                    r.seq = round;
                    r.readIndex = node.commitIndex().value();
                }
            }
        }
        for (Iterator<Read<Q>> it = reads.iterator(); it.hasNext(); ) {
            Read<Q> r = it.next();
            if (node.appliedIndex() >= r.readIndex && node.leadershipConfirmed(r.seq)) {
                it.remove();
                R result = node.machine.query(r.query);
                Index at = Index.of(node.appliedIndex());
                if (r.origin == null) {
                    outcomes.add(new ClientOutcome.Answered<>(r.requestId, new QueryResultAt<>(result, at)));
                } else {
                    node.send(r.origin, new QueryResponse<>(r.requestId, result, at));
                }
            }
        }
    }

    void tick(long now) {
        for (Iterator<Parked<C, Q>> it = parked.iterator(); it.hasNext(); ) {
            Parked<C, Q> p = it.next();
            if (now >= p.deadline()) {
                it.remove();
                fail(p.requestId(), Failure.OFFLINE, "no leader was known within the "
                        + (p.query() != null ? "query" : "forward") + " timeout; nothing was sent");
            }
        }
        for (Iterator<PendingCommit> it = commits.values().iterator(); it.hasNext(); ) {
            PendingCommit pc = it.next();
            if (pc.awaitCommit && now >= pc.deadline) {
                it.remove();
                forwards.remove(pc.requestId);
                fail(pc.requestId, Failure.UNKNOWN, "not committed within " + RaftNode.COMMIT_WAIT_FORWARD_TIMEOUTS
                        + " forward timeouts (" + RaftNode.COMMIT_WAIT_FORWARD_TIMEOUTS * node.config.forwardTimeout().toMillis()
                        + " ms); the commands may still be applied");
            }
        }
        PeerId leader = node.leader().filter(l -> !l.equals(node.localId)).orElse(null);
        for (Forward<C> f : List.copyOf(forwards.values())) {
            if (now >= f.deadline) {
                if (leader == null) {
                    forwards.remove(f.requestId);
                    commits.remove(f.firstSequence);
                    fail(f.requestId, Failure.UNKNOWN, "no acknowledgement and no leader to retry with");
                } else {
                    retryForward(f, leader, now);
                }
            }
        }
        for (PendingQuery<Q> q : List.copyOf(queries.values())) {
            if (now >= q.deadline) {
                if (leader == null) {
                    queries.remove(q.requestId);
                    fail(q.requestId, Failure.OFFLINE, "no answer and no leader to retry with");
                } else {
                    retryQuery(q, leader, now);
                }
            }
        }
        for (Iterator<Read<Q>> it = reads.iterator(); it.hasNext(); ) {
            Read<Q> r = it.next();
            if (now >= r.deadline) {
                it.remove();
                if (r.origin == null) {
                    fail(r.requestId, Failure.OFFLINE, "leadership could not be confirmed in time");
                }
            }
        }
    }

    long nextDeadline() {
        long d = Long.MAX_VALUE;
        for (Parked<C, Q> p : parked) {
            d = Math.min(d, p.deadline());
        }
        for (PendingCommit pc : commits.values()) {
            if (pc.awaitCommit) {
                d = Math.min(d, pc.deadline);
            }
        }
        for (Forward<C> f : forwards.values()) {
            d = Math.min(d, f.deadline);
        }
        for (PendingQuery<Q> q : queries.values()) {
            d = Math.min(d, q.deadline);
        }
        for (Read<Q> r : reads) {
            d = Math.min(d, r.deadline);
        }
        return d;
    }

    void failAll(Failure failure, String detail) {
        for (Parked<C, Q> p : parked) {
            fail(p.requestId(), failure, detail);
        }
        parked.clear();
        for (Forward<C> f : forwards.values()) {
            fail(f.requestId, failure, detail);
        }
        for (PendingCommit pc : commits.values()) {
            if (!forwards.containsKey(pc.requestId)) {
                fail(pc.requestId, failure, detail);
            }
        }
        for (PendingQuery<Q> q : queries.values()) {
            fail(q.requestId, failure, detail);
        }
        for (Read<Q> r : reads) {
            if (r.origin == null) {
                fail(r.requestId, failure, detail);
            }
        }
        forwards.clear();
        commits.clear();
        queries.clear();
        reads.clear();
    }

    private void fail(long requestId, Failure failure, String detail) {
        outcomes.add(new ClientOutcome.Failed<>(requestId, failure, detail));
    }

    List<ClientOutcome<R>> drain() {
        if (outcomes.isEmpty()) {
            return List.of();
        }
        List<ClientOutcome<R>> out = new ArrayList<>(outcomes);
        outcomes.clear();
        return out;
    }
}
