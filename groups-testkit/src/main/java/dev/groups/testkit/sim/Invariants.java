package dev.groups.testkit.sim;

import dev.groups.consensus.Role;
import dev.groups.id.PeerId;
import dev.groups.log.Index;
import dev.groups.log.IndexRange;
import dev.groups.log.LogEntry;
import dev.groups.log.LogPayload;
import dev.groups.log.Term;
import dev.groups.raft.core.Outgoing;
import dev.groups.raft.core.RaftMessage;
import dev.groups.raft.core.Vote;
import dev.groups.storage.HardState;
import dev.groups.storage.InMemoryLogStore;
import dev.groups.testkit.kv.KvCommand;
import dev.groups.testkit.kv.KvQuery;
import dev.groups.testkit.kv.KvResult;
import dev.groups.testkit.kv.KvStateMachine;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The safety properties checked after every simulated event (and before every message leaves):
 * <ul>
 *   <li>election safety: at most one leader per term (strict mode);</li>
 *   <li>state machine safety: no two members apply different commands at one index, and an applied
 *       prefix never changes (strict mode);</li>
 *   <li>log matching: two logs with the same (term, leader of the term) at an index are identical up to
 *       it (both modes: the dynamic-mode fix of mosaik's same-term rivals), checked after every event
 *       that changed a log;</li>
 *   <li>the applied index only grows within a process lifetime (strict mode);</li>
 *   <li>durability before action: a candidacy, a vote and an acknowledgement of entries leave only after
 *       the hard state or the entries are durable.</li>
 * </ul>
 */
final class Invariants {

    private final boolean strict;
    private final List<String> violations = new ArrayList<>();
    private final Map<Term, PeerId> leaders = new HashMap<>();
    private final Map<Long, KvCommand> appliedAt = new HashMap<>();
    private final Map<SimNode, Long> lastApplied = new HashMap<>();
    private final Map<SimNode, Long> checkedVersion = new HashMap<>();
    /** Events seen while some member was catching up through state sync (shows the path is exercised). */
    long catchUpEvents;

    Invariants(boolean strict) {
        this.strict = strict;
    }

    List<String> violations() {
        return violations;
    }

    void booted(SimNode n) {
        lastApplied.put(n, 0L);
    }

    /** Exactly-once violations (kept apart from the safety invariants, and counted apart). */
    private final List<String> exactlyOnce = new ArrayList<>();
    /** Non-idempotent commands reported as definitely not applied (shared by every group's invariants). */
    private java.util.Set<Long> notApplied = java.util.Set.of();

    void reportedNotApplied(java.util.Set<Long> ops) {
        this.notApplied = ops;
    }

    List<String> exactlyOnceViolations() {
        return exactlyOnce;
    }

    void exactlyOnce(String message) {
        if (exactlyOnce.size() < 10) {
            exactlyOnce.add(message);
        }
    }

    void applied(SimNode n, long index, KvCommand command) {
        long op = opOf(command);
        if (op != 0) {
            long count = n.machine.valueOf(KvStateMachine.applicationsKey(op)).orElse(0);
            if (count > 1) {
                exactlyOnce(n + " applied " + command + " " + count + " times (the last at index " + index + ")");
            }
            if (strict && notApplied.contains(op)) {
                exactlyOnce(n + " applied " + command + " at index " + index
                        + " after its request was reported as definitely not applied");
            }
        }
        if (!strict) {
            return;
        }
        KvCommand previous = appliedAt.putIfAbsent(index, command);
        if (previous != null && !previous.equals(command)) {
            fail("state machine safety: " + n + " applied " + command + " at " + index + " where another member applied "
                    + previous);
        }
    }

    /** The unique id of a non-idempotent command, 0 for puts and deletes. */
    static long opOf(KvCommand command) {
        if (command instanceof KvCommand.Increment i) {
            return i.op();
        } else if (command instanceof KvCommand.Append a) {
            return a.op();
        } else if (command instanceof KvCommand.Cas c) {
            return c.op();
        }
        return 0;
    }

    void reset(SimNode n) {
        if (strict) {
            fail("strict mode: " + n + " had to reset its machine (an applied prefix changed)");
        }
    }

    void afterEvent(List<SimNode> nodes, long now) {
        for (SimNode n : nodes) {
            if (!n.alive) {
                continue;
            }
            if (strict && n.raft.role() == Role.LEADER) {
                PeerId previous = leaders.putIfAbsent(n.raft.term(), n.id);
                if (previous != null && !previous.equals(n.id)) {
                    fail("election safety: two leaders in term " + n.raft.term() + ": " + previous.shortHex() + " and "
                            + n.id.shortHex());
                }
            }
            if (n.raft.isCatchingUp()) {
                catchUpEvents++;
            }
            checkLeaderCommit(n);
            long applied = n.raft.committed().index().value();
            if (strict && applied < lastApplied.getOrDefault(n, 0L)) {
                fail(n + " applied index went back from " + lastApplied.get(n) + " to " + applied + " at t=" + now);
            }
            lastApplied.put(n, applied);
        }
        checkChangedLogs(nodes);
    }

    /** Per member: its commit index and incarnation after the last event. */
    private final Map<SimNode, long[]> lastCommit = new HashMap<>();

    /**
     * Raft §5.4.2 as seen from outside, in both modes: a leader's commit index only ever advances onto an
     * entry of its own term (earlier entries commit with it, never by counting their replicas), also in
     * the event that made it leader.
     */
    private void checkLeaderCommit(SimNode n) {
        long commit = n.raft.commitIndex().value();
        long[] before = lastCommit.put(n, new long[] {commit, n.incarnation});
        if (n.raft.role() != Role.LEADER || before == null || before[1] != n.incarnation || commit <= before[0]) {
            return;
        }
        Term at = n.disk.termAt(Index.of(commit)).orElse(Term.ZERO);
        if (!at.equals(n.raft.term())) {
            fail(n + " (leader of term " + n.raft.term() + ") advanced its commit index to " + commit + ", an entry of term "
                    + at + " (Raft §5.4.2: only the current term's entries commit by counting)");
        }
    }

    /** Log matching for every pair in which at least one log changed since it was last checked. */
    private void checkChangedLogs(List<SimNode> nodes) {
        List<SimNode> alive = nodes.stream().filter(n -> n.alive).toList();
        for (int i = 0; i < alive.size(); i++) {
            SimNode a = alive.get(i);
            boolean aChanged = !Long.valueOf(a.disk.version()).equals(checkedVersion.get(a));
            for (int j = i + 1; j < alive.size(); j++) {
                SimNode b = alive.get(j);
                if (aChanged || !Long.valueOf(b.disk.version()).equals(checkedVersion.get(b))) {
                    compareLogs(a, b);
                }
            }
        }
        for (SimNode n : alive) {
            checkedVersion.put(n, n.disk.version());
        }
    }

    /** Log matching on (term, leader of term, index), over every pair of live members. */
    void checkLogMatching(List<SimNode> nodes) {
        List<SimNode> alive = nodes.stream().filter(n -> n.alive).toList();
        for (int i = 0; i < alive.size(); i++) {
            for (int j = i + 1; j < alive.size(); j++) {
                compareLogs(alive.get(i), alive.get(j));
            }
        }
    }

    private void compareLogs(SimNode a, SimNode b) {
        List<LogEntry<LogPayload<KvCommand>>> la = entries(a);
        List<LogEntry<LogPayload<KvCommand>>> lb = entries(b);
        Map<Term, PeerId> leadersA = termLeaders(la);
        Map<Term, PeerId> leadersB = termLeaders(lb);
        long start = Math.max(a.disk.available().start().value(), b.disk.available().start().value()) + 1;
        long end = Math.min(a.disk.last().index().value(), b.disk.last().index().value());
        for (long k = end; k >= start; k--) {
            LogEntry<LogPayload<KvCommand>> ea = at(la, k);
            LogEntry<LogPayload<KvCommand>> eb = at(lb, k);
            if (ea == null || eb == null || !ea.term().equals(eb.term())) {
                continue;
            }
            PeerId leaderA = leadersA.get(ea.term());
            PeerId leaderB = leadersB.get(eb.term());
            if (leaderA == null || leaderB == null || !leaderA.equals(leaderB)) {
                continue;
            }
            for (long m = start; m <= k; m++) {
                LogEntry<LogPayload<KvCommand>> x = at(la, m);
                LogEntry<LogPayload<KvCommand>> y = at(lb, m);
                if (x != null && y != null && !Objects.equals(x, y)) {
                    fail("log matching: " + a + " and " + b + " agree at " + k + " (term " + ea.term() + ") but differ at "
                            + m + ": " + x + " vs " + y);
                    return;
                }
            }
            return;
        }
    }

    private static List<LogEntry<LogPayload<KvCommand>>> entries(SimNode n) {
        return n.disk.getRange(IndexRange.of(1, n.disk.last().index().value()));
    }

    private static LogEntry<LogPayload<KvCommand>> at(List<LogEntry<LogPayload<KvCommand>>> log, long index) {
        if (log.isEmpty()) {
            return null;
        }
        long pos = index - log.get(0).index().value();
        return pos < 0 || pos >= log.size() ? null : log.get((int) pos);
    }

    private static Map<Term, PeerId> termLeaders(List<LogEntry<LogPayload<KvCommand>>> log) {
        Map<Term, PeerId> m = new HashMap<>();
        for (LogEntry<LogPayload<KvCommand>> e : log) {
            if (e.command() instanceof LogPayload.TermStart<KvCommand> ts) {
                m.putIfAbsent(e.term(), ts.leader());
            }
        }
        return m;
    }

    /** Per (voter, term): the candidate it gave its one vote (or binding abstention) to, across restarts. */
    private final Map<PeerId, Map<Term, PeerId>> votes = new HashMap<>();
    /** Per (candidate, term): the last log position its RequestVote carried. */
    private final Map<PeerId, Map<Term, dev.groups.log.Cursor>> candidacies = new HashMap<>();

    /**
     * The election rules, checked on the votes as they leave, in both modes: one vote per member per term,
     * kept across crashes (Raft §5.2; an abstention binds like a vote), and never for a candidate whose
     * log is behind the voter's (§5.4.1, the election restriction).
     */
    private void checkVote(SimNode n, Outgoing<KvCommand, KvQuery, KvResult> out) {
        RaftMessage<KvCommand, KvQuery, KvResult> m = out.message();
        if (m instanceof RaftMessage.RequestVote<KvCommand, KvQuery, KvResult> rv) {
            candidacies.computeIfAbsent(n.id, k -> new HashMap<>()).put(rv.term(), rv.lastLog());
        } else if (m instanceof RaftMessage.RequestVoteResponse<KvCommand, KvQuery, KvResult> r && r.vote() != Vote.DENIED) {
            PeerId previous = votes.computeIfAbsent(n.id, k -> new HashMap<>()).putIfAbsent(r.term(), out.to());
            if (previous != null && !previous.equals(out.to())) {
                fail(n + " voted (" + r.vote() + ") for " + out.to().shortHex() + " in term " + r.term()
                        + " after voting for " + previous.shortHex() + " in that term");
            }
            dev.groups.log.Cursor candidateLog = candidacies.getOrDefault(out.to(), Map.of()).get(r.term());
            if (candidateLog != null && candidateLog.compareTo(n.raft.logPosition()) < 0) {
                fail(n + " voted (" + r.vote() + ") in term " + r.term() + " for " + out.to().shortHex()
                        + " whose log ends at " + candidateLog + ", behind its own " + n.raft.logPosition());
            }
        }
    }

    /** Durability before action. */
    void beforeSend(SimNode n, Outgoing<KvCommand, KvQuery, KvResult> out) {
        checkVote(n, out);
        InMemoryLogStore<LogPayload<KvCommand>> durable = n.disk.durableView();
        HardState hs = durable.hardState();
        RaftMessage<KvCommand, KvQuery, KvResult> m = out.message();
        if (m instanceof RaftMessage.RequestVote<KvCommand, KvQuery, KvResult> rv) {
            if (!hs.currentTerm().equals(rv.term()) || !hs.votedFor().map(n.id::equals).orElse(false)) {
                fail(n + " asked for votes in term " + rv.term() + " before persisting it (durable " + hs + ")");
            }
        } else if (m instanceof RaftMessage.RequestVoteResponse<KvCommand, KvQuery, KvResult> r && r.vote() != Vote.DENIED) {
            if (!hs.currentTerm().equals(r.term()) || !hs.votedFor().map(out.to()::equals).orElse(false)) {
                fail(n + " answered " + r.vote() + " in term " + r.term() + " before persisting the vote (durable " + hs + ")");
            }
        } else if (m instanceof RaftMessage.AppendEntriesResponse<KvCommand, KvQuery, KvResult> r && r.vote() == Vote.GRANTED) {
            Index i = r.index();
            if (durable.last().index().isBefore(i)
                    || !durable.termAt(i).equals(n.disk.termAt(i))) {
                fail(n + " acknowledged entries up to " + i + " before they were durable (durable last "
                        + durable.last() + ")");
            }
        }
    }

    void fail(String message) {
        if (violations.size() < 10) {
            violations.add(message);
        }
    }
}
