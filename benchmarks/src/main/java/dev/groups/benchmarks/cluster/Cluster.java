package dev.groups.benchmarks.cluster;

import dev.groups.bench.peers.BenchArgs;
import dev.groups.consensus.ConsensusConfig;
import dev.groups.id.GroupId;
import dev.groups.id.GroupKey;
import dev.groups.log.LogPayload;
import dev.groups.machine.Codecs;
import dev.groups.machine.Unit;
import dev.groups.raft.Group;
import dev.groups.raft.Network;
import dev.groups.storage.Storage;
import dev.groups.storage.chronicle.ChronicleLogStore;
import dev.groups.id.NodeIdentity;
import dev.groups.id.PeerId;
import dev.groups.plugin.Plugins;
import dev.groups.raft.transport.FaultyTransport;
import dev.groups.transport.Endpoint;
import dev.groups.transport.Transport;
import dev.groups.transport.TransportConfig;
import dev.groups.transport.TransportProvider;
import java.util.ServiceLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * N nodes of ours in this JVM, each a {@link Network} on the chosen transport, all in one group of
 * {@link BenchCounter}s, with an in-memory or a Chronicle log (synced before anything is acknowledged:
 * the runtime flushes the store before it lets answers out). Uses the public API only.
 */
public final class Cluster implements AutoCloseable {
    static final GroupKey KEY = GroupKey.fromSecret("groups-bench");

    final String transport;
    final ConsensusConfig config;
    final boolean durable;
    final Path dir;
    final GroupId groupId;
    final List<Network> networks = new ArrayList<>();
    final List<Group<byte[], Unit, Long>> groups = new ArrayList<>();
    /** With {@link #crashable}, each node's transport is wrapped so that {@link #crash} can cut it off. */
    final List<FaultyTransport> faulty = new ArrayList<>();
    boolean crashable;

    Cluster(String transport, ConsensusConfig config, boolean durable, Path dir) {
        this.transport = transport;
        this.config = config;
        this.durable = durable;
        this.dir = dir;
        BenchCounter m = new BenchCounter();
        // the id join() derives (no ticket validators): needed to open a durable store before joining
        this.groupId = GroupId.derive(KEY, config.digest(), m.signature(), m.stateSync().signature(), List.of());
    }

    /** Starts {@code n} nodes (the first is everyone's bootstrap peer) and joins each to the group. */
    static Cluster start(BenchArgs a, ConsensusConfig config, Path dir) {
        return start(a, config, dir, false);
    }

    static Cluster start(BenchArgs a, ConsensusConfig config, Path dir, boolean crashable) {
        Cluster c = new Cluster(a.extra("transport", "quic"), config, a.durable(), dir);
        c.crashable = crashable;
        try {
            for (int i = 0; i < a.nodes; i++) {
                c.addNode();
            }
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
        return c;
    }

    Network.Builder networkBuilder() {
        Network.Builder b = Network.builder().transportName(transport);
        Endpoint listen = transport.equals("inprocess") ? new Endpoint("bench", 0) : new Endpoint("127.0.0.1", 0);
        b.listen(listen);
        if (crashable) {
            NodeIdentity identity = NodeIdentity.generate();
            TransportConfig tc = TransportConfig.of(identity, listen);
            Transport inner = Plugins.single(ServiceLoader.load(TransportProvider.class), "transport", transport,
                    "groups-transport-" + transport).create(tc);
            FaultyTransport f = new FaultyTransport(inner, tc.maxFrameLength(), faulty.size());
            faulty.add(f);
            b.identity(identity).transport(f);
        }
        if (!networks.isEmpty()) {
            Network first = networks.get(0);
            b.bootstrap(first.localId(), first.endpoint());
        }
        return b;
    }

    /** One more node, joined to the group; returns its index. */
    int addNode() {
        return addNode(config);
    }

    int addNode(ConsensusConfig memberConfig) {
        Network n = networkBuilder().start();
        networks.add(n);
        int i = networks.size() - 1;
        groups.add(join(n, memberConfig, i));
        return i;
    }

    Group<byte[], Unit, Long> join(Network n, ConsensusConfig memberConfig, int i) {
        var stage = n.groups().withKey(KEY).withStateMachine(new BenchCounter()).withConsensusConfig(memberConfig);
        if (durable) {
            Storage<LogPayload<byte[]>> log = ChronicleLogStore.open(dir.resolve("node-" + i + "-" + System.nanoTime()),
                    groupId, LogPayload.codec(Codecs.bytes()));
            return stage.withLogStorage(log).join();
        }
        return stage.join();
    }

    /**
     * Waits until exactly one live member leads, every live member names it as leader and is bonded
     * to all the others (so no leadership from an earlier, smaller membership is still around);
     * returns the leader's index.
     */
    int awaitLeader(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            int leader = -1;
            int leaders = 0;
            for (int i = 0; i < groups.size(); i++) {
                if (groups.get(i) != null && groups.get(i).isLeader()) {
                    leader = i;
                    leaders++;
                }
            }
            if (leaders == 1) {
                PeerId id = networks.get(leader).localId();
                long live = groups.stream().filter(java.util.Objects::nonNull).count();
                boolean agreed = true;
                for (Group<byte[], Unit, Long> g : groups) {
                    if (g != null && (!g.leader().map(id::equals).orElse(false) || g.bonds().size() != live - 1)) {
                        agreed = false;
                    }
                }
                if (agreed) {
                    return leader;
                }
            }
            sleep(10);
        }
        throw new IllegalStateException("no single agreed leader within " + timeout);
    }

    Group<byte[], Unit, Long> group(int i) {
        return groups.get(i);
    }

    /**
     * Node {@code i} as a crash looks to the others (needs {@link #crashable}): its links are severed, every
     * frame to or from it is dropped and its connections are refused, so no departure is ever heard.
     */
    void crash(int i) {
        FaultyTransport f = faulty.get(i);
        java.util.List<PeerId> others = new ArrayList<>();
        for (Network n : networks) {
            if (n != null && !n.localId().equals(networks.get(i).localId())) {
                others.add(n.localId());
            }
        }
        f.faults().partition(others).refuseConnections(true);
        for (PeerId p : others) {
            f.faults().sever(p);
        }
    }

    /** Leaves and stops node {@code i} (peers hear its departure). */
    void kill(int i) {
        Group<byte[], Unit, Long> g = groups.set(i, null);
        Network n = networks.set(i, null);
        if (n != null) {
            n.close();
        }
        if (g != null) {
            g.close();
        }
    }

    static void sleep(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        for (int i = groups.size() - 1; i >= 0; i--) {
            if (groups.get(i) != null) {
                groups.get(i).close();
            }
        }
        for (int i = networks.size() - 1; i >= 0; i--) {
            if (networks.get(i) != null) {
                networks.get(i).close();
            }
        }
    }
}
