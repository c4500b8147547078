package dev.groups.benchmarks.cluster;

import dev.groups.bench.peers.BenchArgs;
import dev.groups.bench.peers.TempDirs;
import dev.groups.consensus.ConsensusConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Hand-over time: the leader of an N-node group shuts down gracefully ({@code Network.close()}, what
 * SIGTERM of {@code bin/groups node} does), which hands leadership over before it leaves (Raft
 * dissertation §3.10), and the clock runs until the first command committed under the new leader
 * completes on that leader, as {@link Failover} measures a crash. {@code --config default|fast};
 * {@code --rounds R}. Prints one {@code HANDOFF} line per round and one summary line.
 */
final class Handoff {
    private Handoff() {}

    static void run(BenchArgs a) throws Exception {
        int rounds = Integer.parseInt(a.extra("rounds", "5"));
        ConsensusConfig config = ClusterBench.config(a);
        String name = a.extra("config", "default");
        long[] millis = new long[rounds];
        for (int r = 0; r < rounds; r++) {
            Path dir = a.durable() ? TempDirs.base(a, "groups-handoff") : null;
            try (Cluster c = Cluster.start(a, config, dir)) {
                int leader = c.awaitLeader(Duration.ofSeconds(60));
                for (int i = 0; i < 100; i++) { // some committed history first
                    c.group(leader).execute(new byte[a.payload]).get(10, TimeUnit.SECONDS);
                }
                long closing = System.nanoTime();
                CompletableFuture<Void> closed = CompletableFuture.runAsync(() -> c.networks.get(leader).close());
                long firstCommit = Failover.awaitNewLeaderCommit(c, leader, a.payload,
                        closing + TimeUnit.SECONDS.toNanos(120));
                millis[r] = (firstCommit - closing) / 1_000_000;
                closed.get(30, TimeUnit.SECONDS);
                System.out.println(String.format(Locale.ROOT, "HANDOFF impl=groups nodes=%d config=%s round=%d handoff_ms=%d",
                        a.nodes, name, r + 1, millis[r]));
            } finally {
                TempDirs.deleteQuietly(dir);
            }
        }
        long[] sorted = millis.clone();
        Arrays.sort(sorted);
        System.out.println(String.format(Locale.ROOT,
                "HANDOFF_SUMMARY impl=groups nodes=%d config=%s rounds=%d median_ms=%d min_ms=%d max_ms=%d heartbeat_ms=%d "
                        + "election_timeout_ms=%d transport=%s log=%s",
                a.nodes, name, rounds, sorted[rounds / 2], sorted[0], sorted[rounds - 1],
                config.heartbeatInterval().toMillis(), config.electionTimeout().toMillis(),
                a.extra("transport", "quic"), a.log));
    }
}
