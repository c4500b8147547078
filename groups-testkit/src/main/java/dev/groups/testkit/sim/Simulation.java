package dev.groups.testkit.sim;

import dev.groups.consensus.ConsensusConfig;
import dev.groups.consensus.Role;
import dev.groups.machine.Consistency;
import dev.groups.raft.core.ClientOutcome;
import dev.groups.log.Term;
import dev.groups.testkit.kv.KvCommand;
import dev.groups.testkit.kv.KvQuery;
import dev.groups.testkit.kv.KvResult;
import dev.groups.testkit.linearizability.Budget;
import dev.groups.testkit.linearizability.CheckResult;
import dev.groups.testkit.linearizability.History;
import dev.groups.testkit.linearizability.HistoryRecorder;
import dev.groups.testkit.linearizability.KeyValueModel;
import dev.groups.testkit.linearizability.KvInput;
import dev.groups.testkit.linearizability.KvOutput;
import dev.groups.testkit.linearizability.LinearizabilityChecker;
import dev.groups.testkit.linearizability.Operation;
import dev.groups.testkit.linearizability.Outcome;
import dev.groups.testkit.linearizability.Verdict;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * A randomized run over a {@link SimCluster}: hosts that crash and restart, partitions (also one-way)
 * that come and go, lossy storms; clients issuing writes ({@code execute}) and strong reads on random
 * members of random groups, with recorded histories. Invariants ({@link Invariants}) are checked after
 * every event, per group. When the faults stop, each group must elect a leader, commit and converge
 * (every member with the same state) within the settle bound; then it takes more traffic and final
 * strong reads of every key, which expose any lost acknowledged write.
 *
 * <p>In dynamic mode a partition may legitimately elect a leader per side, so the history checked for
 * linearizability is the part invoked after the group converged again, starting from the state it
 * converged to; in strict mode each group's whole history is checked.
 */
public final class Simulation {
    private static final long LINEARIZABILITY_STEPS = 5_000_000;
    private static final long CLIENT_TIMEOUT = 15_000;
    /** Traffic after the group converged again, before the final reads. */
    private static final long POST_HEAL_MILLIS = 5_000;

    private final SimOptions options;
    private final SimCluster cluster;
    private final SplittableRandom random;
    /** The wiped-disk and torn-tail schedules. */
    private final DiskFaults diskFaults;
    private final List<Invariants> invariants = new ArrayList<>();
    private final List<HistoryRecorder<KvInput, KvOutput>> recorders = new ArrayList<>();
    private final Map<Long, Pending> pending = new HashMap<>();
    private final List<Map<String, Long>> convergedState = new ArrayList<>();

    private long nextRequestId = 1;
    private long nextValue = 1;
    private boolean faultsActive = true;
    private boolean clientsActive = true;
    private long convergedAt = -1;
    private boolean finalReadsIssued;
    private boolean done;

    /**
     * A client operation in flight: {@code handle} records it for the linearizability check (null for
     * increments and appends), {@code op} is the id of a non-idempotent command (0 for the others).
     */
    private record Pending(int client, SimNode node, HistoryRecorder<KvInput, KvOutput>.Handle handle, long op) {}

    /** What became of a non-idempotent command, as its client was told. */
    private enum Reported { PENDING, ACKED, NOT_APPLIED, UNKNOWN }

    /** A non-idempotent command and what its client was told. */
    private static final class Tracked {
        final int group;
        final KvCommand command;
        final long invokedAt;
        Reported reported = Reported.PENDING;

        Tracked(int group, KvCommand command, long invokedAt) {
            this.group = group;
            this.command = command;
            this.invokedAt = invokedAt;
        }
    }

    private final Map<Long, Tracked> tracked = new HashMap<>();
    /** Every request made, by id, with its group; and those the core has ended: each ends exactly once. */
    private final Map<Long, Integer> requestGroups = new HashMap<>();
    /** How each ended request ended (the first time), to name both endings of a request ended twice. */
    private final Map<Long, ClientOutcome<KvResult>> endedRequests = new HashMap<>();
    private final java.util.Set<Long> notApplied = new java.util.HashSet<>();
    /** The last value written to each register key, so compare-and-sets sometimes swap. */
    private final Map<String, Long> lastWritten = new HashMap<>();
    private final List<Runnable> watchers = new ArrayList<>();
    /** Since when every host is up and every link open and bonded; -1 while not. */
    private long wholeSince = -1;
    /** Per group: the leaders elected so far, by term. */
    private final List<Map<Term, Election>> elections = new ArrayList<>();
    /** Per group and member: when it first asked for votes in a term. */
    private final Map<SimNode, Map<Term, Long>> candidacies = new HashMap<>();

    /** A leader of a term: who, when it won, and when its candidacy began (-1 if unseen). */
    private record Election(SimNode leader, long electedAt, long candidacyStart) {}

    private Simulation(SimOptions options) {
        this.options = options;
        ConsensusConfig.Builder b = ConsensusConfig.builder();
        if (options.strict()) {
            List<dev.groups.id.PeerId> voters = new ArrayList<>();
            for (int h = 0; h < options.foundingVoters(); h++) {
                voters.add(SimCluster.peerId(h));
            }
            b.voters(voters);
        }
        if (options.schedule() == SimSchedule.VOTE_CRASH) {
            b.electionTimeoutJitter(java.time.Duration.ofMillis(20)); // candidacies collide, votes split
        }
        this.cluster = new SimCluster(options.seed(), options.nodes(), options.groups(), b.build());
        if (options.schedule() == SimSchedule.FIGURE8) {
            // One batch in flight per follower, so a follower's acknowledgement of an old tail and the next
            // batch (with the new leader's TermStart) are two steps with a moment between them.
            cluster.withTuning(new dev.groups.raft.core.RaftTuning(8, 1, 24));
        }
        if (options.snapshots()) { // snapshot mode: members catch up from snapshots and prune their logs
            cluster.withMachines(SimMachineFactory.snapshots(options.seed() % 2 == 0 ? SimMachineFactory.SIMULATION_SNAPSHOTS
                    : SimMachineFactory.SIMULATION_SNAPSHOTS_LONG_TAIL));
        }
        if (options.mixedRoles()) {
            dev.groups.consensus.LeadershipPreference[] roles = new dev.groups.consensus.LeadershipPreference[options.nodes()];
            java.util.Arrays.fill(roles, dev.groups.consensus.LeadershipPreference.normal());
            if (options.nodes() >= 3) {
                roles[0] = dev.groups.consensus.LeadershipPreference.observer();
                roles[1] = dev.groups.consensus.LeadershipPreference.reluctant(3);
            } else {
                roles[0] = dev.groups.consensus.LeadershipPreference.reluctant(3);
            }
            cluster.withPreferences(roles);
        }
        this.random = cluster.random;
        this.diskFaults = new DiskFaults(options, cluster, this::crashHost, () -> faultsActive);
        for (int g = 0; g < options.groups(); g++) {
            Invariants inv = new Invariants(options.strict());
            inv.reportedNotApplied(notApplied);
            invariants.add(inv);
            recorders.add(new HistoryRecorder<>(cluster::now));
        }
        cluster.setInvariants(invariants);
        cluster.onOutcome(this::onOutcome);
        cluster.onSend(this::onSend);
        for (int g = 0; g < options.groups(); g++) {
            elections.add(new HashMap<>());
        }
        cluster.dropRate = 0.01;
        cluster.duplicateRate = 0.01;
        cluster.maxDelay = 30;
    }

    /** Runs one seed to completion. Never throws for a bug in the system under test: it reports it. */
    public static SimResult run(SimOptions options) {
        return new Simulation(options).execute();
    }

    private long now() {
        return cluster.now();
    }

    private void schedule(long at, Runnable action) {
        cluster.schedule(at, action);
    }

    private SimResult execute() {
        String failure = null;
        long deadline = options.faultMillis() + options.settleMillis();
        try {
            cluster.start();
            for (int c = 0; c < options.clients(); c++) {
                int client = c;
                schedule(100 + random.nextLong(1000), () -> clientStep(client));
            }
            if (options.faultMillis() > 0) {
                switch (options.schedule()) {
                    case FIGURE8 -> new Figure8().start();
                    case VOTE_CRASH -> schedule(2_000 + random.nextLong(3_000), this::injectFault);
                    case APPEND_CRASH -> {
                        schedule(2_000 + random.nextLong(3_000), this::injectFault);
                        schedule(1_000 + random.nextLong(1_000), this::crashUnflushed);
                    }
                    case FLAPPING_LINK -> schedule(3_000, this::startFlapping);
                    case ISOLATE_LEADER -> {
                        schedule(2_000 + random.nextLong(3_000), this::injectFault);
                        schedule(1_500 + random.nextLong(2_000), this::isolateLeader);
                    }
                    case RANDOM -> schedule(2_000 + random.nextLong(3_000), this::injectFault);
                    case WIPED_DISK, WIPED_DISK_NEW_ID, TORN_TAIL -> {
                        schedule(2_000 + random.nextLong(3_000), this::injectFault);
                        diskFaults.start();
                    }
                }
            }
            if (options.transfers() && options.faultMillis() > 0) {
                schedule(2_000 + random.nextLong(2_000), this::transferLeadership);
            }
            if (options.reconfigure() && options.faultMillis() > 0) {
                schedule(1_500 + random.nextLong(2_000), this::changeVoters);
            }
            schedule(options.faultMillis(), this::stopFaults);
            while (violations().isEmpty() && !done && cluster.step(deadline + POST_HEAL_MILLIS + CLIENT_TIMEOUT)) {
                observeElections();
                for (Runnable w : List.copyOf(watchers)) {
                    w.run();
                }
                if (convergedAt < 0 && now() > deadline) {
                    break; // the liveness bound passed
                }
            }
            for (int g = 0; g < options.groups(); g++) {
                invariants.get(g).checkLogMatching(cluster.members(g));
            }
        } catch (RuntimeException e) {
            failure = "exception at t=" + now() + "ms: " + e;
        }
        List<String> violations = violations();
        if (failure != null) {
            violations.add(failure);
        }
        String divergence = "";
        if (violations.isEmpty() && convergedAt >= 0 && !done) {
            violations.add("liveness: the final reads did not complete after the groups converged (" + describeNodes() + ")");
        }
        if (violations.isEmpty() && convergedAt < 0) {
            divergence = divergenceReport();
            if (divergence.isEmpty()) {
                violations.add("liveness: not every group elected a leader, committed and converged within "
                        + options.settleMillis() + " ms after the faults stopped (" + describeNodes() + ")");
            }
        }
        int ok = 0;
        int failed = 0;
        int unknown = 0;
        int operations = 0;
        CheckResult lin = new CheckResult(Verdict.LINEARIZABLE, Optional.empty(), "", 0);
        for (int g = 0; g < options.groups(); g++) {
            History<KvInput, KvOutput> history = recorders.get(g).history();
            ok += (int) history.count(Outcome.OK);
            failed += (int) history.count(Outcome.FAILED);
            unknown += (int) history.count(Outcome.UNKNOWN);
            operations += history.size();
            if (!violations.isEmpty()) {
                lin = new CheckResult(Verdict.UNKNOWN, Optional.empty(), "not checked: invariant violated", 0);
                continue;
            }
            CheckResult r = LinearizabilityChecker.check(new KeyValueModel(), checkedHistory(g, history),
                    Budget.ofSteps(LINEARIZABILITY_STEPS));
            if (r.verdict() == Verdict.NOT_LINEARIZABLE
                    || (r.verdict() == Verdict.UNKNOWN && lin.verdict() == Verdict.LINEARIZABLE)) {
                lin = new CheckResult(r.verdict(), r.partition(), "group " + g + ": " + r.explanation(), r.steps());
            }
        }
        if (violations.isEmpty() && convergedAt >= 0 && done) {
            checkExactlyOnceAtEnd();
        }
        List<String> exactlyOnce = new ArrayList<>();
        for (int g = 0; g < invariants.size(); g++) {
            for (String v : invariants.get(g).exactlyOnceViolations()) {
                exactlyOnce.add(options.groups() > 1 ? "group " + g + ": " + v : v);
            }
        }
        String outcomes = ok + " ok, " + failed + " failed, " + unknown + " unknown, " + tracked.size()
                + " non-idempotent; " + invariants.stream().mapToLong(i -> i.catchUpEvents).sum() + " catch-up events"
                + (options.snapshots() ? ", " + cluster.snapshotInstalls() + " snapshot installs" : "")
                + (options.reconfigure() ? ", " + changesMade + " of " + changesAsked + " voter changes made" : "")
                + (options.transfers() ? ", " + transfersMade + " of " + transfersTried + " transfers made" : "")
                + diskFaults.summary();
        return new SimResult(options, violations, lin, divergence, operations, cluster.events(), outcomes, exactlyOnce);
    }

    /**
     * After the groups converged and took their final reads, on every member: each non-idempotent command
     * whose client was told it committed is applied exactly once (dynamic mode: those invoked after the
     * convergence, since a partition's losing side may lose acknowledged writes), and none reported as
     * definitely not applied is applied at all.
     */
    private void checkExactlyOnceAtEnd() {
        // A member that has not yet heard the latest commit index (the last requests ended a moment ago)
        // is only checked for what it applied: the members that applied the most are checked in full.
        List<Long> mostApplied = new ArrayList<>();
        for (int g = 0; g < options.groups(); g++) {
            mostApplied.add(cluster.members(g).stream().filter(n -> n.alive)
                    .mapToLong(n -> n.raft.committed().index().value()).max().orElse(0));
        }
        for (Map.Entry<Long, Tracked> e : tracked.entrySet()) {
            long op = e.getKey();
            Tracked t = e.getValue();
            boolean mustBeThere = t.reported == Reported.ACKED && (options.strict() || t.invokedAt >= convergedAt);
            for (SimNode n : cluster.members(t.group)) {
                if (!n.alive) {
                    continue;
                }
                boolean caughtUp = n.raft.committed().index().value() == mostApplied.get(t.group);
                long count = n.machine.valueOf(dev.groups.testkit.kv.KvStateMachine.applicationsKey(op)).orElse(0);
                if (count > 1 || (mustBeThere && caughtUp && count != 1) || (t.reported == Reported.NOT_APPLIED && count != 0)) {
                    invariants.get(t.group).exactlyOnce(n + " holds " + t.command + " applied " + count
                            + " times at the end, but its client was told " + t.reported);
                }
            }
        }
    }

    /**
     * Strict mode: the whole history. Dynamic mode promises linearizability only while no partition
     * splits the group: what happened after it converged again, starting from the state it converged to.
     */
    private History<KvInput, KvOutput> checkedHistory(int group, History<KvInput, KvOutput> history) {
        if (options.strict()) {
            return history;
        }
        List<Operation<KvInput, KvOutput>> tail = new ArrayList<>();
        if (convergedAt >= 0) {
            for (Map.Entry<String, Long> e : convergedState.get(group).entrySet()) {
                tail.add(Operation.ok(999, new KvInput.Put(e.getKey(), e.getValue()), new KvOutput.Ack(),
                        convergedAt - 2, convergedAt - 1));
            }
            for (Operation<KvInput, KvOutput> op : history.operations()) {
                if (op.invokedAt() >= convergedAt) {
                    tail.add(op);
                }
            }
        }
        return History.of(tail);
    }

    private List<String> violations() {
        List<String> all = new ArrayList<>();
        for (int g = 0; g < invariants.size(); g++) {
            for (String v : invariants.get(g).violations()) {
                all.add(options.groups() > 1 ? "group " + g + ": " + v : v);
            }
        }
        return all;
    }

    private void crashHost(int host) {
        cluster.crash(host);
        for (Map.Entry<Long, Pending> e : List.copyOf(pending.entrySet())) {
            if (e.getValue().node().host == host) {
                pending.remove(e.getKey());
                ended(e.getValue(), Reported.UNKNOWN, null);
                scheduleClient(e.getValue().client());
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ faults

    private void injectFault() {
        if (!faultsActive) {
            return;
        }
        int kind = random.nextInt(7);
        int hosts = cluster.hosts();
        int victim = random.nextInt(hosts);
        switch (kind) {
            case 0 -> { // crash and restart later
                if (cluster.member(victim, 0).alive) {
                    crashHost(victim);
                    schedule(now() + 500 + random.nextLong(8_000), () -> {
                        if (faultsActive) {
                            cluster.restart(victim);
                        }
                    });
                }
            }
            case 1 -> { // a random split
                boolean[] side = new boolean[hosts];
                for (int i = 0; i < side.length; i++) {
                    side[i] = random.nextBoolean();
                }
                cluster.partition(side);
                schedule(now() + 1_000 + random.nextLong(12_000), cluster::heal);
            }
            case 2 -> { // isolate one host
                cluster.isolate(victim);
                schedule(now() + 1_000 + random.nextLong(10_000), cluster::heal);
            }
            case 3 -> { // one-way partition
                int other = random.nextInt(hosts);
                if (other != victim) {
                    cluster.blockOneWay(victim, other);
                    schedule(now() + 1_000 + random.nextLong(8_000), cluster::heal);
                }
            }
            case 4 -> { // a lossy storm
                cluster.dropRate = 0.2;
                cluster.duplicateRate = 0.05;
                cluster.maxDelay = 200;
                schedule(now() + 1_000 + random.nextLong(5_000), () -> {
                    if (faultsActive) {
                        cluster.dropRate = 0.01;
                        cluster.duplicateRate = 0.01;
                        cluster.maxDelay = 30;
                    }
                });
            }
            case 5 -> { // a host goes silent for less than a heartbeat timeout: its bonds stay up
                cluster.silence(victim);
                schedule(now() + 1_000 + random.nextLong(3_500), () -> cluster.unsilence(victim));
            }
            default -> { } // a quiet spell
        }
        schedule(now() + 1_000 + random.nextLong(6_000), this::injectFault);
    }

    // ------------------------------------------------------------------------------------------------ voter changes

    /** Voter changes asked for, and how they ended (for the run's summary). */
    private int changesAsked;
    private int changesMade;
    private final Map<Long, VoterChangeAsked> voterChanges = new HashMap<>();

    private record VoterChangeAsked(int group, boolean add, dev.groups.id.PeerId peer) {}

    /**
     * While faults run: one voter added or removed, through a random live member (a follower forwards it),
     * in a random group; sometimes the leader is asked to remove itself (§4.2.2). Keeps at least one voter.
     */
    private void changeVoters() {
        if (!faultsActive) {
            return;
        }
        int g = random.nextInt(options.groups());
        List<SimNode> alive = cluster.members(g).stream().filter(n -> n.alive).toList();
        if (alive.isEmpty()) {
            schedule(now() + 1_500 + random.nextLong(4_000), this::changeVoters);
            return;
        }
        if (changeVoters(alive.get(random.nextInt(alive.size())))) {
            schedule(now() + 1_500 + random.nextLong(4_000), this::changeVoters);
        }
    }

    /** Asks {@code asked} for one voter change; false when it goes on to watch for the entry (and schedules on). */
    private boolean changeVoters(SimNode asked) {
        int g = asked.group;
        {
            java.util.SortedSet<dev.groups.id.PeerId> voters = asked.raft.votingConfiguration().orElseThrow().voters();
            List<dev.groups.id.PeerId> others = new ArrayList<>();
            for (int h = 0; h < options.nodes(); h++) {
                if (!voters.contains(SimCluster.peerId(h))) {
                    others.add(SimCluster.peerId(h));
                }
            }
            boolean add = voters.size() <= 1 || (!others.isEmpty() && random.nextBoolean());
            dev.groups.id.PeerId peer;
            if (add && !others.isEmpty()) {
                peer = others.get(random.nextInt(others.size()));
            } else if (!add && asked.raft.role() == Role.LEADER && voters.contains(asked.raft.localId()) && random.nextInt(3) == 0) {
                peer = asked.raft.localId(); // the leader removes itself
            } else {
                List<dev.groups.id.PeerId> list = new ArrayList<>(voters);
                peer = list.get(random.nextInt(list.size()));
                add = false;
            }
            java.util.SortedSet<dev.groups.id.PeerId> after = new java.util.TreeSet<>(voters);
            after.remove(peer);
            boolean onlyObservers = options.mixedRoles() && after.equals(java.util.Set.of(SimCluster.peerId(0)));
            // (An operator would not leave only an observer voting: the group could never elect. The leader
            // refuses that when it knows every remaining voter observes; the simulator does not ask it.)
            if ((add || voters.size() > 1) && (add || !onlyObservers)) {
                long requestId = nextRequestId++;
                requestGroups.put(requestId, g);
                voterChanges.put(requestId, new VoterChangeAsked(g, add, peer));
                changesAsked++;
                asked.raft.changeVoters(requestId, add, peer, now());
                cluster.pump(asked);
                if (random.nextInt(3) == 0) {
                    // The dangerous case of single-server changes (dissertation §4.1, and its fix): a new
                    // leader that inherits an uncommitted configuration and is asked for the next change.
                    cutOffAfterAppend(g, now() + 2_000);
                    return false;
                }
            }
        }
        return true;
    }

    /** As soon as another member than {@code old} leads group {@code g} (before {@code until}), asks it for a change. */
    private void askNewLeader(int g, SimNode old, long until) {
        if (!faultsActive) {
            return;
        }
        for (SimNode n : cluster.members(g)) {
            if (n != old && n.alive && n.raft.role() == Role.LEADER) {
                if (changeVoters(n)) {
                    schedule(now() + 1_500 + random.nextLong(4_000), this::changeVoters);
                }
                return;
            }
        }
        if (now() < until) {
            schedule(now() + 1, () -> askNewLeader(g, old, until));
        } else {
            schedule(now() + 1_000 + random.nextLong(3_000), this::changeVoters);
        }
    }

    /**
     * Watches group {@code g}'s leader until it appends a configuration entry (or {@code until}); then cuts
     * its host off before the entry can commit, and asks for the next change soon after, of whoever leads.
     */
    private void cutOffAfterAppend(int g, long until) {
        if (!faultsActive) {
            return;
        }
        for (SimNode n : cluster.members(g)) {
            if (n.alive && n.raft.role() == Role.LEADER) {
                var c = n.raft.votingConfiguration().orElseThrow();
                if (!c.committed() && c.position().term().equals(n.raft.term())) {
                    // The leader and a random part of the others on one side: the entry may reach either a
                    // majority of its configuration there or not, and the other side may elect a leader.
                    boolean[] side = new boolean[cluster.hosts()];
                    for (int h = 0; h < side.length; h++) {
                        side[h] = h == n.host || random.nextBoolean();
                    }
                    cluster.partition(side);
                    long lasts = 1_000 + random.nextLong(3_000);
                    schedule(now() + lasts, () -> {
                        if (faultsActive) {
                            cluster.heal();
                        }
                    });
                    askNewLeader(g, n, now() + lasts);
                    return;
                }
            }
        }
        if (now() < until) {
            schedule(now() + 1, () -> cutOffAfterAppend(g, until));
        } else {
            schedule(now() + 1_000 + random.nextLong(3_000), this::changeVoters);
        }
    }

    /** Leadership transfers asked for, by request id: the group and the leader asked; and how many completed. */
    private final Map<Long, SimNode> transfersAsked = new HashMap<>();
    private int transfersMade;
    private final Map<Long, Term> transferTerms = new HashMap<>();
    private int transfersTried;

    /**
     * While faults run: some group's leader hands leadership over (dissertation §3.10), to the most
     * up-to-date member or to a random one; a completed transfer must name a member that won a later term.
     */
    private void transferLeadership() {
        if (!faultsActive) {
            return;
        }
        int g = random.nextInt(options.groups());
        for (SimNode n : cluster.members(g)) {
            if (n.alive && n.raft.role() == Role.LEADER) {
                List<SimNode> others = cluster.members(g).stream().filter(o -> o != n).toList();
                dev.groups.id.PeerId target = random.nextBoolean() || others.isEmpty() ? null
                        : SimCluster.peerId(others.get(random.nextInt(others.size())).host);
                long requestId = nextRequestId++;
                requestGroups.put(requestId, g);
                transfersAsked.put(requestId, n);
                transferTerms.put(requestId, n.raft.term());
                transfersTried++;
                n.raft.transferLeadership(requestId, target, now());
                cluster.pump(n);
                break;
            }
        }
        schedule(now() + 1_500 + random.nextLong(4_000), this::transferLeadership);
    }

    private void transferEnded(SimNode from, Term fromTerm, ClientOutcome<KvResult> outcome) {
        if (outcome instanceof ClientOutcome.Transferred<KvResult> t) {
            transfersMade++;
            boolean elected = elections.get(from.group).entrySet().stream()
                    .anyMatch(e -> e.getKey().isAfter(fromTerm) && SimCluster.peerId(e.getValue().leader().host).equals(t.newLeader()))
                    || cluster.members(from.group).stream().anyMatch(o -> o.alive && SimCluster.peerId(o.host).equals(t.newLeader())
                            && o.raft.role() == Role.LEADER && o.raft.term().isAfter(fromTerm)); // (dynamic: a term may have two)
            if (!elected) {
                invariants.get(from.group).fail("leadership transfer from " + from + " reported to " + t.newLeader().shortHex()
                        + ", which won no term after " + fromTerm);
            }
        }
    }

    /** A voter change ended: a change reported made must be the one asked for. */
    private void voterChangeEnded(VoterChangeAsked asked, ClientOutcome<KvResult> outcome) {
        if (outcome instanceof ClientOutcome.VotersChanged<KvResult> v) {
            changesMade++;
            if (v.configuration().voters().contains(asked.peer()) != asked.add() || !v.configuration().committed()) {
                invariants.get(asked.group()).fail("voter change (" + (asked.add() ? "add " : "remove ")
                        + asked.peer().shortHex() + ") reported made with " + v.configuration());
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ targeted schedules

    /** Every message as it leaves: candidacies, strong-read answers, and the vote-crash schedule's trigger. */
    private void onSend(SimNode n, dev.groups.raft.core.Outgoing<KvCommand, KvQuery, KvResult> out) {
        var m = out.message();
        if (m instanceof dev.groups.raft.core.RaftMessage.RequestVote<KvCommand, KvQuery, KvResult> rv) {
            candidacies.computeIfAbsent(n, k -> new HashMap<>()).putIfAbsent(rv.term(), now());
        } else if (m instanceof dev.groups.raft.core.RaftMessage.QueryResponse<KvCommand, KvQuery, KvResult> r) {
            Pending p = pending.get(r.requestId());
            if (p != null && p.handle() != null) {
                checkStrongRead(n, p.handle().invokedAt());
            }
        }
        if (options.schedule() == SimSchedule.VOTE_CRASH) {
            crashAfterVote(n, out);
        }
        diskFaults.onSend(n, out);
    }

    /** Records each group's leaders by term, and since when the cluster is whole. */
    private void observeElections() {
        if (cluster.isWhole()) {
            if (wholeSince < 0) {
                wholeSince = now();
            }
        } else {
            wholeSince = -1;
        }
        for (SimNode n : cluster.nodes) {
            if (n.alive && n.raft.role() == Role.LEADER && !elections.get(n.group).containsKey(n.raft.term())) {
                long start = candidacies.getOrDefault(n, Map.of()).getOrDefault(n.raft.term(), -1L);
                elections.get(n.group).put(n.raft.term(), new Election(n, now(), start));
            }
        }
    }

    /**
     * Read-index, checked in both modes: a leader of term t answers a strong read only if no leader of a
     * later term had been elected before the read was invoked while the cluster was whole (every host up,
     * every bond up) from that leader's candidacy until the answer. Then every member voted in that
     * election or answered for t, never both, so t could not have gathered a quorum of acknowledgements;
     * dynamic mode promises exactly this much (partitions and crashes excepted).
     */
    private void checkStrongRead(SimNode answering, long invokedAt) {
        if (wholeSince < 0) {
            return;
        }
        for (Map.Entry<Term, Election> e : elections.get(answering.group).entrySet()) {
            Election el = e.getValue();
            if (e.getKey().isAfter(answering.raft.term()) && el.electedAt() < invokedAt && el.candidacyStart() >= 0
                    && el.candidacyStart() >= wholeSince) {
                invariants.get(answering.group).fail(answering + " answered a strong read in term "
                        + answering.raft.term() + " although " + el.leader() + " had won term " + e.getKey() + " at t="
                        + el.electedAt() + ", before the read was invoked at t=" + invokedAt
                        + ", with every member up and bonded since");
                return;
            }
        }
    }

    /** Vote-crash: a voter whose grant (or binding abstention) just left crashes and restarts at once. */
    private void crashAfterVote(SimNode n, dev.groups.raft.core.Outgoing<KvCommand, KvQuery, KvResult> out) {
        if (faultsActive && out.message() instanceof dev.groups.raft.core.RaftMessage.RequestVoteResponse<KvCommand, KvQuery, KvResult> r
                && r.vote() != dev.groups.raft.core.Vote.DENIED && random.nextBoolean()) {
            int host = n.host;
            int incarnation = n.incarnation;
            schedule(now(), () -> {
                if (faultsActive && n.alive && n.incarnation == incarnation) {
                    crashHost(host);
                    schedule(now() + 1 + random.nextLong(3), () -> cluster.restart(host));
                }
            });
        }
    }

    /** Isolate-leader: the host of a random group's leader is cut off alone, then healed. */
    private void isolateLeader() {
        if (!faultsActive) {
            return;
        }
        int group = random.nextInt(options.groups());
        for (SimNode n : cluster.members(group)) {
            if (n.alive && n.raft.role() == Role.LEADER) {
                cluster.isolate(n.host);
                long at = now();
                long lasts = 1_000 + random.nextLong(7_000);
                schedule(at + lasts, () -> {
                    if (faultsActive) {
                        cluster.heal();
                    }
                });
                long stepDownBy = cluster.config().electionTimeout().toMillis() + 50;
                if (options.strict() && lasts > stepDownBy) {
                    // Check-quorum: cut off from every voter, it must stop leading within an election
                    // timeout (dynamic mode differs by design: once its bonds drop, a lone member is a group).
                    Term term = n.raft.term();
                    int incarnation = n.incarnation;
                    schedule(at + stepDownBy, () -> {
                        if (faultsActive && n.alive && n.incarnation == incarnation
                                && cluster.isolatedSince(n.host) >= 0 && cluster.isolatedSince(n.host) <= at
                                && n.raft.role() == Role.LEADER && n.raft.term().equals(term)) {
                            invariants.get(n.group).fail("check-quorum: " + n + " still leads term " + term
                                    + " an election timeout after it was cut off at t=" + at);
                        }
                    });
                }
                break;
            }
        }
        schedule(now() + 3_000 + random.nextLong(4_000), this::isolateLeader);
    }

    /** Flapping-link: the host that leads no group, cut off and reconnected every 300 ms until the faults end. */
    private void startFlapping() {
        for (int g = 0; g < options.groups(); g++) {
            if (soleLeader(g) == null) {
                schedule(now() + 500, this::startFlapping); // every group elects its first leader in peace
                return;
            }
        }
        int host = -1;
        for (int h = 0; h < cluster.hosts() && host < 0; h++) {
            boolean leads = false;
            for (int g = 0; g < options.groups(); g++) {
                leads |= cluster.member(h, g).raft.role() == Role.LEADER;
            }
            if (!leads) {
                host = h;
            }
        }
        if (host < 0) {
            return; // every host leads a group: no follower's link to flap
        }
        long start = now();
        int flapping = host;
        schedule(now(), new Runnable() {
            boolean cut;

            @Override
            public void run() {
                if (!faultsActive) {
                    // Strict mode only: in dynamic mode a member whose bonds all drop is a group of its own
                    // and elects itself (mosaik's semantics), and its term then reaches the others.
                    for (int g = 0; g < options.groups() && options.strict(); g++) {
                        long caused = elections.get(g).values().stream()
                                .filter(e -> e.electedAt() >= start && e.electedAt() <= options.faultMillis())
                                .count();
                        if (caused > 0) {
                            invariants.get(g).fail("pre-vote/check-quorum: a link of host " + flapping
                                    + " flapping every 300 ms from t=" + start + " caused " + caused + " election(s)");
                        }
                    }
                    return;
                }
                cut = !cut;
                if (cut) {
                    cluster.isolate(flapping);
                } else {
                    cluster.heal();
                }
                schedule(now() + 300, this);
            }
        });
    }

    /** Append-crash: now and then, a host with unflushed appends on some member's disk dies. */
    private void crashUnflushed() {
        if (!faultsActive) {
            return;
        }
        List<Integer> dirty = new ArrayList<>();
        for (int h = 0; h < cluster.hosts(); h++) {
            for (int g = 0; g < options.groups(); g++) {
                SimNode n = cluster.member(h, g);
                if (n.alive && !n.disk.isClean() && !dirty.contains(h)) {
                    dirty.add(h);
                }
            }
        }
        if (dirty.isEmpty()) {
            schedule(now() + 5, this::crashUnflushed); // soon: appends are flushed within a few ms
            return;
        }
        int host = dirty.get(random.nextInt(dirty.size()));
        crashHost(host);
        schedule(now() + 200 + random.nextLong(3_000), () -> {
            if (faultsActive) {
                cluster.restart(host);
            }
        });
        schedule(now() + 300 + random.nextLong(1_500), this::crashUnflushed);
    }

    /**
     * Raft's Figure 8 as a script (see {@link SimSchedule#FIGURE8}); each step waits for its condition
     * (checked after every event, so a fault can land between two messages), and a step whose condition
     * does not come in time ends the script. Then random faults take over.
     */
    private final class Figure8 {
        private static final int TAIL = 12;
        private int a;
        private int b;
        private int e = -1;
        private long tailStart;
        private Term eTerm;

        void start() {
            schedule(3_000, this::awaitLeader);
        }

        /** Waits for {@code condition} (after every event) for at most {@code millis}, then runs {@code then}. */
        private void await(java.util.function.BooleanSupplier condition, long millis, Runnable then) {
            long deadline = now() + millis;
            Runnable[] self = new Runnable[1];
            self[0] = () -> {
                if (!faultsActive) {
                    watchers.remove(self[0]);
                } else if (condition.getAsBoolean()) {
                    watchers.remove(self[0]);
                    then.run();
                } else if (now() >= deadline) {
                    watchers.remove(self[0]);
                    end();
                }
            };
            watchers.add(self[0]);
        }

        private void end() {
            cluster.heal();
            for (int h = 0; h < cluster.hosts(); h++) {
                int host = h;
                if (!cluster.member(h, 0).alive) {
                    schedule(now() + 500, () -> cluster.restart(host));
                }
            }
            schedule(now() + 1_000 + random.nextLong(2_000), Simulation.this::injectFault);
        }

        /** (a) A leader A of group 0; A and one follower B are cut off, and A appends a tail only B gets. */
        private void awaitLeader() {
            SimNode leader = soleLeader(0);
            if (leader == null || !cluster.isWhole() || leader.raft.committed().index().isZero()) {
                schedule(now() + 50, this::awaitLeader);
                return;
            }
            a = leader.host;
            b = (a + 1) % cluster.hosts();
            boolean[] side = new boolean[cluster.hosts()];
            side[a] = true;
            side[b] = true;
            cluster.partition(side);
            tailStart = leader.raft.logPosition().index().value() + 1;
            for (int i = 0; i < TAIL; i++) {
                invoke(-200 - i, leader, new KvInput.Put(key(i % options.keys()), nextValue++));
            }
            SimNode na = cluster.member(a, 0);
            SimNode nb = cluster.member(b, 0);
            await(() -> na.alive && nb.alive && na.raft.logPosition().index().value() >= tailStart + TAIL - 1
                    && nb.raft.logPosition().equals(na.raft.logPosition()), 3_000, this::awaitOtherSide);
        }

        /** (b) The other side elects E; E is cut off the moment it leads, and crashes once its entry is durable. */
        private void awaitOtherSide() {
            await(() -> otherSideLeader() >= 0, 15_000, () -> {
                e = otherSideLeader();
                cluster.isolate(e);
                SimNode ne = cluster.member(e, 0);
                eTerm = ne.raft.term();
                await(() -> !ne.alive || ne.disk.isClean(), 1_000, () -> {
                    crashHost(e);
                    cluster.heal();
                    awaitOldTailCommitted();
                });
            });
        }

        private int otherSideLeader() {
            for (int h = 0; h < cluster.hosts(); h++) {
                SimNode n = cluster.member(h, 0);
                if (h != a && h != b && n.alive && n.raft.role() == Role.LEADER && n.raft.term().isAfter(Term.ONE)) {
                    return h;
                }
            }
            return -1;
        }

        /**
         * (c) Without E, a leader L of a later term brings the old tail to a majority. The moment L's commit
         * index covers it, L is cut off and E comes back: a correct L committed only with its own term's
         * entry on a majority, so E cannot win; a buggy one counted old replicas, and E overwrites them.
         */
        private void awaitOldTailCommitted() {
            await(() -> {
                SimNode l = soleLeader(0);
                return l != null && l.raft.term().isAfter(eTerm) && l.raft.commitIndex().value() >= tailStart;
            }, 20_000, () -> {
                cluster.isolate(soleLeader(0).host);
                cluster.restart(e);
                schedule(now() + 8_000, this::end);
            });
        }
    }

    private void stopFaults() {
        faultsActive = false;
        clientsActive = false; // let the faults' in-flight requests finish first
        cluster.dropRate = 0;
        cluster.duplicateRate = 0;
        cluster.maxDelay = 30;
        cluster.heal();
        cluster.start();
        schedule(now() + 100, this::checkConvergence);
    }

    /** After the faults: in every group one leader everyone follows, a command committed everywhere, equal states. */
    private void checkConvergence() {
        boolean all = pending.isEmpty();
        for (int g = 0; g < options.groups(); g++) {
            SimNode leader = soleLeader(g);
            boolean converged = leader != null;
            if (converged) {
                for (SimNode n : cluster.members(g)) {
                    converged &= n.alive && n.raft.leader().map(leader.id::equals).orElse(false)
                            && n.raft.term().equals(leader.raft.term())
                            && n.raft.committed().equals(leader.raft.committed())
                            && n.raft.logPosition().equals(leader.raft.logPosition())
                            && n.machine.stateDigest().equals(leader.machine.stateDigest());
                }
                converged &= leader.raft.commitIndex().equals(leader.raft.logPosition().index())
                        && !leader.raft.committed().index().isZero();
            }
            if (!converged && leader != null && pending.isEmpty()
                    && leader.raft.commitIndex().equals(leader.raft.logPosition().index()) && random.nextInt(4) == 0) {
                invoke(-100, leader, new KvInput.Put("probe", nextValue++)); // make something commit everywhere
            }
            all &= converged;
        }
        if (!all) {
            schedule(now() + 200, this::checkConvergence);
            return;
        }
        convergedAt = now();
        for (int g = 0; g < options.groups(); g++) {
            convergedState.add(soleLeader(g).machine.contents());
        }
        clientsActive = true; // some traffic in the healed groups, then the final reads
        for (int c = 0; c < options.clients(); c++) {
            scheduleClient(c);
        }
        schedule(now() + POST_HEAL_MILLIS, () -> clientsActive = false);
        schedule(now() + POST_HEAL_MILLIS, this::finalReads);
    }

    /** Strong reads of every key through each leader: a lost acknowledged write shows here. */
    private void finalReads() {
        boolean leaders = true;
        for (int g = 0; g < options.groups(); g++) {
            leaders &= soleLeader(g) != null;
        }
        if (!pending.isEmpty() || !leaders) {
            schedule(now() + 100, this::finalReads);
            return;
        }
        if (finalReadsIssued) {
            done = true;
            return;
        }
        finalReadsIssued = true;
        for (int g = 0; g < options.groups(); g++) {
            for (int k = 0; k < options.keys(); k++) {
                invoke(-1 - k, soleLeader(g), new KvInput.Get(key(k)));
            }
        }
        schedule(now() + 100, this::finalReads);
    }

    private SimNode soleLeader(int group) {
        SimNode leader = null;
        int leaders = 0;
        for (SimNode n : cluster.members(group)) {
            if (n.alive && n.raft.role() == Role.LEADER) {
                leader = n;
                leaders++;
            }
        }
        return leaders == 1 ? leader : null;
    }

    /** Equal applied positions with different states is divergence; different positions is only lag. */
    private String divergenceReport() {
        StringBuilder sb = new StringBuilder();
        for (int g = 0; g < options.groups(); g++) {
            List<SimNode> alive = cluster.members(g).stream().filter(n -> n.alive).toList();
            boolean samePosition = alive.stream().map(n -> n.raft.committed()).distinct().count() == 1;
            boolean sameState = alive.stream().map(n -> n.machine.stateDigest()).distinct().count() == 1;
            if (samePosition && !sameState) {
                for (SimNode n : alive) {
                    sb.append(n).append(": applied ").append(n.raft.committed()).append(" state ")
                            .append(n.machine.stateDigest().shortHex()).append("; ");
                }
            }
        }
        return sb.toString();
    }

    private String describeNodes() {
        StringBuilder sb = new StringBuilder();
        for (SimNode n : cluster.nodes) {
            sb.append(n).append(n.alive ? " " + n.raft : " down").append("; ");
        }
        return sb.toString();
    }

    // ------------------------------------------------------------------------------------------------ clients

    private void clientStep(int client) {
        if (!clientsActive) {
            return;
        }
        int group = random.nextInt(options.groups());
        List<SimNode> alive = cluster.members(group).stream().filter(n -> n.alive).toList();
        if (alive.isEmpty()) {
            scheduleClient(client);
            return;
        }
        SimNode target = alive.get(random.nextInt(alive.size()));
        int k = random.nextInt(options.keys());
        String key = key(k);
        SimWorkload w = options.workload();
        int pick = random.nextInt(w.total());
        if ((pick -= w.put) < 0) {
            invoke(client, target, new KvInput.Put(key, nextValue++));
        } else if ((pick -= w.get) < 0) {
            invoke(client, target, new KvInput.Get(key));
        } else if ((pick -= w.cas) < 0) {
            long expected = random.nextInt(3) == 0 ? nextValue : lastWritten.getOrDefault(key, 0L);
            invoke(client, target, new KvInput.Cas(key, expected, nextValue++));
        } else if ((pick -= w.increment) < 0) {
            invokeUnrecorded(client, target, new KvCommand.Increment("c" + k, nextValue++));
        } else {
            invokeUnrecorded(client, target, new KvCommand.Append("l" + k, nextValue++));
        }
    }

    /** A register operation, recorded for the linearizability check. */
    private void invoke(int client, SimNode target, KvInput input) {
        long requestId = nextRequestId++;
        requestGroups.put(requestId, target.group);
        var handle = recorders.get(target.group).invoke(client < 0 ? 1000 - client : client, input);
        long op = 0;
        if (input instanceof KvInput.Put p) {
            lastWritten.put(p.key(), p.value());
            pending.put(requestId, new Pending(client, target, handle, 0));
            target.raft.propose(requestId, List.of(new KvCommand.Put(p.key(), p.value())), true, now());
        } else if (input instanceof KvInput.Cas c) {
            op = c.update(); // values are unique, so the new value doubles as the operation's id
            lastWritten.put(c.key(), c.update());
            KvCommand command = new KvCommand.Cas(c.key(), c.expected(), c.update(), op);
            tracked.put(op, new Tracked(target.group, command, now()));
            pending.put(requestId, new Pending(client, target, handle, op));
            target.raft.propose(requestId, List.of(command), true, now());
        } else {
            pending.put(requestId, new Pending(client, target, handle, 0));
            target.raft.query(requestId, new KvQuery(input.key()), Consistency.STRONG, now());
        }
        timeOut(requestId);
        cluster.pump(target);
    }

    /** An increment or an append: checked for exactly-once application, not for linearizability. */
    private void invokeUnrecorded(int client, SimNode target, KvCommand command) {
        long requestId = nextRequestId++;
        requestGroups.put(requestId, target.group);
        long op = Invariants.opOf(command);
        tracked.put(op, new Tracked(target.group, command, now()));
        pending.put(requestId, new Pending(client, target, null, op));
        target.raft.propose(requestId, List.of(command), true, now());
        timeOut(requestId);
        cluster.pump(target);
    }

    private void timeOut(long requestId) {
        schedule(now() + CLIENT_TIMEOUT, () -> {
            Pending p = pending.remove(requestId);
            if (p != null) {
                ended(p, Reported.UNKNOWN, null);
                scheduleClient(p.client());
            }
        });
    }

    /** Records how an operation ended; {@code output} only for an acknowledged one. */
    private void ended(Pending p, Reported reported, KvOutput output) {
        if (p.op() != 0) {
            Tracked t = tracked.get(p.op());
            if (t != null && t.reported == Reported.PENDING) {
                t.reported = reported;
                if (reported == Reported.NOT_APPLIED) {
                    notApplied.add(p.op());
                    if (options.strict()) {
                        for (SimNode n : cluster.members(t.group)) {
                            if (n.alive && n.machine.valueOf(
                                    dev.groups.testkit.kv.KvStateMachine.applicationsKey(p.op())).isPresent()) {
                                invariants.get(t.group).exactlyOnce(n + " had applied " + t.command
                                        + " when its request was reported as definitely not applied");
                            }
                        }
                    }
                }
            }
        }
        if (p.handle() == null) {
            return;
        }
        switch (reported) {
            case ACKED -> p.handle().ok(output);
            case NOT_APPLIED -> p.handle().fail();
            default -> p.handle().unknown();
        }
    }

    private void onOutcome(ClientOutcome<KvResult> outcome) {
        if (outcome instanceof ClientOutcome.Assigned<KvResult>) {
            return;
        }
        Integer group = requestGroups.get(outcome.requestId());
        ClientOutcome<KvResult> first = group == null ? null : endedRequests.putIfAbsent(outcome.requestId(), outcome);
        if (group == null || first != null) {
            // The core drops a request from its books when it ends it; a second ending means the books kept
            // it (a caller whose future already completed would be told something else).
            invariants.get(group == null ? 0 : group).fail("request " + outcome.requestId()
                    + (group == null ? " was never made: " + outcome : " ended twice: " + first + ", then " + outcome));
            return;
        }
        SimNode transferFrom = transfersAsked.remove(outcome.requestId());
        if (transferFrom != null) {
            transferEnded(transferFrom, transferTerms.getOrDefault(outcome.requestId(), Term.ZERO), outcome);
            return;
        }
        VoterChangeAsked change = voterChanges.remove(outcome.requestId());
        if (change != null) {
            voterChangeEnded(change, outcome);
            return;
        }
        Pending p = pending.remove(outcome.requestId());
        if (p == null) {
            return; // timed out already (recorded as unknown)
        }
        if (outcome instanceof ClientOutcome.Committed<KvResult>) {
            KvOutput output = new KvOutput.Ack();
            if (p.handle() != null && p.op() != 0) { // a compare-and-set: recorded, and with an id
                // Its own entry was applied on this member just now: the machine kept whether it swapped.
                var swapped = p.node().machine.valueOf(dev.groups.testkit.kv.KvStateMachine.casResultKey(p.op()));
                if (swapped.isEmpty()) {
                    invariants.get(p.node().group).exactlyOnce(p.node() + " reported the compare-and-set "
                            + p.op() + " committed but has not applied it");
                    ended(p, Reported.UNKNOWN, null);
                    scheduleClient(p.client());
                    return;
                }
                output = new KvOutput.CasResult(swapped.getAsLong() == 1);
            }
            ended(p, Reported.ACKED, output);
        } else if (outcome instanceof ClientOutcome.Answered<KvResult> a) {
            if (p.node().alive && p.node().raft.role() == Role.LEADER) {
                checkStrongRead(p.node(), p.handle().invokedAt()); // answered locally, by this leader
            }
            ended(p, Reported.ACKED, a.result().result() instanceof KvResult.Value v ? new KvOutput.Value(v.value())
                    : new KvOutput.Absent());
        } else if (outcome instanceof ClientOutcome.Failed<KvResult> f) {
            switch (f.failure()) {
                case OFFLINE, SUPERSEDED -> ended(p, Reported.NOT_APPLIED, null); // definitely not applied
                case UNKNOWN, TERMINATED -> ended(p, Reported.UNKNOWN, null);
            }
        }
        scheduleClient(p.client());
    }

    private void scheduleClient(int client) {
        if (client >= 0) {
            schedule(now() + 10 + random.nextLong(300), () -> clientStep(client));
        }
    }

    private static String key(int k) {
        return "k" + k;
    }
}
