package dev.groups.benchmarks.cluster;

import dev.groups.bench.peers.BenchArgs;
import dev.groups.bench.peers.ClosedLoop;
import dev.groups.bench.peers.Settings;
import dev.groups.bench.peers.TempDirs;
import dev.groups.consensus.ConsensusConfig;
import dev.groups.machine.Unit;
import dev.groups.raft.Group;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The cluster harness: our groups under the same closed-loop load as the peers
 * ({@code benchmarks/peers}), with the same flags and the same {@code RESULT} line.
 *
 * <pre>
 * java $CHRONICLE_FLAGS -cp benchmarks/target/benchmarks.jar dev.groups.benchmarks.cluster.ClusterBench \
 *     --payload 256 --outstanding 64 --seconds 10 --warmup 5 --log memory|durable --nodes 3 \
 *     [--transport quic|inprocess] [--mode throughput|failover|handoff|catchup|idle] [--processes]
 * </pre>
 *
 * <p>Throughput: N nodes (in this JVM, or with {@code --processes} the followers in child JVMs), commands
 * sent with {@code Group.execute} on the leader's handle, which completes when that very entry is
 * committed and applied there. {@code durable} = the Chronicle log, synced before the leader counts its
 * own copy and before a follower acknowledges. The other modes are described in their classes.
 */
public final class ClusterBench {
    private ClusterBench() {}

    public static void main(String[] argv) throws Exception {
        BenchArgs a = BenchArgs.parse(argv);
        String mode = a.extra("mode", "throughput");
        int status = 0;
        try {
            switch (mode) {
                case "throughput" -> throughput(a);
                case "failover" -> Failover.run(a);
                case "handoff" -> Handoff.run(a);
                case "catchup" -> CatchUp.run(a);
                case "idle" -> IdleCost.run(a);
                case "member" -> Processes.member(a);
                default -> throw new IllegalArgumentException("unknown --mode " + mode);
            }
        } catch (Exception | Error e) {
            e.printStackTrace();
            status = 1;
        }
        System.exit(status); // the runtime's threads are daemons, but don't wait for stragglers
    }

    static ConsensusConfig config(BenchArgs a) {
        if (a.extra("config", "default").equals("fast")) {
            return fastConfig();
        }
        return ConsensusConfig.defaults();
    }

    /** The "fast" configuration of the failover runs: 50 ms heartbeats, short timeouts. */
    static ConsensusConfig fastConfig() {
        return ConsensusConfig.builder()
                .heartbeatInterval(Duration.ofMillis(50))
                .heartbeatJitter(Duration.ofMillis(15))
                .maxMissedHeartbeats(4)
                .electionTimeout(Duration.ofMillis(300))
                .electionTimeoutJitter(Duration.ofMillis(100))
                .bootstrapDelay(Duration.ofMillis(300))
                .build();
    }

    static void throughput(BenchArgs a) throws Exception {
        if (a.extra.containsKey("processes")) {
            Processes.throughput(a);
            return;
        }
        Path dir = a.durable() ? TempDirs.base(a, "groups") : null;
        ConsensusConfig config = config(a);
        try (Cluster c = Cluster.start(a, config, dir)) {
            int leader = c.awaitLeader(Duration.ofSeconds(60));
            Group<byte[], Unit, Long> g = c.group(leader);
            ClosedLoop.Result r = new ClosedLoop(a.outstanding, a.payload, g::execute).run(a.warmup, a.seconds);
            ClosedLoop.printResult("groups", a, r, settings(a, c, "in one JVM").toString());
        } finally {
            TempDirs.deleteQuietly(dir);
        }
    }

    static Settings settings(BenchArgs a, Cluster c, String placement) {
        return new Settings()
                .put("version", "0.1.0-SNAPSHOT")
                .put("transport", c.transport + (c.transport.equals("inprocess") ? " (IN-JVM queues, no sockets)" : " over loopback"))
                .put("nodes_placement", placement)
                .put("client", "Group.execute on the leader's handle, in process (completes when applied there)")
                .put("log", a.durable() ? "Chronicle Queue (groups-storage-chronicle), synced before acknowledging (group commit)"
                        : "InMemoryLogStore")
                .put("heartbeat_ms", c.config.heartbeatInterval().toMillis())
                .put("threads", "a pool of workers per node (the core count) shared by its groups + 1 timer + the transport's")
                .jvm();
    }
}
