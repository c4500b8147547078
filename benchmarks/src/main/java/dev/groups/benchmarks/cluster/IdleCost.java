package dev.groups.benchmarks.cluster;

import com.sun.management.OperatingSystemMXBean;
import dev.groups.bench.peers.BenchArgs;
import dev.groups.consensus.ConsensusConfig;
import dev.groups.id.GroupKey;
import dev.groups.machine.Unit;
import dev.groups.raft.AdmissionLimits;
import dev.groups.raft.Group;
import dev.groups.raft.Network;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The idle cost of many groups: N nodes in this JVM each join {@code --groups G} groups (a key each),
 * every group elects a leader and every member bonds with every other (in the default dynamic mode a
 * group elects before all its bonds are up, and the handshakes still running are start-up, not idle
 * cost), then nothing happens for {@code --seconds}; measured are the process's
 * CPU time over that window (as a share of one core), the heap in use after a GC, and the live threads.
 * {@code --groups 1,100,1000} runs each in turn (a fresh set of nodes each). Prints one {@code IDLE}
 * line per count.
 */
final class IdleCost {
    private IdleCost() {}

    static void run(BenchArgs a) throws Exception {
        for (String g : a.extra("groups", "1,100,1000").split(",")) {
            measure(a, Integer.parseInt(g.trim()));
        }
    }

    static void measure(BenchArgs a, int groupCount) throws Exception {
        ConsensusConfig config = ClusterBench.config(a);
        Cluster template = new Cluster(a.extra("transport", "quic"), config, false, null);
        List<Network> networks = new ArrayList<>();
        List<Group<byte[], Unit, Long>> groups = new ArrayList<>();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long heapBefore = memory.getHeapMemoryUsage().getUsed();
        int threadsBefore = Thread.activeCount();
        try {
            for (int n = 0; n < a.nodes; n++) {
                Network.Builder b = template.networkBuilder();
                if (groupCount > 2_000) {
                    // A peer entry lists its groups (32 bytes each): above ~3,000 it outgrows the default
                    // 128 KiB entry cap, and a peer would reject it.
                    int entry = groupCount * 40 + 64 * 1024;
                    b.admissionLimits(AdmissionLimits.builder().entryCaps(entry, 16)
                            .catalogPageBytes(Math.max(entry, 1024 * 1024)).catalogCaps(4096, 64L * entry).build());
                }
                Network net = b.start();
                template.networks.add(net);
                networks.add(net);
            }
            for (int j = 0; j < groupCount; j++) {
                // A raw key per group, not a passphrase: a passphrase costs a full KDF run (~0.15 s) each.
                GroupKey key = GroupKey.of(dev.groups.id.Digest.hash(("idle-" + j).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                for (Network net : networks) {
                    groups.add(net.groups().withKey(key).withStateMachine(new BenchCounter())
                            .withConsensusConfig(config).join());
                }
            }
            long started = System.nanoTime();
            long deadline = started + Duration.ofMinutes(15).toNanos();
            for (Group<byte[], Unit, Long> g : groups) {
                while (g.leader().isEmpty() || g.bonds().size() < a.nodes - 1) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("not every group elected a leader and bonded within 15 minutes");
                    }
                    Thread.sleep(10);
                }
            }
            double formedSeconds = (System.nanoTime() - started) / 1e9;
            Thread.sleep(2_000); // let the elections' aftermath settle
            OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long cpu0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            Thread.sleep((long) (a.seconds * 1000));
            long cpu = os.getProcessCpuTime() - cpu0;
            long wall = System.nanoTime() - t0;
            System.gc();
            long heap = memory.getHeapMemoryUsage().getUsed() - heapBefore;
            System.out.println(String.format(Locale.ROOT,
                    "IDLE impl=groups nodes=%d groups=%d seconds=%s cpu_pct_of_one_core=%.2f heap_mb=%.1f threads=%d "
                            + "heartbeat_ms=%d transport=%s formed_s=%.1f",
                    a.nodes, groupCount, a.seconds, 100.0 * cpu / wall, heap / 1048576.0,
                    Thread.activeCount() - threadsBefore, config.heartbeatInterval().toMillis(), template.transport,
                    formedSeconds));
        } finally {
            for (Group<byte[], Unit, Long> g : groups) {
                g.close();
            }
            for (Network net : networks) {
                net.close();
            }
        }
    }
}
