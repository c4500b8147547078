package dev.groups.testkit.sim;

import dev.groups.consensus.ConsensusConfig;
import dev.groups.machine.Consistency;
import dev.groups.raft.core.ClientOutcome;
import dev.groups.raft.core.Role;
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

    /** A client operation in flight. */
    private record Pending(int client, SimNode node, HistoryRecorder<KvInput, KvOutput>.Handle handle) {}

    private Simulation(SimOptions options) {
        this.options = options;
        ConsensusConfig.Builder b = ConsensusConfig.builder();
        if (options.strict()) {
            b.votingMembers(options.nodes());
        }
        this.cluster = new SimCluster(options.seed(), options.nodes(), options.groups(), b.build());
        if (options.snapshots()) { // snapshot mode: members catch up from snapshots and prune their logs
            cluster.withMachines(SimMachineFactory.snapshots(SimMachineFactory.SIMULATION_SNAPSHOTS));
        }
        this.random = cluster.random;
        for (int g = 0; g < options.groups(); g++) {
            invariants.add(new Invariants(options.strict()));
            recorders.add(new HistoryRecorder<>(cluster::now));
        }
        cluster.setInvariants(invariants);
        cluster.onOutcome(this::onOutcome);
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
                schedule(2_000 + random.nextLong(3_000), this::injectFault);
            }
            schedule(options.faultMillis(), this::stopFaults);
            while (violations().isEmpty() && !done && cluster.step(deadline + POST_HEAL_MILLIS + CLIENT_TIMEOUT)) {
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
        String outcomes = ok + " ok, " + failed + " failed, " + unknown + " unknown; "
                + invariants.stream().mapToLong(i -> i.catchUpEvents).sum() + " catch-up events"
                + (options.snapshots() ? ", " + cluster.snapshotInstalls() + " snapshot installs" : "");
        return new SimResult(options, violations, lin, divergence, operations, cluster.events(), outcomes);
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
                e.getValue().handle().unknown();
                scheduleClient(e.getValue().client());
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ faults

    private void injectFault() {
        if (!faultsActive) {
            return;
        }
        int kind = random.nextInt(6);
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
            default -> { } // a quiet spell
        }
        schedule(now() + 1_000 + random.nextLong(6_000), this::injectFault);
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
        String key = key(random.nextInt(options.keys()));
        KvInput input = random.nextInt(10) < 6 ? new KvInput.Put(key, nextValue++) : new KvInput.Get(key);
        invoke(client, target, input);
    }

    private void invoke(int client, SimNode target, KvInput input) {
        long requestId = nextRequestId++;
        var handle = recorders.get(target.group).invoke(client < 0 ? 1000 - client : client, input);
        pending.put(requestId, new Pending(client, target, handle));
        if (input instanceof KvInput.Put p) {
            target.raft.propose(requestId, List.of(new KvCommand.Put(p.key(), p.value())), true, now());
        } else {
            target.raft.query(requestId, new KvQuery(input.key()), Consistency.STRONG, now());
        }
        schedule(now() + CLIENT_TIMEOUT, () -> {
            Pending p = pending.remove(requestId);
            if (p != null) {
                p.handle().unknown();
                scheduleClient(p.client());
            }
        });
        cluster.pump(target);
    }

    private void onOutcome(ClientOutcome<KvResult> outcome) {
        if (outcome instanceof ClientOutcome.Assigned<KvResult>) {
            return;
        }
        Pending p = pending.remove(outcome.requestId());
        if (p == null) {
            return; // timed out already (recorded as unknown)
        }
        if (outcome instanceof ClientOutcome.Committed<KvResult>) {
            p.handle().ok(new KvOutput.Ack());
        } else if (outcome instanceof ClientOutcome.Answered<KvResult> a) {
            p.handle().ok(a.result().result() instanceof KvResult.Value v ? new KvOutput.Value(v.value())
                    : new KvOutput.Absent());
        } else if (outcome instanceof ClientOutcome.Failed<KvResult> f) {
            switch (f.failure()) {
                case OFFLINE, SUPERSEDED -> p.handle().fail(); // definitely not applied
                case UNKNOWN, TERMINATED -> p.handle().unknown();
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
