package dev.groups.bench.peers.ratis;

import dev.groups.bench.peers.BenchArgs;
import dev.groups.bench.peers.ClosedLoop;
import dev.groups.bench.peers.Settings;
import dev.groups.bench.peers.TempDirs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.grpc.GrpcFactory;
import org.apache.ratis.netty.NettyConfigKeys;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.rpc.SupportedRpcType;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;

/**
 * Apache Ratis 3.3.0 under the comparison's closed-loop load: N servers in this JVM talking gRPC (or
 * Netty, {@code --rpc netty}) over loopback, a counter state machine.
 *
 * <p>Clients: by default ({@code --client direct}) each command is a write {@link RaftClientRequest}
 * handed to the leader server's public {@code submitClientRequestAsync}, in process, as our harness
 * calls {@code execute} on the leader's group handle in process; {@code --client rpc} uses the async
 * {@link RaftClient} over loopback instead. Logs: {@code memory} = {@code raft.server.log.use.memory};
 * {@code durable} = the segmented log with Ratis' defaults (unsafe-flush off, async-flush off: an entry
 * is flushed before a follower acknowledges it and before the leader counts its own copy).
 */
public final class RatisBench {
    /** Counts commands and their bytes. */
    static final class Counter extends BaseStateMachine {
        private final SimpleStateMachineStorage storage = new SimpleStateMachineStorage();
        long count;
        long bytes;

        @Override
        public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage) throws IOException {
            super.initialize(server, groupId, raftStorage);
            storage.init(raftStorage);
        }

        @Override
        public StateMachineStorage getStateMachineStorage() {
            return storage;
        }

        @Override
        public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
            LogEntryProto entry = trx.getLogEntry();
            count++;
            bytes += entry.getStateMachineLogEntry().getLogData().size();
            updateLastAppliedTermIndex(entry.getTerm(), entry.getIndex());
            return CompletableFuture.completedFuture(Message.EMPTY);
        }
    }

    public static void main(String[] argv) throws Exception {
        BenchArgs a = BenchArgs.parse(argv);
        String rpc = a.extra("rpc", "grpc");
        String clientMode = a.extra("client", "direct");
        Path dir = TempDirs.base(a, "ratis"); // storage directories are needed even with the memory log
        RaftGroupId groupId = RaftGroupId.valueOf(UUID.nameUUIDFromBytes("bench".getBytes()));
        List<RaftPeer> peers = new ArrayList<>();
        for (int i = 0; i < a.nodes; i++) {
            peers.add(RaftPeer.newBuilder().setId("n" + i).setAddress("127.0.0.1:" + freePort()).build());
        }
        RaftGroup group = RaftGroup.valueOf(groupId, peers);
        List<RaftServer> servers = new ArrayList<>();
        RaftProperties last = null;
        RaftClient client = null;
        try {
            for (RaftPeer peer : peers) {
                RaftProperties p = properties(a, rpc, dir.resolve(peer.getId().toString()), port(peer));
                last = p;
                RaftServer server = RaftServer.newBuilder().setServerId(peer.getId()).setStateMachine(new Counter())
                        .setProperties(p).setGroup(group).build();
                server.start();
                servers.add(server);
            }
            RaftServer leader = awaitLeader(servers, groupId);
            RaftPeerId leaderId = leader.getId();
            Settings settings = new Settings()
                    .put("version", "3.3.0")
                    .put("rpc", rpc + " over loopback TCP")
                    .put("client", clientMode.equals("rpc") ? "RaftClient.async() over " + rpc
                            : "RaftClientRequest to the leader's submitClientRequestAsync, in process")
                    .put("log", a.durable() ? "segmented" : "memory (raft.server.log.use.memory)")
                    .put("log.unsafe-flush", RaftServerConfigKeys.Log.unsafeFlushEnabled(last))
                    .put("log.async-flush", RaftServerConfigKeys.Log.asyncFlushEnabled(last))
                    .put("log.force-sync-num", RaftServerConfigKeys.Log.forceSyncNum(last))
                    .put("log.appender.buffer.element-limit", RaftServerConfigKeys.Log.Appender.bufferElementLimit(last))
                    .put("log.appender.buffer.byte-limit", RaftServerConfigKeys.Log.Appender.bufferByteLimit(last))
                    .put("grpc.leader.outstanding.appends.max", GrpcConfigKeys.Server.leaderOutstandingAppendsMax(last))
                    .put("log.appender.wait-time.min", RaftServerConfigKeys.Log.Appender.waitTimeMin(last))
                    .put("write.element-limit", RaftServerConfigKeys.Write.elementLimit(last))
                    .put("threads", "Ratis defaults, sized from the 2 processors the JVM sees")
                    .jvm();
            ClosedLoop.Submitter submitter;
            if (clientMode.equals("rpc")) {
                RaftProperties cp = new RaftProperties();
                RaftConfigKeys.Rpc.setType(cp, rpc.equals("netty") ? SupportedRpcType.NETTY : SupportedRpcType.GRPC);
                client = RaftClient.newBuilder().setProperties(cp).setRaftGroup(group).setLeaderId(leaderId)
                        .setClientRpc(rpc.equals("netty") ? new org.apache.ratis.netty.NettyFactory(new Parameters())
                                .newRaftClientRpc(ClientId.randomId(), cp)
                                : new GrpcFactory(new Parameters()).newRaftClientRpc(ClientId.randomId(), cp))
                        .build();
                RaftClient c = client;
                submitter = cmd -> c.async().send(Message.valueOf(ByteString.copyFrom(cmd))).thenApply(RatisBench::check);
            } else {
                ClientId clientId = ClientId.randomId();
                AtomicLong callIds = new AtomicLong();
                submitter = cmd -> {
                    RaftClientRequest request = RaftClientRequest.newBuilder().setClientId(clientId)
                            .setServerId(leaderId).setGroupId(groupId).setCallId(callIds.incrementAndGet())
                            .setMessage(Message.valueOf(ByteString.copyFrom(cmd)))
                            .setType(RaftClientRequest.writeRequestType()).build();
                    try {
                        return leader.submitClientRequestAsync(request).thenApply(RatisBench::check);
                    } catch (IOException e) {
                        return CompletableFuture.failedFuture(e);
                    }
                };
            }
            ClosedLoop.Result r = new ClosedLoop(a.outstanding, a.payload, submitter).run(a.warmup, a.seconds);
            ClosedLoop.printResult("ratis", a, r, settings.toString());
        } finally {
            if (client != null) {
                client.close();
            }
            for (RaftServer s : servers) {
                try {
                    s.close();
                } catch (IOException e) {
                    // shutting down anyway
                }
            }
            TempDirs.deleteQuietly(dir);
        }
        System.exit(0);
    }

    static RaftClientReply check(RaftClientReply reply) {
        if (!reply.isSuccess()) {
            throw new IllegalStateException("ratis rejected a command: " + reply.getException());
        }
        return reply;
    }

    static RaftProperties properties(BenchArgs a, String rpc, Path storage, int port) {
        RaftProperties p = new RaftProperties();
        RaftServerConfigKeys.setStorageDir(p, List.of(storage.toFile()));
        if (rpc.equals("netty")) {
            RaftConfigKeys.Rpc.setType(p, SupportedRpcType.NETTY);
            NettyConfigKeys.Server.setPort(p, port);
        } else {
            RaftConfigKeys.Rpc.setType(p, SupportedRpcType.GRPC);
            GrpcConfigKeys.Server.setPort(p, port);
        }
        RaftServerConfigKeys.Log.setUseMemory(p, !a.durable());
        // Durability as Ratis ships it: both off by default; set explicitly so the setting is on record.
        RaftServerConfigKeys.Log.setUnsafeFlushEnabled(p, false);
        RaftServerConfigKeys.Log.setAsyncFlushEnabled(p, false);
        // no snapshots during a run (the counter is tiny; this keeps the log as the only disk traffic)
        RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(p, false);
        // the appender waits this long between two AppendEntries (Ratis default 10 ms, a batching window);
        // --appender-wait-ms overrides it (default: the same 10 ms)
        RaftServerConfigKeys.Log.Appender.setWaitTimeMin(p, org.apache.ratis.util.TimeDuration.valueOf(
                Long.parseLong(a.extra("appender-wait-ms", "10")), java.util.concurrent.TimeUnit.MILLISECONDS));
        return p;
    }

    static RaftServer awaitLeader(List<RaftServer> servers, RaftGroupId groupId) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            for (RaftServer s : servers) {
                if (s.getDivision(groupId).getInfo().isLeaderReady()) {
                    return s;
                }
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("no leader within 60 s");
    }

    static int port(RaftPeer peer) {
        String address = peer.getAddress();
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
