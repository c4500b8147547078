package dev.groups.chaos;

import dev.groups.testkit.linearizability.Budget;
import dev.groups.testkit.linearizability.CheckResult;
import dev.groups.testkit.linearizability.HistoryRecorder;
import dev.groups.testkit.linearizability.KeyValueModel;
import dev.groups.testkit.linearizability.KvInput;
import dev.groups.testkit.linearizability.KvOutput;
import dev.groups.testkit.linearizability.LinearizabilityChecker;
import dev.groups.testkit.linearizability.Verdict;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.net.DatagramSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * A chaos run: {@code nodes} node processes ({@link ChaosNode}: QUIC, Chronicle log, strict mode)
 * serve clients that write and read a key-value store while a nemesis kills nodes with
 * {@code kill -9}, pauses them with {@code SIGSTOP}/{@code SIGCONT} and restarts them, one at a time.
 * Then the faults stop, every key is read once more, and two checks run on the recorded history:
 * <ul>
 *   <li>the testkit's linearizability checker (key-value model, partitioned by key);</li>
 *   <li>no acknowledged write is lost: a key's final value must not come from a write that
 *       completed before an acknowledged write of that key began (every value written is unique).</li>
 * </ul>
 * The last line is {@code chaos: M minutes, W acknowledged writes, L lost, linearizable: yes|no};
 * the exit status is 0 only for 0 lost and yes.
 *
 * <p>Usage: {@code ChaosMain [--minutes M | --seconds S] [--nodes N] [--clients-per-node C]
 * [--keys K] [--seed X] [--keep] [--weak-reads]}; {@code --weak-reads} is the harness's self-test (stale
 * local reads, which the check must report). Node processes get this JVM's {@code --add-exports},
 * {@code --add-opens} and {@code -Dchronicle.*} flags.
 */
public final class ChaosMain {
    /** Longer than the nodes' own forward and query timeouts (3 s), which answer with an outcome. */
    private static final long OP_TIMEOUT_MS = 5_000;
    /** Errors that guarantee the operation did not and will not take effect (see GroupException). */
    private static final java.util.Set<String> NOT_APPLIED = java.util.Set.of("Offline", "Superseded");
    private static final long WAIT_MS = 60_000;

    private final PrintStream out = System.out;
    private final double seconds;
    private final int nodeCount;
    private final int clientsPerNode;
    private final int keys;
    private final Random random;
    private final boolean keep;
    private final Path dir;
    private final String secret;
    private final List<NodeProcess> nodes = new ArrayList<>();
    private final HistoryRecorder<KvInput, KvOutput> history = HistoryRecorder.withSystemNanoTime();
    private final List<Write> writes = java.util.Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong values = new AtomicLong(1);
    private final AtomicLong requestIds = new AtomicLong();
    private volatile boolean clientsRun = true;
    /** Self-test of the harness: nodes serve reads locally (possibly stale); the check must say no. */
    private boolean weakReads;
    private int kills;
    private int pauses;

    /** A put as the client saw it (times in the recorder's clock; {@code acked} once answered ok). */
    private static final class Write {
        final String key;
        final long value;
        final long invokedAt;
        volatile long completedAt = Long.MAX_VALUE;
        volatile boolean acked;

        Write(String key, long value, long invokedAt) {
            this.key = key;
            this.value = value;
            this.invokedAt = invokedAt;
        }
    }

    private ChaosMain(double seconds, int nodeCount, int clientsPerNode, int keys, long seed, boolean keep) throws IOException {
        this.seconds = seconds;
        this.nodeCount = nodeCount;
        this.clientsPerNode = clientsPerNode;
        this.keys = keys;
        this.random = new Random(seed);
        this.keep = keep;
        this.dir = Files.createTempDirectory("groups-chaos-");
        this.secret = "chaos-" + seed + "-" + System.nanoTime();
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(args));
    }

    /** Runs a chaos run; returns the exit status (0: nothing lost and linearizable). */
    public static int run(String[] args) throws Exception {
        double seconds = 180;
        int nodes = 3;
        int clients = 2;
        int keys = 32;
        long seed = System.nanoTime();
        boolean keep = false;
        boolean weakReads = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--minutes" -> seconds = Double.parseDouble(args[++i]) * 60;
                case "--seconds" -> seconds = Double.parseDouble(args[++i]);
                case "--nodes" -> nodes = Integer.parseInt(args[++i]);
                case "--clients-per-node" -> clients = Integer.parseInt(args[++i]);
                case "--keys" -> keys = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--keep" -> keep = true;
                case "--weak-reads" -> weakReads = true;
                default -> {
                    System.err.println("chaos: unknown option " + args[i]
                            + " (use --minutes M | --seconds S, --nodes N, --clients-per-node C, --keys K, --seed X, --keep)");
                    return 2;
                }
            }
        }
        if (nodes < 3) {
            System.err.println("chaos: --nodes must be at least 3 (one node is faulted at a time and a majority must stay up)");
            return 2;
        }
        ChaosMain chaos = new ChaosMain(seconds, nodes, clients, keys, seed, keep);
        chaos.weakReads = weakReads;
        Thread cleanup = new Thread(chaos::destroyAll, "chaos-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            return chaos.go(seed);
        } finally {
            chaos.destroyAll();
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException e) {
                // already shutting down
            }
        }
    }

    private int go(long seed) throws Exception {
        out.printf(Locale.ROOT, "chaos: %d nodes over QUIC with Chronicle logs, %d clients, %d keys, %.0f s, seed %d, dir %s%n",
                nodeCount, nodeCount * clientsPerNode, keys, seconds, seed, dir);
        int[] ports = new int[nodeCount];
        for (int i = 0; i < nodeCount; i++) {
            ports[i] = freePort();
        }
        // Strict mode's voters are identities: create each node's identity first, so every node is told the
        // same founding voters (the identity file is what a restarted node reads back).
        List<String> voters = new ArrayList<>();
        for (int i = 0; i < nodeCount; i++) {
            voters.add(ChaosNode.identity(dir.resolve("node" + i)).peerId().toString());
        }
        for (int i = 0; i < nodeCount; i++) {
            List<String> args = new ArrayList<>(List.of(dir.resolve("node" + i).toString(), String.valueOf(ports[i]), secret,
                    String.join(",", voters)));
            for (int j = 0; j < nodeCount; j++) {
                if (j != i) {
                    args.add("127.0.0.1:" + ports[j]);
                }
            }
            nodes.add(new NodeProcess(i, args));
        }
        for (NodeProcess n : nodes) {
            n.start();
        }
        out.println("chaos: nodes up; waiting for the first commit");
        awaitWrite(nodes.get(0), "warmup");

        List<Thread> clients = new ArrayList<>();
        int clientId = 0;
        for (NodeProcess n : nodes) {
            for (int c = 0; c < clientsPerNode; c++) {
                int id = clientId++;
                Random own = new Random(random.nextLong());
                Thread t = new Thread(() -> client(id, n, own), "chaos-client-" + id);
                t.start();
                clients.add(t);
            }
        }
        long end = System.nanoTime() + (long) (seconds * 1e9);
        nemesis(end);
        clientsRun = false;
        for (Thread t : clients) {
            t.join(OP_TIMEOUT_MS * 3);
        }
        for (NodeProcess n : nodes) {
            n.heal();
        }
        out.println("chaos: faults stopped; reading every key");
        for (int k = 0; k < keys; k++) {
            finalRead("k" + k);
        }
        return verdict();
    }

    // ---------------------------------------------------------------- clients and nemesis

    private void client(int id, NodeProcess node, Random rnd) {
        while (clientsRun) {
            if (!node.serving()) {
                sleep(20);
                continue;
            }
            String key = "k" + rnd.nextInt(keys);
            if (rnd.nextBoolean()) {
                if (!put(id, node, key)) {
                    sleep(50); // no leader for a moment: do not spin
                }
            } else {
                HistoryRecorder<KvInput, KvOutput>.Handle h = history.invoke(id, new KvInput.Get(key));
                String answer = node.request("get", key);
                if (answer != null && answer.startsWith("val")) {
                    h.ok(new KvOutput.Value(Long.parseLong(answer.substring(answer.lastIndexOf(' ') + 1))));
                } else if (answer != null && answer.startsWith("absent")) {
                    h.ok(new KvOutput.Absent());
                } else {
                    settle(h, answer);
                    sleep(50);
                }
            }
        }
    }

    /**
     * An operation without a result: failed when the node's error guarantees it never takes effect,
     * otherwise (another error, no answer) of unknown outcome, which the checker may place anywhere
     * after its invocation.
     */
    private static void settle(HistoryRecorder<KvInput, KvOutput>.Handle h, String answer) {
        String[] words = answer == null ? new String[0] : answer.split(" ");
        if (words.length >= 3 && words[0].equals("err") && NOT_APPLIED.contains(words[2])) {
            h.fail();
        } else {
            h.unknown();
        }
    }

    /** One fault at a time: kill -9 and restart, or SIGSTOP and SIGCONT, with quiet gaps between. */
    private void nemesis(long end) throws Exception {
        long lastReport = System.nanoTime();
        while (System.nanoTime() < end) {
            sleep(1_000 + random.nextInt(2_000));
            if (System.nanoTime() >= end) {
                break;
            }
            NodeProcess victim = nodes.get(random.nextInt(nodes.size()));
            long downFor = 500 + random.nextInt(2_500);
            if (random.nextBoolean()) {
                victim.kill9();
                kills++;
                sleep(downFor);
                victim.start();
            } else {
                victim.signal("STOP");
                pauses++;
                sleep(downFor);
                victim.signal("CONT");
            }
            if (System.nanoTime() - lastReport > 15e9) {
                lastReport = System.nanoTime();
                out.printf(Locale.ROOT, "chaos: %d operations so far, %d kills, %d pauses%n", history.size(), kills, pauses);
            }
        }
    }

    /** Writes a fresh, unique value to {@code key} through {@code node}, recorded; true if acknowledged. */
    private boolean put(int clientId, NodeProcess node, String key) {
        long value = values.getAndIncrement();
        HistoryRecorder<KvInput, KvOutput>.Handle h = history.invoke(clientId, new KvInput.Put(key, value));
        Write w = new Write(key, value, h.invokedAt());
        writes.add(w);
        String answer = node.request("put", key + " " + value);
        if (answer != null && answer.startsWith("ok")) {
            w.completedAt = System.nanoTime();
            w.acked = true;
            h.ok(new KvOutput.Ack());
            return true;
        }
        settle(h, answer);
        return false;
    }

    private void awaitWrite(NodeProcess node, String key) {
        long deadline = System.currentTimeMillis() + WAIT_MS;
        while (System.currentTimeMillis() < deadline) {
            if (put(999, node, key)) {
                return;
            }
            sleep(200);
        }
        throw new IllegalStateException("the group did not commit within " + WAIT_MS + " ms");
    }

    /** Reads {@code key} through any node until one answers; recorded in the history. */
    private void finalRead(String key) {
        long deadline = System.currentTimeMillis() + WAIT_MS;
        int attempt = 0;
        while (System.currentTimeMillis() < deadline) {
            NodeProcess node = nodes.get(attempt++ % nodes.size());
            HistoryRecorder<KvInput, KvOutput>.Handle h = history.invoke(1_000 + attempt, new KvInput.Get(key));
            String answer = node.request("get", key);
            if (answer != null && answer.startsWith("val")) {
                long v = Long.parseLong(answer.substring(answer.lastIndexOf(' ') + 1));
                h.ok(new KvOutput.Value(v));
                finalValues.put(key, v);
                return;
            } else if (answer != null && answer.startsWith("absent")) {
                h.ok(new KvOutput.Absent());
                finalValues.put(key, null);
                return;
            }
            h.unknown();
            sleep(200);
        }
        throw new IllegalStateException("no node answered a read of " + key + " within " + WAIT_MS + " ms after the faults stopped");
    }

    private final Map<String, Long> finalValues = new HashMap<>();

    // ---------------------------------------------------------------- checks

    private int verdict() {
        long acked = writes.stream().filter(w -> w.acked).count();
        Map<Long, Write> byValue = new HashMap<>();
        for (Write w : writes) {
            byValue.put(w.value, w);
        }
        long lost = 0;
        for (Write w : writes) {
            if (!w.acked || !finalValues.containsKey(w.key)) {
                continue;
            }
            Long last = finalValues.get(w.key);
            Write survivor = last == null ? null : byValue.get(last);
            // Lost: the key ends with nothing, or with a write that was over before this acknowledged one began.
            if (survivor == null || survivor.completedAt < w.invokedAt) {
                lost++;
                if (lost <= 5) {
                    out.println("chaos: LOST write " + w.key + "=" + w.value + " (final value " + last + ")");
                }
            }
        }
        long started = System.nanoTime();
        CheckResult result = LinearizabilityChecker.check(new KeyValueModel(), history.history(),
                Budget.of(200_000_000L, Duration.ofMinutes(5)));
        out.printf(Locale.ROOT, "chaos: %d operations (%d unknown outcomes), %d kills, %d pauses; checked in %.1f s: %s%n",
                history.size(), history.history().count(dev.groups.testkit.linearizability.Outcome.UNKNOWN), kills, pauses,
                (System.nanoTime() - started) / 1e9, result.verdict());
        if (!result.isLinearizable()) {
            out.println("chaos: " + result.explanation());
        }
        String linearizable = result.verdict() == Verdict.LINEARIZABLE ? "yes"
                : result.verdict() == Verdict.NOT_LINEARIZABLE ? "no" : "unknown (checker budget exhausted)";
        out.printf(Locale.ROOT, "chaos: %s minutes, %d acknowledged writes, %d lost, linearizable: %s%n",
                formatMinutes(seconds / 60), acked, lost, linearizable);
        return lost == 0 && result.verdict() == Verdict.LINEARIZABLE ? 0 : 1;
    }

    private static String formatMinutes(double minutes) {
        return minutes == Math.rint(minutes) ? String.valueOf((long) minutes) : String.format(Locale.ROOT, "%.2f", minutes);
    }

    // ---------------------------------------------------------------- processes

    private void destroyAll() {
        for (NodeProcess n : nodes) {
            n.destroy();
        }
        if (!keep) {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // best effort
            }
        }
    }

    private static int freePort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The JVM flags this process was started with that node processes need too (Chronicle's). */
    static List<String> inheritedJvmFlags() {
        List<String> flags = new ArrayList<>();
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("--add-exports") || arg.startsWith("--add-opens") || arg.startsWith("-Dchronicle.")) {
                flags.add(arg);
            }
        }
        return flags;
    }

    /** A node process, its console, and the requests waiting for answers. */
    private final class NodeProcess {
        final int index;
        final List<String> args;
        volatile Process process;
        volatile PrintWriter console;
        volatile boolean paused;
        final Map<Long, CompletableFuture<String>> pending = new ConcurrentHashMap<>();

        NodeProcess(int index, List<String> args) {
            this.index = index;
            this.args = args;
        }

        synchronized void start() throws IOException, InterruptedException {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add("-Xmx256m");
            command.addAll(inheritedJvmFlags());
            if (weakReads) {
                command.add("-Dchaos.weakReads=true");
            }
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), ChaosNode.class.getName()));
            command.addAll(args);
            Process p = new ProcessBuilder(command).redirectError(dir.resolve("node" + index + ".err").toFile()).start();
            PrintWriter w = new PrintWriter(new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8), true);
            CompletableFuture<Void> ready = new CompletableFuture<>();
            Thread reader = new Thread(() -> read(p, ready), "chaos-node-" + index);
            reader.setDaemon(true);
            reader.start();
            try {
                ready.get(WAIT_MS, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
                throw new IllegalStateException("node " + index + " did not start; see " + dir.resolve("node" + index + ".err"), e);
            }
            console = w;
            process = p;
            paused = false;
        }

        private void read(Process p, CompletableFuture<Void> ready) {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    if (line.startsWith("ready")) {
                        ready.complete(null);
                        continue;
                    }
                    String[] w = line.split(" ", 3);
                    if (w.length >= 2) {
                        try {
                            CompletableFuture<String> f = pending.remove(Long.parseLong(w[1]));
                            if (f != null) {
                                f.complete(line);
                            }
                        } catch (NumberFormatException e) {
                            // not an answer
                        }
                    }
                }
            } catch (IOException e) {
                // the process died
            }
            ready.completeExceptionally(new IOException("node " + index + " exited"));
        }

        boolean serving() {
            Process p = process;
            return p != null && p.isAlive() && !paused;
        }

        /** Sends a request and waits for its answer; null when none came in time (dead, paused, slow). */
        String request(String verb, String rest) {
            PrintWriter w = console;
            Process p = process;
            if (w == null || p == null || !p.isAlive()) {
                return null;
            }
            long id = requestIds.incrementAndGet();
            CompletableFuture<String> answer = new CompletableFuture<>();
            pending.put(id, answer);
            synchronized (w) {
                w.println(verb + " " + id + " " + rest);
            }
            try {
                return answer.get(OP_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                return null;
            } finally {
                pending.remove(id);
            }
        }

        synchronized void kill9() throws IOException, InterruptedException {
            Process p = process;
            process = null;
            console = null;
            new ProcessBuilder("kill", "-9", String.valueOf(p.pid())).start().waitFor();
            p.waitFor(10, TimeUnit.SECONDS);
        }

        void signal(String signal) throws IOException, InterruptedException {
            Process p = process;
            if (p == null) {
                return;
            }
            paused = signal.equals("STOP");
            new ProcessBuilder("kill", "-" + signal, String.valueOf(p.pid())).start().waitFor();
        }

        synchronized void heal() throws IOException, InterruptedException {
            if (process == null || !process.isAlive()) {
                start();
            } else if (paused) {
                signal("CONT");
            }
        }

        void destroy() {
            Process p = process;
            if (p != null) {
                if (paused) {
                    try {
                        signal("CONT");
                    } catch (IOException | InterruptedException e) {
                        // destroying anyway
                    }
                }
                p.destroyForcibly();
            }
        }
    }
}
