package dev.groups.benchmarks.cluster;

import dev.groups.bench.peers.BenchArgs;
import dev.groups.bench.peers.ClosedLoop;
import dev.groups.bench.peers.TempDirs;
import dev.groups.consensus.ConsensusConfig;
import dev.groups.id.PeerId;
import dev.groups.machine.Unit;
import dev.groups.raft.Group;
import dev.groups.raft.Network;
import dev.groups.transport.Endpoint;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Throughput with the nodes as separate processes ({@code --processes}): this JVM runs node 0 and the
 * clients; each other node is a child JVM ({@code --mode member}, same JVM flags and class path) that
 * bootstraps from node 0, joins with a reluctant leadership preference (so node 0, where the clients
 * are, leads), prints {@code READY} and runs until its standard input closes. Needs a transport that
 * crosses processes (QUIC).
 */
final class Processes {
    private Processes() {}

    static void throughput(BenchArgs a) throws Exception {
        String transport = a.extra("transport", "quic");
        if (transport.equals("inprocess")) {
            throw new IllegalArgumentException("--processes needs a transport between processes (quic), not inprocess");
        }
        Path dir = a.durable() ? TempDirs.base(a, "groups-proc") : null;
        ConsensusConfig config = ClusterBench.config(a);
        List<Process> children = new ArrayList<>();
        BenchArgs one = BenchArgs.parse(new String[0]);
        one.nodes = 1;
        one.log = a.log;
        one.extra.putAll(a.extra);
        try (Cluster c = Cluster.start(one, config, dir)) {
            Network n0 = c.networks.get(0);
            for (int i = 1; i < a.nodes; i++) {
                children.add(spawn(a, n0, dir, i));
            }
            for (Process p : children) {
                awaitReady(p);
            }
            Group<byte[], Unit, Long> g = c.group(0);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!(g.isLeader() && g.bonds().size() == a.nodes - 1)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("node 0 does not lead a group of " + a.nodes + " within 60 s (leader "
                            + g.leader() + ", bonds " + g.bonds().size() + ")");
                }
                Thread.sleep(10);
            }
            ClosedLoop.Result r = new ClosedLoop(a.outstanding, a.payload, g::execute).run(a.warmup, a.seconds);
            ClosedLoop.printResult("groups", a, r,
                    ClusterBench.settings(a, c, (a.nodes - 1) + " followers in child JVMs").toString());
        } finally {
            for (Process p : children) {
                p.getOutputStream().close(); // members leave when their stdin closes
            }
            for (Process p : children) {
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
            TempDirs.deleteQuietly(dir);
        }
    }

    private static Process spawn(BenchArgs a, Network bootstrap, Path dir, int i) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(ClusterBench.class.getName());
        cmd.addAll(List.of("--mode", "member", "--log", a.log, "--transport", a.extra("transport", "quic"),
                "--config", a.extra("config", "default"), "--member-index", Integer.toString(i),
                "--bootstrap-peer", HexFormat.of().formatHex(bootstrap.localId().toBytes()),
                "--bootstrap-endpoint", bootstrap.endpoint().toString()));
        if (dir != null) {
            cmd.addAll(List.of("--dir", dir.toString()));
        }
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static void awaitReady(Process p) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            if (line.equals("READY")) {
                return;
            }
        }
        throw new IllegalStateException("a member process ended before it was ready");
    }

    /** A child: one node that joins, says READY, and leaves when its standard input closes. */
    static void member(BenchArgs a) throws Exception {
        ConsensusConfig config = ClusterBench.config(a).deprioritizeLeadership();
        int index = Integer.parseInt(a.extra("member-index", "1"));
        Cluster c = new Cluster(a.extra("transport", "quic"), config, a.durable(), a.dir == null ? null : Path.of(a.dir));
        Network n = Network.builder().transportName(c.transport).listen(new Endpoint("127.0.0.1", 0))
                .bootstrap(PeerId.fromHex(a.extra("bootstrap-peer", "")), Endpoint.parse(a.extra("bootstrap-endpoint", "")))
                .start();
        try (n; Group<byte[], Unit, Long> g = c.join(n, config, index)) {
            g.when().leaderElected().get(60, TimeUnit.SECONDS);
            System.out.println("READY");
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait for the parent to close our stdin
            }
        }
    }

}
