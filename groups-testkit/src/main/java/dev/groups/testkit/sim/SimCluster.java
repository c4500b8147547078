package dev.groups.testkit.sim;

import dev.groups.consensus.ConsensusConfig;
import dev.groups.id.Digest;
import dev.groups.id.GroupId;
import dev.groups.id.NetworkId;
import dev.groups.id.PeerId;
import dev.groups.raft.core.ClientOutcome;
import dev.groups.raft.core.Outgoing;
import dev.groups.raft.core.RaftMessage;
import dev.groups.raft.core.RaftNode;
import dev.groups.raft.core.RaftTuning;
import dev.groups.testkit.kv.KvCommand;
import dev.groups.testkit.kv.KvQuery;
import dev.groups.testkit.kv.KvResult;
import dev.groups.testkit.kv.KvStateMachine;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Simulated hosts, each a member of one or more key-value groups, on one thread: the clock, the network
 * (delay, loss, duplication, reordering, partitions, one-way partitions — between hosts, so every
 * group on a host shares them), the disks (one per member; a crash loses what was not flushed) and the
 * bonds (per group, following two-way reachability after a detection delay). Everything random comes
 * from one seed, so a run is reproducible.
 *
 * <p>Use it directly for scripted scenarios ({@link #runFor}, {@link #isolate}, {@link #crash}…; the
 * single-group accessors address group 0); the randomized {@link Simulation} adds faults, clients and
 * checks on top.
 */
public final class SimCluster implements SimNode.ApplyListener {
    private record Event(long at, long order, Runnable action) implements Comparable<Event> {
        @Override
        public int compareTo(Event o) {
            int c = Long.compare(at, o.at);
            return c != 0 ? c : Long.compare(order, o.order);
        }
    }

    /** Far above any healthy run (a few thousand events per simulated minute). */
    private static final long MAX_EVENTS = 2_000_000;

    final SplittableRandom random;
    private final long seed;
    private final ConsensusConfig config;
    private final int hosts;
    private final int groups;
    /** Tiny batches, window and catch-up threshold: every replication path gets exercised. */
    private RaftTuning tuning = new RaftTuning(8, 2, 24);
    private final NetworkId network = NetworkId.of("simulated network");
    /** Every member, host-major: member (host h, group g) is at {@code h * groups + g}. */
    final List<SimNode> nodes = new ArrayList<>();
    private final PriorityQueue<Event> queue = new PriorityQueue<>();
    private final boolean[][] blocked;
    /** Per host: since when it has been cut off from every other host, both ways (-1: it is not). */
    private long[] isolatedSince;
    /** Hosts whose packets are all lost for now, while their bonds stay up (shorter than a bond timeout). */
    private final boolean[] silenced;
    private final boolean[][] bonded;
    /** Per host: how many new identities it took after a wipe. */
    private final int[] renewals;
    private List<Invariants> invariants;
    private Consumer<ClientOutcome<KvResult>> outcomes = o -> { };
    /** Sees every message as it leaves (targeted schedules act on particular messages). */
    private java.util.function.BiConsumer<SimNode, Outgoing<KvCommand, KvQuery, KvResult>> sent = (n, m) -> { };
    private SimMachineFactory machines = SimMachineFactory.logReplay();
    /** Per host: how eager its members are to lead (observers never lead nor vote); null for all normal. */
    private dev.groups.consensus.LeadershipPreference[] preferences;
    private long now;
    private long order;
    private long events;
    private long nextRequestId = 1;

    double dropRate;
    double duplicateRate;
    long maxDelay = 20;

    /** One group on {@code size} hosts. */
    public SimCluster(long seed, int size, ConsensusConfig config) {
        this(seed, size, 1, config);
    }

    /** {@code groups} groups, each with a member on every one of {@code hosts} hosts. */
    public SimCluster(long seed, int hosts, int groups, ConsensusConfig config) {
        this.seed = seed;
        this.random = new SplittableRandom(seed);
        this.config = config;
        this.hosts = hosts;
        this.groups = groups;
        this.blocked = new boolean[hosts][hosts];
        this.isolatedSince = new long[hosts];
        Arrays.fill(isolatedSince, -1);
        this.silenced = new boolean[hosts];
        this.bonded = new boolean[hosts * groups][hosts * groups];
        this.renewals = new int[hosts];
        for (int h = 0; h < hosts; h++) {
            for (int g = 0; g < groups; g++) {
                nodes.add(new SimNode(h * groups + g, h, g, peerId(h)));
            }
        }
    }

    /** Member i's id: its number in the first byte, so logs show n0 as 01…, n1 as 02…. */
    /** The peer id of host {@code i} (the same in every group), before any new identity. */
    static PeerId peerId(int i) {
        return peerId(i, 0);
    }

    /** Host i's id after {@code renewals} new identities: the count in the second byte (n0's second is 0101…). */
    private static PeerId peerId(int i, int renewals) {
        byte[] raw = new byte[32];
        raw[0] = (byte) (i + 1);
        raw[1] = (byte) renewals;
        return PeerId.fromBytes(raw);
    }

    /** One set of invariants per group. */
    void setInvariants(List<Invariants> perGroup) {
        this.invariants = perGroup;
    }

    /** The members of group {@code g}, by host. */
    List<SimNode> members(int g) {
        List<SimNode> m = new ArrayList<>(hosts);
        for (int h = 0; h < hosts; h++) {
            m.add(member(h, g));
        }
        return m;
    }

    SimNode member(int host, int group) {
        return nodes.get(host * groups + group);
    }

    int groups() {
        return groups;
    }

    int hosts() {
        return hosts;
    }

    void onOutcome(Consumer<ClientOutcome<KvResult>> listener) {
        this.outcomes = listener;
    }

    /** Calls {@code listener} for every message a member sends, after it left. */
    void onSend(java.util.function.BiConsumer<SimNode, Outgoing<KvCommand, KvQuery, KvResult>> listener) {
        this.sent = listener;
    }

    /**
     * Replication knobs for every member (default: 8 entries a message, 2 in flight, state sync beyond 24
     * behind). Call it before {@link #start()}.
     *
     * @return this cluster
     */
    public SimCluster withTuning(RaftTuning tuning) {
        if (nodes.stream().anyMatch(n -> n.incarnation > 0)) {
            throw new IllegalStateException("choose the tuning before the cluster starts");
        }
        this.tuning = Objects.requireNonNull(tuning, "tuning");
        return this;
    }

    /**
     * Gives each host's members a leadership preference (through their machine, as a plugin would).
     * Call it before {@link #start()}.
     *
     * @return this cluster
     */
    public SimCluster withPreferences(dev.groups.consensus.LeadershipPreference... perHost) {
        if (perHost.length != hosts) {
            throw new IllegalArgumentException("one preference per host: " + hosts + ", got " + perHost.length);
        }
        this.preferences = perHost.clone();
        return this;
    }

    /** True when {@code from}'s messages to {@code to} are blocked now. */
    boolean isBlocked(int fromHost, int toHost) {
        return blocked[fromHost][toHost];
    }

    /** True when every host is up and every link between them is open and bonded. */
    boolean isWhole() {
        for (SimNode a : nodes) {
            if (!a.alive) {
                return false;
            }
            for (SimNode b : nodes) {
                if (a.group == b.group && a != b && (blocked[a.host][b.host] || !bonded[a.number][b.number])) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Builds every member's machine with {@code machines} instead of the default log-replay machine.
     * Call it before {@link #start()}.
     *
     * @return this cluster
     */
    public SimCluster withMachines(SimMachineFactory machines) {
        if (nodes.stream().anyMatch(n -> n.incarnation > 0)) {
            throw new IllegalStateException("choose the machines before the cluster starts");
        }
        this.machines = Objects.requireNonNull(machines, "machines");
        return this;
    }

    /** Snapshots installed from peers so far, over every member and incarnation (0 without snapshot sync). */
    public long snapshotInstalls() {
        return nodes.stream().mapToLong(SimNode::snapshotInstalls).sum();
    }

    // ------------------------------------------------------------------------------------------------ scripting

    /** Boots every member that is down and lets bonds form. */
    public void start() {
        for (SimNode n : nodes) {
            if (!n.alive) {
                boot(n);
            }
        }
        recomputeBonds();
    }

    /** Runs the event loop for {@code millis} of simulated time. */
    public void runFor(long millis) {
        runUntil(now + millis);
    }

    /** Runs until {@code condition} holds or {@code millis} pass; returns whether it held. */
    public boolean runUntil(long millis, java.util.function.BooleanSupplier condition) {
        long deadline = now + millis;
        while (!condition.getAsBoolean()) {
            if (!step(deadline)) {
                return condition.getAsBoolean();
            }
        }
        return true;
    }

    void runUntil(long deadline) {
        while (step(deadline)) {
            // keep going
        }
        now = Math.max(now, deadline);
    }

    /** Processes one event due before {@code deadline}; false when there is none. */
    boolean step(long deadline) {
        if (events > MAX_EVENTS) {
            // A livelock (messages bouncing without progress) must fail the run, not hang it.
            throw new IllegalStateException("event storm: more than " + MAX_EVENTS + " events by t=" + now + "ms");
        }
        Event e = queue.peek();
        if (e == null || e.at() > deadline) {
            return false;
        }
        queue.poll();
        now = e.at();
        e.action().run();
        events++;
        if (invariants != null) {
            for (int g = 0; g < groups; g++) {
                invariants.get(g).afterEvent(members(g), now);
            }
        }
        return true;
    }

    /** Cuts {@code host} off from every other host (both directions). */
    public void isolate(int host) {
        for (int other = 0; other < hosts; other++) {
            if (other != host) {
                blocked[host][other] = true;
                blocked[other][host] = true;
            }
        }
        recomputeBonds();
    }

    /** Cuts every host off from every other. */
    public void isolateAll() {
        for (int i = 0; i < hosts; i++) {
            isolate(i);
        }
    }

    /** Blocks messages from {@code from} to {@code to} only. */
    public void blockOneWay(int from, int to) {
        blocked[from][to] = true;
        recomputeBonds();
    }

    /**
     * Every packet to and from {@code host} is lost until {@link #unsilence}, but nobody notices at the
     * bond level: a connection that goes quiet for less than its heartbeat timeout.
     */
    public void silence(int host) {
        silenced[host] = true;
    }

    public void unsilence(int host) {
        silenced[host] = false;
    }

    /** Removes every partition. */
    public void heal() {
        Arrays.fill(silenced, false);
        for (boolean[] row : blocked) {
            Arrays.fill(row, false);
        }
        recomputeBonds();
    }

    /** Splits the hosts: {@code side[i]} says which side host i is on. */
    public void partition(boolean[] side) {
        for (int a = 0; a < hosts; a++) {
            for (int b = 0; b < hosts; b++) {
                blocked[a][b] = side[a] != side[b];
            }
        }
        recomputeBonds();
    }

    /** The host dies: every member on it loses what its disk had not flushed. */
    public void crash(int host) {
        for (int g = 0; g < groups; g++) {
            SimNode n = member(host, g);
            if (n.alive) {
                n.crash(random);
                dropBonds(n);
            }
        }
        recomputeBonds();
    }

    /**
     * A bond belongs to one incarnation: the dead member's bonds end now, and its peers notice within a
     * few milliseconds (the connection is reset), always before a restarted incarnation can bond again.
     */
    private void dropBonds(SimNode dead) {
        for (SimNode p : nodes) {
            if (p.group != dead.group || p == dead || !bonded[dead.number][p.number]) {
                continue;
            }
            bonded[dead.number][p.number] = false;
            bonded[p.number][dead.number] = false;
            if (!p.alive) {
                continue;
            }
            int incarnation = p.incarnation;
            PeerId deadId = dead.id; // the identity that bond had (a wiped host may come back as another)
            schedule(now + 1 + random.nextLong(10), () -> {
                if (p.alive && p.incarnation == incarnation && p.bonds.remove(deadId)) {
                    p.raft.bondDown(deadId, now);
                    pump(p);
                }
            });
        }
    }

    /**
     * While the host is down: every member's disk and snapshots on it are lost (term, vote, log). It
     * boots with nothing at its next {@link #restart}: as the same peer (its key survived), or as a new
     * peer with a new identity.
     */
    public void wipe(int host, boolean newIdentity) {
        if (newIdentity) {
            renewals[host]++;
        }
        for (int g = 0; g < groups; g++) {
            member(host, g).wipe(peerId(host, renewals[host]));
        }
    }

    /** Every disk tears the last record it keeps on a crash with unflushed changes (see {@link SimStorage}). */
    public SimCluster withTornTails() {
        nodes.forEach(n -> n.disk.tearOnCrash(true));
        return this;
    }

    /** Torn records the members' disks dropped at restarts so far. */
    public long tornRecordsDropped() {
        return nodes.stream().mapToLong(n -> n.disk.tornRecordsDropped()).sum();
    }

    /** The host starts again: every member on it boots from its disk. */
    public void restart(int host) {
        for (int g = 0; g < groups; g++) {
            SimNode n = member(host, g);
            if (!n.alive) {
                boot(n);
            }
        }
        recomputeBonds();
    }

    /** Submits commands on a member of group 0 (as {@code execute}: the outcome completes when they commit); returns the request id. */
    public long execute(int node, List<KvCommand> commands) {
        long id = nextRequestId++;
        SimNode n = member(node, 0);
        n.raft.propose(id, commands, true, now);
        pump(n);
        return id;
    }

    /** Submits a query on a member; returns the request id. */
    public long query(int node, KvQuery query, dev.groups.machine.Consistency consistency) {
        long id = nextRequestId++;
        SimNode n = member(node, 0);
        n.raft.query(id, query, consistency, now);
        pump(n);
        return id;
    }

    public RaftNode<KvCommand, KvQuery, KvResult> raft(int node) {
        return member(node, 0).raft;
    }

    public KvStateMachine machine(int node) {
        return member(node, 0).machine;
    }

    public boolean isAlive(int node) {
        return member(node, 0).alive;
    }

    /** The number of hosts. */
    public int size() {
        return hosts;
    }

    /** The consensus settings every member runs with. */
    public ConsensusConfig config() {
        return config;
    }

    public long now() {
        return now;
    }

    public long events() {
        return events;
    }

    public PeerId id(int node) {
        return member(node, 0).id;
    }

    // ------------------------------------------------------------------------------------------------ mechanics

    void boot(SimNode n) {
        if (n.incarnation > 0) {
            n.disk.restart();
        }
        if (invariants != null) {
            invariants.get(n.group).booted(n);
        }
        n.boot(new GroupId(Digest.of("simulated group " + n.group)), network, config, tuning, seed, now, this, machines,
                preferences == null ? dev.groups.consensus.LeadershipPreference.normal() : preferences[n.host]);
        pump(n);
    }

    /** Drains a member's effects into the simulated world and re-arms its timers. */
    void pump(SimNode n) {
        if (!n.alive) {
            return;
        }
        for (Outgoing<KvCommand, KvQuery, KvResult> out : n.raft.drainMessages()) {
            if (invariants != null) {
                invariants.get(n.group).beforeSend(n, out);
            }
            send(n, memberOf(out.to(), n.group), out.message());
            sent.accept(n, out);
        }
        for (ClientOutcome<KvResult> outcome : n.raft.drainOutcomes()) {
            outcomes.accept(outcome);
        }
        if (n.raft.needsFlush() && !n.flushScheduled) {
            n.flushScheduled = true;
            int inc = n.incarnation;
            schedule(now + 1 + random.nextLong(3), () -> {
                if (n.alive && n.incarnation == inc) {
                    n.flushScheduled = false;
                    n.disk.flush();
                    n.raft.flushed(now);
                    pump(n);
                }
            });
        }
        long due = Math.max(now + 1, Math.min(n.raft.nextDeadline(), now + 1_000));
        if (due < n.tickAt || n.tickAt <= now) {
            n.tickAt = due;
            long generation = ++n.tickGeneration;
            int inc = n.incarnation;
            schedule(due, () -> {
                if (n.alive && n.incarnation == inc && n.tickGeneration == generation) {
                    n.tickAt = Long.MAX_VALUE;
                    n.raft.tick(now);
                    pump(n);
                }
            });
        }
    }

    private SimNode memberOf(PeerId id, int group) {
        for (int h = 0; h < hosts; h++) {
            SimNode n = member(h, group);
            if (n.id.equals(id)) {
                return n;
            }
        }
        return null;
    }

    private void send(SimNode from, SimNode to, RaftMessage<KvCommand, KvQuery, KvResult> message) {
        if (to == null || !bonded[from.number][to.number]) {
            return; // no bond: the runtime has no channel to send on
        }
        int copies = random.nextDouble() < duplicateRate ? 2 : 1;
        for (int c = 0; c < copies; c++) {
            if (blocked[from.host][to.host] || silenced[from.host] || silenced[to.host] || random.nextDouble() < dropRate) {
                continue;
            }
            int toInc = to.incarnation;
            PeerId sender = from.id; // the sender's identity when it sent (a wiped host may come back as another)
            // What is on the wire arrives even if its sender has crashed since (a vote answered just before
            // a crash still counts); a partition drops what it finds in flight; a receiver that restarted
            // meanwhile has new connections and never sees what was sent to its previous incarnation.
            schedule(now + 1 + random.nextLong(maxDelay), () -> {
                if (to.alive && to.incarnation == toInc && !blocked[from.host][to.host] && !silenced[from.host]
                        && !silenced[to.host]) {
                    to.raft.receive(sender, message, now);
                    pump(to);
                }
            });
        }
    }

    /** Bonds follow two-way reachability, after a handshake (up) or heartbeat-timeout (down) delay. */
    /** Since when {@code host} has been cut off from every other host without a break; -1 if it is not. */
    public long isolatedSince(int host) {
        return isolatedSince[host];
    }

    void recomputeBonds() {
        for (int h = 0; h < hosts; h++) {
            boolean cut = true;
            for (int other = 0; other < hosts; other++) {
                cut &= other == h || (blocked[h][other] && blocked[other][h]);
            }
            if (!cut) {
                isolatedSince[h] = -1;
            } else if (isolatedSince[h] < 0) {
                isolatedSince[h] = now;
            }
        }
        for (SimNode a : nodes) {
            for (SimNode b : nodes) {
                if (a.group != b.group || a.number >= b.number || reachable(a, b) == bonded[a.number][b.number]) {
                    continue;
                }
                long delay = !(a.alive && b.alive) ? 1 + random.nextLong(50)
                        : reachable(a, b) ? 20 + random.nextLong(300) : 1_000 + random.nextLong(4_000);
                schedule(now + delay, () -> settleBond(a, b));
            }
        }
    }

    private boolean reachable(SimNode a, SimNode b) {
        return a.alive && b.alive && !blocked[a.host][b.host] && !blocked[b.host][a.host];
    }

    private void settleBond(SimNode a, SimNode b) {
        boolean up = reachable(a, b);
        if (up == bonded[a.number][b.number]) {
            return;
        }
        bonded[a.number][b.number] = up;
        bonded[b.number][a.number] = up;
        for (SimNode[] pair : new SimNode[][] {{a, b}, {b, a}}) {
            SimNode self = pair[0];
            SimNode peer = pair[1];
            if (!self.alive) {
                continue;
            }
            if (up) {
                self.bonds.add(peer.id);
                self.raft.bondUp(peer.id, now);
            } else {
                self.bonds.remove(peer.id);
                self.raft.bondDown(peer.id, now);
            }
            pump(self);
        }
    }

    void schedule(long at, Runnable action) {
        queue.add(new Event(at, order++, action));
    }

    @Override
    public void applied(SimNode node, long index, KvCommand command) {
        if (invariants != null) {
            invariants.get(node.group).applied(node, index, command);
        }
    }

    @Override
    public void reset(SimNode node) {
        if (invariants != null) {
            invariants.get(node.group).reset(node);
        }
    }
}
