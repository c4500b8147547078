package dev.groups.node.soak;

import dev.groups.node.internal.AdminClient;
import dev.groups.node.internal.KeyFiles;
import dev.groups.storage.chronicle.internal.ChronicleJvm;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.stream.Stream;

/**
 * The soak run behind {@code bin/soak}: three {@code groups node} processes over QUIC with Chronicle
 * logs (one queue file a minute) and the kvmap machine, snapshots on, under constant load from client
 * threads that execute batches through the nodes' admin endpoints; each minute one node is killed with
 * {@code kill -9} and restarted a few seconds later. Every few seconds it samples the nodes' log sizes
 * (what the Chronicle store says its queue files use). At the end the load stops, the nodes converge,
 * and two checks run:
 * <ul>
 *   <li><b>lost</b>: each client owns its keys and writes them in rounds with increasing values, one
 *       batch at a time; a key whose final value is below the last value the client saw acknowledged
 *       lost an acknowledged command;</li>
 *   <li><b>diverged</b>: replicas whose final state (size and SHA-256 of the sorted map) differs from
 *       the majority's.</li>
 * </ul>
 * The last line is {@code soak: N commands, log bytes max X MB, final Y MB, L lost, D diverged}; the exit
 * status is 0 only for 0 lost and 0 diverged.
 *
 * <p>Usage: {@code SoakMain [--minutes M | --seconds S] [--clients C] [--batch B] [--keep]}.
 */
public final class SoakMain {
    private static final String GROUP = "soak";
    private static final int NODES = 3;
    private static final int KEYS_PER_CLIENT = 200;
    private static final long WAIT_MS = 120_000;

    private final PrintStream out = System.out;
    private final long seconds;
    private final int clients;
    private final int batch;
    private final boolean keep;
    private final Path dir;
    private final List<Integer> ports;
    private final Process[] processes = new Process[NODES];
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong failedBatches = new AtomicLong();
    /** Per client, per key slot: the highest value the client saw acknowledged. */
    private final AtomicLongArray[] acked;
    private volatile boolean loadRuns = true;
    private long maxLogBytes;

    private SoakMain(long seconds, int clients, int batch, boolean keep) throws IOException {
        this.seconds = seconds;
        this.clients = clients;
        this.batch = batch;
        this.keep = keep;
        this.dir = Files.createTempDirectory("groups-soak-");
        this.ports = freeUdpPorts(NODES);
        this.acked = new AtomicLongArray[clients];
        for (int c = 0; c < clients; c++) {
            acked[c] = new AtomicLongArray(KEYS_PER_CLIENT);
        }
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(args));
    }

    /** Runs a soak; returns the exit status. */
    public static int run(String[] args) throws Exception {
        long seconds = 120;
        int clients = 4;
        int batch = 20;
        boolean keep = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--minutes" -> seconds = Math.round(Double.parseDouble(args[++i]) * 60);
                case "--seconds" -> seconds = Long.parseLong(args[++i]);
                case "--clients" -> clients = Integer.parseInt(args[++i]);
                case "--batch" -> batch = Integer.parseInt(args[++i]);
                case "--keep" -> keep = true;
                default -> {
                    System.err.println("soak: unknown argument " + args[i]
                            + "; usage: soak [--minutes M | --seconds S] [--clients C] [--batch B] [--keep]");
                    return 2;
                }
            }
        }
        if (seconds < 10 || clients < 1 || batch < 1 || batch > KEYS_PER_CLIENT) {
            System.err.println("soak: --seconds must be at least 10, --clients at least 1, --batch in 1.." + KEYS_PER_CLIENT);
            return 2;
        }
        return new SoakMain(seconds, clients, batch, keep).soak();
    }

    private int soak() throws Exception {
        Path key = dir.resolve("soak.key");
        KeyFiles.writeNewGroupKey(key);
        out.printf(Locale.ROOT, "soak: %d s, 3 nodes in %s, %d clients of %d-command batches%n", seconds, dir, clients, batch);
        try {
            for (int i = 0; i < NODES; i++) {
                start(i);
            }
            awaitLeader();
            List<Thread> load = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                Thread t = new Thread(() -> load(client), "soak-client-" + c);
                t.setDaemon(true);
                t.start();
                load.add(t);
            }
            long start = System.nanoTime();
            long end = start + TimeUnit.SECONDS.toNanos(seconds);
            int minute = 0;
            long nextKill = start + TimeUnit.SECONDS.toNanos(Math.min(30, seconds / 2));
            long nextSample = System.nanoTime();
            while (System.nanoTime() < end) {
                if (System.nanoTime() >= nextSample) {
                    sample(false);
                    nextSample = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
                }
                if (System.nanoTime() >= nextKill && System.nanoTime() + TimeUnit.SECONDS.toNanos(10) < end) {
                    int victim = minute % NODES;
                    out.printf(Locale.ROOT, "soak: %s: kill -9 node n%d, restart in 5 s (%d commands so far)%n",
                            elapsed(start), victim + 1, acknowledged.get());
                    processes[victim].destroyForcibly(); // SIGKILL: nothing flushed beyond what was synced
                    processes[victim].waitFor(10, TimeUnit.SECONDS);
                    Thread.sleep(5_000);
                    start(victim);
                    minute++;
                    nextKill += TimeUnit.SECONDS.toNanos(60);
                }
                Thread.sleep(200);
            }
            loadRuns = false;
            for (Thread t : load) {
                t.join(WAIT_MS);
            }
            out.printf(Locale.ROOT, "soak: %s: load stopped: %d commands acknowledged, %d batches failed and retried%n",
                    elapsed(start), acknowledged.get(), failedBatches.get());
            awaitConverged();
            long finalBytes = sample(true);
            long lost = lost();
            long diverged = diverged();
            out.printf(Locale.ROOT, "soak: %d commands, log bytes max %s MB, final %s MB, %d lost, %d diverged%n",
                    acknowledged.get(), mb(maxLogBytes), mb(finalBytes), lost, diverged);
            return lost == 0 && diverged == 0 ? 0 : 1;
        } finally {
            stopAll();
            if (!keep) {
                deleteTree(dir);
            }
        }
    }

    // ------------------------------------------------------------------------------------------- nodes

    private Path data(int i) {
        return dir.resolve("n" + (i + 1));
    }

    private void start(int i) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("--add-") || a.startsWith("-Dchronicle") || a.startsWith("-Ddisable.")) {
                cmd.add(a);
            }
        }
        for (String f : ChronicleJvm.FLAGS) {
            if (!cmd.contains(f)) {
                cmd.add(f);
            }
        }
        cmd.addAll(List.of("-Xmx256m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                "dev.groups.node.Main", "node", "--data", data(i).toString(), "--listen", "127.0.0.1:" + ports.get(i),
                "--group", GROUP + ":" + dir.resolve("soak.key") + ":kvmap", "--storage", "chronicle",
                "--log-roll-cycle", "MINUTELY", "--snapshot-every", "2000", "--snapshot-tail", "500"));
        for (int j = 0; j < NODES; j++) {
            if (j != i) {
                cmd.addAll(List.of("--bootstrap", "127.0.0.1:" + ports.get(j)));
            }
        }
        Files.createDirectories(data(i));
        processes[i] = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(data(i).resolve("node.log").toFile())).start();
    }

    private void stopAll() {
        for (Process p : processes) {
            if (p != null && p.isAlive()) {
                p.destroy();
            }
        }
        for (Process p : processes) {
            try {
                if (p != null && !p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private Map<?, ?> group(int i) {
        try {
            Map<String, Object> s = new AdminClient(data(i), Duration.ofSeconds(3)).status();
            List<?> groups = (List<?>) s.get("groups");
            return groups == null || groups.isEmpty() ? null : (Map<?, ?>) groups.get(0);
        } catch (RuntimeException e) {
            return null; // starting, killed, or busy
        }
    }

    private void awaitLeader() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        while (System.nanoTime() < deadline) {
            Map<?, ?> g = group(0);
            if (g != null && g.get("leader") != null && ((List<?>) g.get("bonds")).size() == NODES - 1) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("no leader with every node bonded within " + WAIT_MS / 1000 + " s; logs in " + dir);
    }

    /** Every node up, one leader, the same committed index and log end on all of them. */
    private void awaitConverged() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        while (System.nanoTime() < deadline) {
            List<Object> committed = new ArrayList<>();
            for (int i = 0; i < NODES; i++) {
                Map<?, ?> g = group(i);
                if (g == null || g.get("leader") == null) {
                    break;
                }
                committed.add(g.get("committed") + "/" + ((Map<?, ?>) g.get("log")).get("index"));
            }
            if (committed.size() == NODES && committed.stream().distinct().count() == 1) {
                return;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the nodes did not converge within " + WAIT_MS / 1000 + " s; logs in " + dir);
    }

    /** Samples each node's log size; returns the largest now and keeps the largest ever. */
    private long sample(boolean print) {
        long largest = 0;
        StringBuilder line = new StringBuilder("soak: log bytes");
        for (int i = 0; i < NODES; i++) {
            Map<?, ?> g = group(i);
            long bytes = g != null && g.get("logBytes") instanceof Number n ? n.longValue() : -1;
            largest = Math.max(largest, bytes);
            line.append(" n").append(i + 1).append(' ').append(bytes < 0 ? "?" : mb(bytes) + " MB");
            if (g != null && g.get("snapshot") instanceof Map<?, ?> snap && snap.get("index") != null) {
                line.append(" (snapshot at ").append(snap.get("index")).append(")");
            }
        }
        maxLogBytes = Math.max(maxLogBytes, largest);
        if (print) {
            out.println(line);
        }
        return largest;
    }

    // -------------------------------------------------------------------------------------------- load

    /**
     * Client {@code c}: batches of puts to its own keys {@code c<c>-<slot>} in rounds, with values that
     * only grow, through the nodes in turn. A batch that fails (node down, election) is sent again, with
     * the same values, to the next node until it is acknowledged: so no later value is written to a key
     * while an earlier one is unsettled.
     */
    private void load(int c) {
        long value = 0;
        int node = c % NODES;
        int slot = 0;
        while (loadRuns) {
            List<String> lines = new ArrayList<>(batch);
            int[] slots = new int[batch];
            long first = value + 1;
            for (int k = 0; k < batch; k++) {
                slots[k] = slot;
                lines.add("put c" + c + "-" + slot + " " + (first + k));
                slot = (slot + 1) % KEYS_PER_CLIENT;
            }
            value += batch;
            while (true) {
                try {
                    new AdminClient(data(node), Duration.ofSeconds(10)).execute(GROUP, lines);
                    break;
                } catch (RuntimeException e) {
                    failedBatches.incrementAndGet();
                    node = (node + 1) % NODES;
                    sleep(200); // a started batch is settled (acknowledged) before the client stops
                }
            }
            for (int k = 0; k < batch; k++) {
                acked[c].accumulateAndGet(slots[k], first + k, Math::max);
            }
            acknowledged.addAndGet(batch);
        }
    }

    /** Keys whose final value (read with a strong query) is below what their client saw acknowledged. */
    private long lost() {
        long lost = 0;
        for (int c = 0; c < clients; c++) {
            for (int slot = 0; slot < KEYS_PER_CLIENT; slot++) {
                long expected = acked[c].get(slot);
                if (expected == 0) {
                    continue;
                }
                String result = query(0, "get c" + c + "-" + slot, true);
                long found = parse(result);
                if (found < expected) {
                    lost++;
                    out.printf(Locale.ROOT, "soak: LOST c%d-%d: acknowledged %d, final %s%n", c, slot, expected, result);
                }
            }
        }
        return lost;
    }

    /** Replicas whose map (size and digest, read locally after convergence) differs from the majority's. */
    private long diverged() {
        Map<String, Integer> votes = new HashMap<>();
        String[] states = new String[NODES];
        for (int i = 0; i < NODES; i++) {
            states[i] = query(i, "summary", false);
            votes.merge(states[i], 1, Integer::sum);
        }
        String majority = votes.entrySet().stream().max(Comparator.comparingInt(Map.Entry::getValue)).orElseThrow().getKey();
        out.println("soak: final states " + Arrays.toString(states));
        return Arrays.stream(states).filter(s -> !s.equals(majority)).count();
    }

    /** A query through node {@code i}'s admin endpoint, tried up to 5 times (a connection may drop). */
    private String query(int i, String query, boolean strong) {
        RuntimeException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                return new AdminClient(data(i), Duration.ofSeconds(10)).query(GROUP, query, strong).result();
            } catch (RuntimeException e) {
                last = e;
                sleep(500);
            }
        }
        throw last;
    }

    private static long parse(String result) {
        try {
            return Long.parseLong(result.strip());
        } catch (NumberFormatException e) {
            return -1; // absent ("none") or not a number
        }
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f", bytes / (1024.0 * 1024.0));
    }

    private static String elapsed(long start) {
        return String.format(Locale.ROOT, "%4.0f s", (System.nanoTime() - start) / 1e9);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static List<Integer> freeUdpPorts(int n) throws IOException {
        List<DatagramSocket> sockets = new ArrayList<>();
        List<Integer> ports = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress());
                sockets.add(s);
                ports.add(s.getLocalPort());
            }
        } finally {
            sockets.forEach(DatagramSocket::close);
        }
        return ports;
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: a temporary directory
        }
    }
}
