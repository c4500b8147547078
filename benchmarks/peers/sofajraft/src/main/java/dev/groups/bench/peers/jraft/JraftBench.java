package dev.groups.bench.peers.jraft;

import com.alipay.sofa.jraft.Iterator;
import com.alipay.sofa.jraft.Node;
import com.alipay.sofa.jraft.RaftGroupService;
import com.alipay.sofa.jraft.Status;
import com.alipay.sofa.jraft.conf.Configuration;
import com.alipay.sofa.jraft.core.StateMachineAdapter;
import com.alipay.sofa.jraft.entity.PeerId;
import com.alipay.sofa.jraft.entity.Task;
import com.alipay.sofa.jraft.option.NodeOptions;
import com.alipay.sofa.jraft.option.RaftOptions;
import dev.groups.bench.peers.BenchArgs;
import dev.groups.bench.peers.ClosedLoop;
import dev.groups.bench.peers.Settings;
import dev.groups.bench.peers.TempDirs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * SOFAJRaft 1.3.15 under the comparison's closed-loop load: N nodes in this JVM, each a
 * {@link RaftGroupService} with its own Bolt RPC server on loopback, a counter state machine, commands
 * applied on the leader with {@code Node.apply(Task)} (in process, as jraft's own counter example does
 * on the server side).
 *
 * <p>Logs: jraft-core ships only RocksDB-based log stores. {@code durable} = the default
 * {@code RocksDBLogStorage} with {@code RaftOptions.sync=true} (WAL synced before a write returns, so
 * before a follower acknowledges and before the leader counts its own entry) and {@code syncMeta=true};
 * {@code memory} = the same RocksDB store with {@code sync=false} (written to the OS page cache, never
 * synced): NOT an in-memory log, the closest jraft-core has.
 */
public final class JraftBench {
    /** Counts commands and their bytes. */
    static final class Counter extends StateMachineAdapter {
        long count;
        long bytes;

        @Override
        public void onApply(Iterator it) {
            while (it.hasNext()) {
                ByteBuffer data = it.getData();
                count++;
                bytes += data == null ? 0 : data.remaining();
                if (it.done() != null) {
                    it.done().run(Status.OK());
                }
                it.next();
            }
        }
    }

    public static void main(String[] argv) throws Exception {
        BenchArgs a = BenchArgs.parse(argv);
        Path dir = TempDirs.base(a, "jraft");
        List<PeerId> peers = new ArrayList<>();
        for (int i = 0; i < a.nodes; i++) {
            peers.add(new PeerId("127.0.0.1", freePort()));
        }
        Configuration conf = new Configuration(peers);
        List<RaftGroupService> services = new ArrayList<>();
        List<Node> nodes = new ArrayList<>();
        NodeOptions lastOptions = null;
        try {
            for (PeerId peer : peers) {
                NodeOptions opts = new NodeOptions();
                opts.setElectionTimeoutMs(1000);
                opts.setInitialConf(conf.copy());
                opts.setFsm(new Counter());
                Path home = dir.resolve(peer.getIp() + "_" + peer.getPort());
                java.nio.file.Files.createDirectories(home);
                opts.setLogUri(home.resolve("log").toString());
                opts.setRaftMetaUri(home.resolve("meta").toString());
                // no snapshotUri: no snapshots during a run
                RaftOptions raft = new RaftOptions();
                raft.setSync(a.durable());
                raft.setSyncMeta(a.durable());
                opts.setRaftOptions(raft);
                opts.setEnableMetrics(false);
                RaftGroupService service = new RaftGroupService("bench", peer, opts);
                nodes.add(service.start());
                services.add(service);
                lastOptions = opts;
            }
            Node leader = awaitLeader(nodes);
            RaftOptions ro = lastOptions.getRaftOptions();
            Settings settings = new Settings()
                    .put("version", "1.3.15")
                    .put("rpc", "Bolt over loopback TCP (jraft-core default)")
                    .put("client", "Node.apply(Task) on the leader, in process")
                    .put("log", a.durable() ? "RocksDBLogStorage sync=true" : "RocksDBLogStorage sync=false (NOT in-memory: jraft-core has no in-memory log store)")
                    .put("syncMeta", ro.isSyncMeta())
                    .put("replicatorPipeline", ro.isReplicatorPipeline())
                    .put("maxReplicatorInflightMsgs", ro.getMaxReplicatorInflightMsgs())
                    .put("applyBatch", ro.getApplyBatch())
                    .put("maxEntriesSize", ro.getMaxEntriesSize())
                    .put("maxBodySize", ro.getMaxBodySize())
                    .put("maxAppendBufferSize", ro.getMaxAppendBufferSize())
                    .put("disruptorBufferSize", ro.getDisruptorBufferSize())
                    .put("raftRpcThreadPoolSize", lastOptions.getRaftRpcThreadPoolSize())
                    .put("cliRpcThreadPoolSize", lastOptions.getCliRpcThreadPoolSize())
                    .put("timerPoolSize", lastOptions.getTimerPoolSize())
                    .put("threads", "jraft defaults, sized from the 2 processors the JVM sees")
                    .jvm();
            ClosedLoop.Submitter submitter = cmd -> {
                CompletableFuture<Void> f = new CompletableFuture<>();
                leader.apply(new Task(ByteBuffer.wrap(cmd), status -> {
                    if (status.isOk()) {
                        f.complete(null);
                    } else {
                        f.completeExceptionally(new IllegalStateException("jraft: " + status));
                    }
                }));
                return f;
            };
            ClosedLoop.Result r = new ClosedLoop(a.outstanding, a.payload, submitter).run(a.warmup, a.seconds);
            ClosedLoop.printResult("sofajraft", a, r, settings.toString());
        } finally {
            for (RaftGroupService s : services) {
                try {
                    s.shutdown();
                } catch (RuntimeException e) {
                    // shutting down anyway
                }
            }
            TempDirs.deleteQuietly(dir);
        }
        System.exit(0);
    }

    static Node awaitLeader(List<Node> nodes) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            for (Node n : nodes) {
                if (n.isLeader()) {
                    return n;
                }
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("no leader within 60 s");
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
