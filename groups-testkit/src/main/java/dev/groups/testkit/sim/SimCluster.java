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
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * A simulated group of key-value members on one thread: the clock, the network (delay, loss,
 * duplication, reordering, partitions, one-way partitions), the disks (a crash loses what was not
 * flushed) and the bonds (they follow two-way reachability after a detection delay). Everything random
 * comes from one seed, so a run is reproducible.
 *
 * <p>Use it directly for scripted scenarios ({@link #runFor}, {@link #isolate}, {@link #crash}…); the
 * randomized {@link Simulation} adds faults, clients and checks on top.
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
    /** Tiny batches, window and catch-up threshold: every replication path gets exercised. */
    private RaftTuning tuning = new RaftTuning(8, 2, 24);
    private final GroupId group = new GroupId(Digest.of("simulated group"));
    private final NetworkId network = NetworkId.of("simulated network");
    final List<SimNode> nodes = new ArrayList<>();
    private final PriorityQueue<Event> queue = new PriorityQueue<>();
    private final boolean[][] blocked;
    private final boolean[][] bonded;
    private Invariants invariants;
    private Consumer<ClientOutcome<KvResult>> outcomes = o -> { };
    private long now;
    private long order;
    private long events;
    private long nextRequestId = 1;

    double dropRate;
    double duplicateRate;
    long maxDelay = 20;

    public SimCluster(long seed, int size, ConsensusConfig config) {
        this.seed = seed;
        this.random = new SplittableRandom(seed);
        this.config = config;
        this.blocked = new boolean[size][size];
        this.bonded = new boolean[size][size];
        for (int i = 0; i < size; i++) {
            nodes.add(new SimNode(i, peerId(i)));
        }
    }

    /** Member i's id: its number in the first byte, so logs show n0 as 01…, n1 as 02…. */
    private static PeerId peerId(int i) {
        byte[] raw = new byte[32];
        raw[0] = (byte) (i + 1);
        return PeerId.fromBytes(raw);
    }

    void setInvariants(Invariants invariants) {
        this.invariants = invariants;
    }

    void onOutcome(Consumer<ClientOutcome<KvResult>> listener) {
        this.outcomes = listener;
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
            invariants.afterEvent(nodes, now);
        }
        return true;
    }

    /** Cuts {@code node} off from every other member (both directions). */
    public void isolate(int node) {
        for (int other = 0; other < nodes.size(); other++) {
            if (other != node) {
                blocked[node][other] = true;
                blocked[other][node] = true;
            }
        }
        recomputeBonds();
    }

    /** Cuts every member off from every other. */
    public void isolateAll() {
        for (int i = 0; i < nodes.size(); i++) {
            isolate(i);
        }
    }

    /** Blocks messages from {@code from} to {@code to} only. */
    public void blockOneWay(int from, int to) {
        blocked[from][to] = true;
        recomputeBonds();
    }

    /** Removes every partition. */
    public void heal() {
        for (boolean[] row : blocked) {
            Arrays.fill(row, false);
        }
        recomputeBonds();
    }

    /** Splits the group: {@code side[i]} says which side member i is on. */
    public void partition(boolean[] side) {
        for (int a = 0; a < nodes.size(); a++) {
            for (int b = 0; b < nodes.size(); b++) {
                blocked[a][b] = side[a] != side[b];
            }
        }
        recomputeBonds();
    }

    public void crash(int node) {
        SimNode n = nodes.get(node);
        if (n.alive) {
            n.crash(random);
            recomputeBonds();
        }
    }

    public void restart(int node) {
        SimNode n = nodes.get(node);
        if (!n.alive) {
            boot(n);
            recomputeBonds();
        }
    }

    /** Submits commands on a member (as {@code execute}: the outcome completes when they commit); returns the request id. */
    public long execute(int node, List<KvCommand> commands) {
        long id = nextRequestId++;
        SimNode n = nodes.get(node);
        n.raft.propose(id, commands, true, now);
        pump(n);
        return id;
    }

    /** Submits a query on a member; returns the request id. */
    public long query(int node, KvQuery query, dev.groups.machine.Consistency consistency) {
        long id = nextRequestId++;
        SimNode n = nodes.get(node);
        n.raft.query(id, query, consistency, now);
        pump(n);
        return id;
    }

    public RaftNode<KvCommand, KvQuery, KvResult> raft(int node) {
        return nodes.get(node).raft;
    }

    public KvStateMachine machine(int node) {
        return nodes.get(node).machine;
    }

    public boolean isAlive(int node) {
        return nodes.get(node).alive;
    }

    public int size() {
        return nodes.size();
    }

    public long now() {
        return now;
    }

    public long events() {
        return events;
    }

    public PeerId id(int node) {
        return nodes.get(node).id;
    }

    // ------------------------------------------------------------------------------------------------ mechanics

    void boot(SimNode n) {
        if (n.incarnation > 0) {
            n.disk.restart();
        }
        if (invariants != null) {
            invariants.booted(n);
        }
        n.boot(group, network, config, tuning, seed, now, this);
        pump(n);
    }

    void crash(SimNode n) {
        n.crash(random);
        recomputeBonds();
    }

    /** Drains a member's effects into the simulated world and re-arms its timers. */
    void pump(SimNode n) {
        if (!n.alive) {
            return;
        }
        for (Outgoing<KvCommand, KvQuery, KvResult> out : n.raft.drainMessages()) {
            if (invariants != null) {
                invariants.beforeSend(n, out);
            }
            send(n, byId(out.to()), out.message());
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

    private SimNode byId(PeerId id) {
        for (SimNode n : nodes) {
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
            if (blocked[from.number][to.number] || random.nextDouble() < dropRate) {
                continue;
            }
            int fromInc = from.incarnation;
            int toInc = to.incarnation;
            schedule(now + 1 + random.nextLong(maxDelay), () -> {
                if (from.incarnation == fromInc && to.alive && to.incarnation == toInc
                        && bonded[from.number][to.number]) {
                    to.raft.receive(from.id, message, now);
                    pump(to);
                }
            });
        }
    }

    /** Bonds follow two-way reachability, after a handshake (up) or heartbeat-timeout (down) delay. */
    void recomputeBonds() {
        for (SimNode a : nodes) {
            for (SimNode b : nodes) {
                if (a.number >= b.number || reachable(a, b) == bonded[a.number][b.number]) {
                    continue;
                }
                long delay = !(a.alive && b.alive) ? 1 + random.nextLong(50)
                        : reachable(a, b) ? 20 + random.nextLong(300) : 1_000 + random.nextLong(4_000);
                schedule(now + delay, () -> settleBond(a, b));
            }
        }
    }

    private boolean reachable(SimNode a, SimNode b) {
        return a.alive && b.alive && !blocked[a.number][b.number] && !blocked[b.number][a.number];
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
            invariants.applied(node, index, command);
        }
    }

    @Override
    public void reset(SimNode node) {
        if (invariants != null) {
            invariants.reset(node);
        }
    }
}
