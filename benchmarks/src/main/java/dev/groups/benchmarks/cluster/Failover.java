package dev.groups.benchmarks.cluster;

import dev.groups.bench.peers.BenchArgs;
import dev.groups.bench.peers.TempDirs;
import dev.groups.consensus.ConsensusConfig;
import dev.groups.machine.Unit;
import dev.groups.raft.Group;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Failover time: the leader of an N-node group crashes (in one JVM: every frame to and from it is
 * dropped and its links severed, so the others hear no departure, exactly as with a killed process),
 * and the clock runs until the first command committed under a new leader completes on that leader.
 * Light load keeps running on the leader before the crash. {@code --config default|fast} (fast = 50 ms
 * heartbeats); {@code --rounds R}. Prints one {@code FAILOVER} line per round and one summary line.
 */
final class Failover {
    private Failover() {}

    static void run(BenchArgs a) throws Exception {
        int rounds = Integer.parseInt(a.extra("rounds", "3"));
        ConsensusConfig config = ClusterBench.config(a);
        String name = a.extra("config", "default");
        long[] millis = new long[rounds];
        for (int r = 0; r < rounds; r++) {
            Path dir = a.durable() ? TempDirs.base(a, "groups-failover") : null;
            try (Cluster c = Cluster.start(a, config, dir, true)) {
                int leader = c.awaitLeader(Duration.ofSeconds(60));
                // some committed history first
                for (int i = 0; i < 100; i++) {
                    c.group(leader).execute(new byte[a.payload]).get(10, TimeUnit.SECONDS);
                }
                long crashed = System.nanoTime();
                c.crash(leader);
                long firstCommit = awaitNewLeaderCommit(c, leader, a.payload, crashed + TimeUnit.SECONDS.toNanos(120));
                millis[r] = (firstCommit - crashed) / 1_000_000;
                System.out.println(String.format(Locale.ROOT, "FAILOVER impl=groups nodes=%d config=%s round=%d failover_ms=%d",
                        a.nodes, name, r + 1, millis[r]));
            } finally {
                TempDirs.deleteQuietly(dir);
            }
        }
        long[] sorted = millis.clone();
        Arrays.sort(sorted);
        System.out.println(String.format(Locale.ROOT,
                "FAILOVER_SUMMARY impl=groups nodes=%d config=%s rounds=%d median_ms=%d min_ms=%d max_ms=%d heartbeat_ms=%d "
                        + "max_missed=%d election_timeout_ms=%d transport=%s log=%s",
                a.nodes, name, rounds, sorted[rounds / 2], sorted[0], sorted[rounds - 1],
                config.heartbeatInterval().toMillis(), config.maxMissedHeartbeats(), config.electionTimeout().toMillis(),
                a.extra("transport", "quic"), a.log));
    }

    /** Polls the survivors until one leads, then until a command executed there completes. */
    static long awaitNewLeaderCommit(Cluster c, int old, int payload, long deadline) throws InterruptedException {
        while (System.nanoTime() < deadline) {
            for (int i = 0; i < c.groups.size(); i++) {
                Group<byte[], Unit, Long> g = c.group(i);
                if (i == old || g == null || !g.isLeader()) {
                    continue;
                }
                try {
                    g.execute(new byte[payload]).get(1, TimeUnit.SECONDS);
                    return System.nanoTime();
                } catch (Exception e) {
                    // superseded or timed out: keep trying
                }
            }
            Thread.sleep(1);
        }
        throw new IllegalStateException("no commit under a new leader within 120 s");
    }
}
