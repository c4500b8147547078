package dev.groups.benchmarks.cluster;

import dev.groups.bench.peers.BenchArgs;
import dev.groups.bench.peers.TempDirs;
import dev.groups.consensus.ConsensusConfig;
import dev.groups.log.Index;
import dev.groups.log.IndexRange;
import dev.groups.machine.Unit;
import dev.groups.raft.Group;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Catch-up rate: N-1 nodes commit {@code --entries} entries (default 1,000,000) of {@code --payload}
 * bytes, then a new member joins that far behind; the clock runs from its join until its committed
 * index reaches the leader's. Prints one {@code CATCHUP} line with entries per second.
 */
final class CatchUp {
    private CatchUp() {}

    static void run(BenchArgs a) throws Exception {
        long entries = Long.parseLong(a.extra("entries", "1000000"));
        int batch = 1000;
        ConsensusConfig config = ClusterBench.config(a);
        Path dir = a.durable() ? TempDirs.base(a, "groups-catchup") : null;
        BenchArgs first = BenchArgs.parse(new String[0]);
        first.nodes = Math.max(1, a.nodes - 1);
        first.log = a.log;
        first.extra.putAll(a.extra);
        try (Cluster c = Cluster.start(first, config, dir)) {
            int leader = c.awaitLeader(Duration.ofSeconds(60));
            Group<byte[], Unit, Long> g = c.group(leader);
            long fillStart = System.nanoTime();
            long sent = 0;
            List<CompletableFuture<IndexRange>> window = new ArrayList<>();
            while (sent < entries) {
                int n = (int) Math.min(batch, entries - sent);
                List<byte[]> commands = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    commands.add(new byte[a.payload]);
                }
                window.add(g.executeMany(commands));
                sent += n;
                if (window.size() >= 16) {
                    window.remove(0).get(60, TimeUnit.SECONDS);
                }
            }
            for (CompletableFuture<IndexRange> f : window) {
                f.get(60, TimeUnit.SECONDS);
            }
            double fillSeconds = (System.nanoTime() - fillStart) / 1e9;
            Index target = g.committed();
            long joined = System.nanoTime();
            int late = c.addNode();
            c.group(late).when().committed().reaches(target).get(30, TimeUnit.MINUTES);
            double seconds = (System.nanoTime() - joined) / 1e9;
            System.out.println(String.format(Locale.ROOT,
                    "CATCHUP impl=groups nodes=%d payload=%d log=%s entries=%d seconds=%.2f entries_per_sec=%.0f "
                            + "fill_entries_per_sec=%.0f transport=%s sync=LogReplaySync",
                    a.nodes, a.payload, a.log, target.value(), seconds, target.value() / seconds,
                    entries / fillSeconds, c.transport));
        } finally {
            TempDirs.deleteQuietly(dir);
        }
    }
}
