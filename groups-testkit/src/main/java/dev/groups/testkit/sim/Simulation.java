package dev.groups.testkit.sim;

import dev.groups.consensus.ConsensusConfig;
import dev.groups.id.Digest;
import dev.groups.id.GroupId;
import dev.groups.id.NetworkId;
import dev.groups.id.PeerId;
import dev.groups.machine.Consistency;
import dev.groups.raft.core.ClientOutcome;
import dev.groups.raft.core.Outgoing;
import dev.groups.raft.core.RaftMessage;
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
 * A whole group on one thread: simulated clock, network, disks and clients, driven by one seed.
 *
 * <p>The network delays, drops, duplicates and reorders messages and applies partitions (also one-way)
 * that come and go; bonds follow reachability after a detection delay. Disks lose what was not flushed
 * when a node crashes; crashed nodes restart from their disk. Clients issue writes ({@code execute})
 * and strong reads on random members and their histories are checked for linearizability. Invariants
 * ({@link Invariants}) are checked after every event. When the faults stop, a leader must be elected,
 * a command committed and every member converge to the same state within the settle bound.
 *
 * <p>In dynamic mode a partition may legitimately elect a leader per side, so the history checked for
 * linearizability is the part invoked after the group converged again (plus final reads of every key);
 * in strict mode the whole history is checked.
 */
public final class Simulation {
    private static final long LINEARIZABILITY_STEPS = 5_000_000;
    private static final long CLIENT_TIMEOUT = 15_000;

    private final SimOptions options;
    private final SimCluster cluster;
    private final SplittableRandom random;
    private final Invariants invariants;
    private final HistoryRecorder<KvInput, KvOutput> recorder;
    private final Map<Long, Pending> pending = new HashMap<>();
    private final List<SimNode> nodes;

    private long nextRequestId = 1;
    private long nextValue = 1;
    private boolean faultsActive = true;
    private boolean clientsActive = true;
    private long convergedAt = -1;
    private boolean finalReadsIssued;
    private boolean done;
    private java.util.Map<String, Long> convergedState = java.util.Map.of();
    /** Traffic after the group converged again, before the final reads. */
    private static final long POST_HEAL_MILLIS = 5_000;

    /** A client operation in flight. */
    private record Pending(int client, SimNode node, HistoryRecorder<KvInput, KvOutput>.Handle handle) {}

    private Simulation(SimOptions options) {
        this.options = options;
        ConsensusConfig.Builder b = ConsensusConfig.builder();
        if (options.strict()) {
            b.votingMembers(options.nodes());
        }
        this.cluster = new SimCluster(options.seed(), options.nodes(), b.build());
        this.random = cluster.random;
        this.nodes = cluster.nodes;
        this.invariants = new Invariants(options.strict());
        cluster.setInvariants(invariants);
        cluster.onOutcome(this::onOutcome);
        this.recorder = new HistoryRecorder<>(cluster::now);
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
            while (invariants.violations().isEmpty() && !done && cluster.step(deadline + POST_HEAL_MILLIS + CLIENT_TIMEOUT)) {
                if (convergedAt < 0 && now() > deadline) {
                    break; // the liveness bound passed
                }
            }
            invariants.checkLogMatching(nodes);
        } catch (RuntimeException e) {
            failure = "exception at t=" + now() + "ms: " + e;
        }
        List<String> violations = new ArrayList<>(invariants.violations());
        if (failure != null) {
            violations.add(failure);
        }
        String divergence = "";
        if (violations.isEmpty() && convergedAt >= 0 && !done) {
            violations.add("liveness: the final reads did not complete after the group converged (" + describeNodes() + ")");
        }
        if (violations.isEmpty() && convergedAt < 0) {
            divergence = divergenceReport();
            if (divergence.isEmpty()) {
                violations.add("liveness: no leader committed and converged within " + options.settleMillis()
                        + " ms after the faults stopped (" + describeNodes() + ")");
            }
        }
        History<KvInput, KvOutput> history = recorder.history();
        String outcomes = history.count(Outcome.OK) + " ok, " + history.count(Outcome.FAILED) + " failed, "
                + history.count(Outcome.UNKNOWN) + " unknown; " + invariants.catchUpEvents + " catch-up events";
        if (!options.strict()) {
            // Dynamic mode promises linearizability only while no partition splits the group: check what
            // happened after it converged again, starting from the state it converged to.
            List<Operation<KvInput, KvOutput>> tail = new ArrayList<>();
            for (Map.Entry<String, Long> e : convergedState.entrySet()) {
                tail.add(Operation.ok(999, new KvInput.Put(e.getKey(), e.getValue()), new KvOutput.Ack(),
                        convergedAt - 2, convergedAt - 1));
            }
            for (Operation<KvInput, KvOutput> op : history.operations()) {
                if (convergedAt >= 0 && op.invokedAt() >= convergedAt) {
                    tail.add(op);
                }
            }
            history = History.of(tail);
        }
        CheckResult lin = violations.isEmpty()
                ? LinearizabilityChecker.check(new KeyValueModel(), history, Budget.ofSteps(LINEARIZABILITY_STEPS))
                : new CheckResult(Verdict.UNKNOWN, Optional.empty(), "not checked: invariant violated", 0);
        return new SimResult(options, violations, lin, divergence, recorder.size(), cluster.events(), outcomes);
    }

    private void crash(SimNode n) {
        if (!n.alive) {
            return;
        }
        cluster.crash(n);
        for (Map.Entry<Long, Pending> e : List.copyOf(pending.entrySet())) {
            if (e.getValue().node() == n) {
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
        int victim = random.nextInt(nodes.size());
        switch (kind) {
            case 0 -> { // crash and restart later
                if (nodes.get(victim).alive) {
                    crash(nodes.get(victim));
                    schedule(now() + 500 + random.nextLong(8_000), () -> {
                        if (faultsActive) {
                            cluster.restart(victim);
                        }
                    });
                }
            }
            case 1 -> { // a random split
                boolean[] side = new boolean[nodes.size()];
                for (int i = 0; i < side.length; i++) {
                    side[i] = random.nextBoolean();
                }
                cluster.partition(side);
                schedule(now() + 1_000 + random.nextLong(12_000), cluster::heal);
            }
            case 2 -> { // isolate one node
                cluster.isolate(victim);
                schedule(now() + 1_000 + random.nextLong(10_000), cluster::heal);
            }
            case 3 -> { // one-way partition
                int other = random.nextInt(nodes.size());
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

    /** After the faults: one leader everyone follows, a probe committed everywhere, equal states. */
    private void checkConvergence() {
        SimNode leader = soleLeader();
        boolean converged = leader != null && pending.isEmpty();
        if (converged) {
            for (SimNode n : nodes) {
                converged &= n.alive && n.raft.leader().map(leader.id::equals).orElse(false)
                        && n.raft.term().equals(leader.raft.term())
                        && n.raft.committed().equals(leader.raft.committed())
                        && n.raft.logPosition().equals(leader.raft.logPosition())
                        && n.machine.stateDigest().equals(leader.machine.stateDigest());
            }
            converged &= leader.raft.commitIndex().equals(leader.raft.logPosition().index())
                    && !leader.raft.committed().index().isZero();
        }
        if (converged) {
            convergedAt = now();
            convergedState = leader.machine.snapshot();
            clientsActive = true; // some traffic in the healed group, then the final reads
            for (int c = 0; c < options.clients(); c++) {
                scheduleClient(c);
            }
            schedule(now() + POST_HEAL_MILLIS, () -> clientsActive = false);
            schedule(now() + POST_HEAL_MILLIS, this::finalReads);
            return;
        }
        if (leader != null && pending.isEmpty() && leader.raft.commitIndex().equals(leader.raft.logPosition().index())
                && random.nextInt(4) == 0) {
            invoke(-100, leader, new KvInput.Put("probe", nextValue++)); // make something commit everywhere
        }
        schedule(now() + 200, this::checkConvergence);
    }

    /** Strong reads of every key through the leader: a lost acknowledged write shows here. */
    private void finalReads() {
        if (!pending.isEmpty() || soleLeader() == null) {
            schedule(now() + 100, this::finalReads);
            return;
        }
        if (finalReadsIssued) {
            done = true;
            return;
        }
        finalReadsIssued = true;
        SimNode leader = soleLeader();
        for (int k = 0; k < options.keys(); k++) {
            invoke(-1 - k, leader, new KvInput.Get(key(k)));
        }
        schedule(now() + 100, this::finalReads);
    }

    private SimNode soleLeader() {
        SimNode leader = null;
        int leaders = 0;
        for (SimNode n : nodes) {
            if (n.alive && n.raft.role() == Role.LEADER) {
                leader = n;
                leaders++;
            }
        }
        return leaders == 1 ? leader : null;
    }

    private String divergenceReport() {
        Digest first = null;
        StringBuilder sb = new StringBuilder();
        boolean differ = false;
        for (SimNode n : nodes) {
            if (!n.alive) {
                continue;
            }
            Digest d = n.machine.stateDigest();
            sb.append(n).append(": applied ").append(n.raft.committed()).append(" log ").append(n.raft.logPosition())
                    .append(" state ").append(d.shortHex()).append("; ");
            if (first == null) {
                first = d;
            } else if (!first.equals(d)) {
                differ = true;
            }
        }
        // Equal applied positions with different states is divergence; different positions is only lag.
        long applied = -1;
        boolean samePosition = true;
        for (SimNode n : nodes) {
            if (n.alive) {
                long a = n.raft.committed().index().value();
                samePosition &= applied < 0 || applied == a;
                applied = a;
            }
        }
        return differ && samePosition ? sb.toString() : "";
    }

    private String describeNodes() {
        StringBuilder sb = new StringBuilder();
        for (SimNode n : nodes) {
            sb.append(n).append(n.alive ? " " + n.raft : " down").append("; ");
        }
        return sb.toString();
    }

    // ------------------------------------------------------------------------------------------------ clients

    private void clientStep(int client) {
        if (!clientsActive) {
            return;
        }
        List<SimNode> alive = nodes.stream().filter(n -> n.alive).toList();
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
        var handle = recorder.invoke(client < 0 ? 1000 - client : client, input);
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
