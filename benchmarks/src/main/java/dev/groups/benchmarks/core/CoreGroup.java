package dev.groups.benchmarks.core;

import dev.groups.consensus.ConsensusConfig;
import dev.groups.consensus.Role;
import dev.groups.id.Digest;
import dev.groups.id.GroupId;
import dev.groups.id.NetworkId;
import dev.groups.id.PeerId;
import dev.groups.log.LogPayload;
import dev.groups.machine.StateMachine;
import dev.groups.machine.Unit;
import dev.groups.raft.core.Outgoing;
import dev.groups.raft.core.RaftNode;
import dev.groups.raft.core.RaftSetup;
import dev.groups.storage.InMemoryLogStore;
import dev.groups.storage.Storage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * N consensus cores ({@link RaftNode}, sans I/O) wired to each other synchronously on one thread: no
 * codec, no transport, no thread hand-off, in-memory logs. What is left is the core's own work per
 * event, which is what the core-step benchmarks measure. Time only moves when {@link #advance} says so.
 */
final class CoreGroup {
    final List<RaftNode<byte[], Unit, Long>> nodes = new ArrayList<>();
    final List<Storage<LogPayload<byte[]>>> logs = new ArrayList<>();
    private final Map<PeerId, RaftNode<byte[], Unit, Long>> byId = new HashMap<>();
    private final ArrayDeque<Object[]> inFlight = new ArrayDeque<>();
    long now = 1;
    /** Nanoseconds spent inside each node's calls since the last reset (index = node). */
    final long[] busyNanos;

    CoreGroup(int n, Supplier<StateMachine<byte[], Unit, Long>> machines) {
        GroupId group = GroupId.fromHex("c0".repeat(32));
        NetworkId network = NetworkId.of("bench");
        busyNanos = new long[n];
        for (int i = 0; i < n; i++) {
            PeerId id = PeerId.fromBytes(Digest.fromLong(i + 1).toBytes());
            Storage<LogPayload<byte[]>> log = new InMemoryLogStore<>();
            RaftNode<byte[], Unit, Long> node = new RaftNode<>(new RaftSetup<>(id, group, network,
                    ConsensusConfig.defaults(), machines.get(), log, new SplittableRandom(i)));
            nodes.add(node);
            logs.add(log);
            byId.put(id, node);
        }
        for (RaftNode<byte[], Unit, Long> node : nodes) {
            node.start(now);
        }
        for (RaftNode<byte[], Unit, Long> a : nodes) {
            for (RaftNode<byte[], Unit, Long> b : nodes) {
                a.bondUp(b.localId(), now);
            }
        }
    }

    /** Moves time until one node leads and the others follow it; returns the leader. */
    RaftNode<byte[], Unit, Long> elect() {
        for (int step = 0; step < 100_000; step++) {
            advance(10);
            RaftNode<byte[], Unit, Long> leader = null;
            int followers = 0;
            for (RaftNode<byte[], Unit, Long> node : nodes) {
                if (node.role() == Role.LEADER) {
                    leader = node;
                } else if (node.role() == Role.FOLLOWER && node.leader().isPresent()) {
                    followers++;
                }
            }
            if (leader != null && followers == nodes.size() - 1 && leader.committed().index().value() > 0) {
                return leader;
            }
        }
        throw new IllegalStateException("no leader elected");
    }

    void advance(long millis) {
        now += millis;
        for (RaftNode<byte[], Unit, Long> node : nodes) {
            node.tick(now);
        }
        pump();
    }

    /** Flushes, delivers and repeats until nothing is in flight; outcomes are dropped. */
    int pump() {
        int delivered = 0;
        while (true) {
            for (int i = 0; i < nodes.size(); i++) {
                RaftNode<byte[], Unit, Long> node = nodes.get(i);
                long t0 = System.nanoTime();
                if (node.needsFlush()) {
                    logs.get(i).flush();
                    node.flushed(now);
                }
                List<Outgoing<byte[], Unit, Long>> out = node.drainMessages();
                node.drainOutcomes(); // completions: nobody waits for them here
                busyNanos[i] += System.nanoTime() - t0;
                for (Outgoing<byte[], Unit, Long> o : out) {
                    inFlight.add(new Object[] {node.localId(), o});
                }
            }
            if (inFlight.isEmpty()) {
                return delivered;
            }
            while (!inFlight.isEmpty()) {
                Object[] m = inFlight.poll();
                @SuppressWarnings("unchecked")
                Outgoing<byte[], Unit, Long> o = (Outgoing<byte[], Unit, Long>) m[1];
                RaftNode<byte[], Unit, Long> target = byId.get(o.to());
                int index = nodes.indexOf(target);
                long t0 = System.nanoTime();
                target.receive((PeerId) m[0], o.message(), now);
                busyNanos[index] += System.nanoTime() - t0;
                delivered++;
            }
        }
    }
}
