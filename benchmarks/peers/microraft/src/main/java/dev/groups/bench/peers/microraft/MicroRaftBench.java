package dev.groups.bench.peers.microraft;

import dev.groups.bench.peers.BenchArgs;
import dev.groups.bench.peers.ClosedLoop;
import dev.groups.bench.peers.Settings;
import dev.groups.bench.peers.TempDirs;
import io.microraft.RaftConfig;
import io.microraft.RaftEndpoint;
import io.microraft.RaftNode;
import io.microraft.model.RaftModelFactory;
import io.microraft.model.impl.DefaultRaftModelFactory;
import io.microraft.model.message.RaftMessage;
import io.microraft.persistence.NopRaftStore;
import io.microraft.persistence.RaftStore;
import io.microraft.statemachine.StateMachine;
import io.microraft.store.sqlite.RaftSqliteStore;
import io.microraft.transport.Transport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * MicroRaft 0.7 under the comparison's closed-loop load: N nodes in this JVM, a counter state machine,
 * commands replicated on the leader with {@code RaftNode.replicate}.
 *
 * <p>MicroRaft ships no transport and no serialization. By default ({@code --transport tcp}) its nodes
 * talk over loopback TCP through {@link TcpTransport}, with a plain {@code DataOutput} encoding of its
 * messages ({@link MessageCodec}), both written for this benchmark. {@code --transport direct} hands
 * each message object straight to the target's {@code RaftNode.handle} instead (no socket, no
 * encoding, no copy): the most favourable transport it could have, and the settings line says so.
 * Durable mode uses the official {@code microraft-store-sqlite} RaftStore (SQLite in WAL mode with
 * {@code synchronous=EXTRA}; MicroRaft calls {@code flush()} = commit before a follower acknowledges
 * and before the leader counts its own entries), with the serializer MicroRaft asks users to supply.
 */
public final class MicroRaftBench {
    record Endpoint(String id) implements RaftEndpoint {
        @Override
        public Object getId() {
            return id;
        }
    }

    /** A command: the payload bytes. */
    record Command(byte[] payload) {}

    /** The operation a new leader commits (MicroRaft asks the state machine for one). */
    enum NewTerm { INSTANCE }

    /** Counts commands and their bytes. */
    static final class Counter implements StateMachine {
        long count;
        long bytes;

        @Override
        public Object runOperation(long commitIndex, Object operation) {
            if (operation instanceof Command c) {
                count++;
                bytes += c.payload().length;
                return count;
            }
            return null;
        }

        @Override
        public void takeSnapshot(long commitIndex, Consumer<Object> chunkConsumer) {
            chunkConsumer.accept(new long[] {count, bytes});
        }

        @Override
        public void installSnapshot(long commitIndex, List<Object> chunks) {
            long[] s = (long[]) chunks.get(0);
            count = s[0];
            bytes = s[1];
        }

        @Override
        public Object getNewTermOperation() {
            return NewTerm.INSTANCE;
        }
    }

    /** Direct in-JVM delivery: the message object goes to the target node's queue as it is. */
    static final class DirectTransport implements Transport {
        final Map<RaftEndpoint, RaftNode> nodes;

        DirectTransport(Map<RaftEndpoint, RaftNode> nodes) {
            this.nodes = nodes;
        }

        @Override
        public void send(RaftEndpoint target, RaftMessage message) {
            RaftNode node = nodes.get(target);
            if (node != null) {
                node.handle(message);
            }
        }

        @Override
        public boolean isReachable(RaftEndpoint endpoint) {
            return nodes.containsKey(endpoint);
        }
    }

    public static void main(String[] argv) throws Exception {
        BenchArgs a = BenchArgs.parse(argv);
        RaftConfig config = RaftConfig.newBuilder()
                // documented defaults, spelled out so they are printed: batching is on by default
                .setAppendEntriesRequestBatchSize(RaftConfig.DEFAULT_APPEND_ENTRIES_REQUEST_BATCH_SIZE)
                .setMaxPendingLogEntryCount(RaftConfig.DEFAULT_MAX_PENDING_LOG_ENTRY_COUNT)
                .setCommitCountToTakeSnapshot(RaftConfig.DEFAULT_COMMIT_COUNT_TO_TAKE_SNAPSHOT)
                .setLeaderElectionTimeoutMillis(RaftConfig.DEFAULT_LEADER_ELECTION_TIMEOUT_MILLIS)
                .setLeaderHeartbeatPeriodSecs(RaftConfig.DEFAULT_LEADER_HEARTBEAT_PERIOD_SECS)
                .setLeaderHeartbeatTimeoutSecs(RaftConfig.DEFAULT_LEADER_HEARTBEAT_TIMEOUT_SECS)
                .build();
        RaftModelFactory model = new DefaultRaftModelFactory();
        List<RaftEndpoint> members = new ArrayList<>();
        for (int i = 0; i < a.nodes; i++) {
            members.add(new Endpoint("node" + i));
        }
        Path dir = a.durable() ? TempDirs.base(a, "microraft") : null;
        Map<RaftEndpoint, RaftNode> nodes = new ConcurrentHashMap<>();
        boolean tcp = !a.extra("transport", "tcp").equals("direct");
        DirectTransport direct = new DirectTransport(nodes);
        StoreSerializer serializer = new StoreSerializer(model);
        Map<RaftEndpoint, java.net.InetSocketAddress> addresses = new ConcurrentHashMap<>();
        Map<RaftEndpoint, TcpTransport> tcps = new ConcurrentHashMap<>();
        if (tcp) {
            for (RaftEndpoint e : members) {
                TcpTransport t = new TcpTransport(e, new MessageCodec(model, serializer), addresses);
                tcps.put(e, t);
                addresses.put(e, t.address());
            }
        }
        List<RaftSqliteStore> stores = new ArrayList<>();
        try {
            for (RaftEndpoint e : members) {
                Transport transport = tcp ? tcps.get(e) : direct;
                RaftStore store = new NopRaftStore();
                if (a.durable()) {
                    RaftSqliteStore s = RaftSqliteStore.create(dir.resolve(e.getId() + ".sqlite").toFile(), model,
                            serializer);
                    stores.add(s);
                    store = s;
                }
                RaftNode node = RaftNode.newBuilder().setGroupId("bench").setLocalEndpoint(e)
                        .setInitialGroupMembers(members).setConfig(config).setTransport(transport)
                        .setStateMachine(new Counter()).setStore(store).setModelFactory(model).build();
                nodes.put(e, node);
                if (tcp) {
                    tcps.get(e).start(() -> node);
                }
            }
            for (RaftNode n : nodes.values()) {
                n.start();
            }
            RaftNode leader = awaitLeader(nodes);
            Settings settings = new Settings()
                    .put("version", "0.7")
                    .put("transport", tcp ? "loopback TCP written for this benchmark (MicroRaft ships none): DataOutput encoding, 1 writer + 1 reader thread per connection, TCP_NODELAY"
                            : "IN-JVM DIRECT: message objects handed to the target node, no sockets, no serialization")
                    .put("client", "RaftNode.replicate on the leader, in process")
                    .put("store", a.durable() ? "microraft-store-sqlite 0.7 (WAL, synchronous=EXTRA, flush=commit before ack)"
                            : "NopRaftStore (in-memory log only)")
                    .put("appendEntriesRequestBatchSize", config.getAppendEntriesRequestBatchSize())
                    .put("maxPendingLogEntryCount", config.getMaxPendingLogEntryCount())
                    .put("commitCountToTakeSnapshot", config.getCommitCountToTakeSnapshot())
                    .put("threads", "1 DefaultRaftNodeExecutor thread per node" + (tcp ? " + the transport's threads" : ""))
                    .jvm();
            ClosedLoop loop = new ClosedLoop(a.outstanding, a.payload, cmd -> leader.replicate(new Command(cmd)));
            ClosedLoop.Result r = loop.run(a.warmup, a.seconds);
            ClosedLoop.printResult("microraft", a, r, settings.toString());
        } finally {
            for (RaftNode n : nodes.values()) {
                try {
                    n.terminate().get();
                } catch (Exception e) {
                    // shutting down anyway
                }
            }
            for (TcpTransport t : tcps.values()) {
                t.close();
            }
            TempDirs.deleteQuietly(dir);
        }
        System.exit(0);
    }

    static RaftNode awaitLeader(Map<RaftEndpoint, RaftNode> nodes) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            RaftEndpoint leader = null;
            boolean agreed = true;
            for (RaftNode n : nodes.values()) {
                RaftEndpoint l = n.getTerm().getLeaderEndpoint();
                if (l == null || (leader != null && !leader.equals(l))) {
                    agreed = false;
                    break;
                }
                leader = l;
            }
            if (agreed && leader != null) {
                return Objects.requireNonNull(nodes.get(leader));
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("no leader within 60 s");
    }
}
