package dev.groups.node.demo;

import dev.groups.node.ConfigException;
import dev.groups.node.internal.AdminClient;
import dev.groups.node.internal.KeyFiles;
import dev.groups.plugin.Plugins;
import dev.groups.transport.TransportProvider;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * {@code groups demo}: a 3-node group on loopback, narrated from the nodes' admin endpoints — bonds
 * forming, the leader elected, commands committed, the leader killed and replaced, the killed node
 * restarted from its directory and caught up, and the final state compared on all three. Cleans up its
 * processes and temporary directory on every exit, Ctrl-C included (a failed run keeps the directory
 * for its logs and says where).
 */
public final class Demo {
    private static final long STEP_TIMEOUT_MS = 30_000;
    private static final int AFTER_FAILOVER = 500;

    private final DemoNodes nodes;
    private final Narrator say;
    private final int commands;
    private final String[] peers = new String[3];
    private final AtomicLong keys = new AtomicLong();
    private String firstTerm = "?";
    private double electedAfterStart;

    private Demo(DemoNodes nodes, Narrator say, int commands) {
        this.nodes = nodes;
        this.say = say;
        this.commands = commands;
    }

    /**
     * Plays the demo ({@code groups demo}).
     *
     * @param commands  how many commands to commit
     * @param inProcess one JVM and the in-process transport instead of three processes over QUIC
     * @param keep      keep the data directories and node logs
     * @return the exit status: 0 when the three nodes end identical
     */
    public static int run(int commands, boolean inProcess, boolean keep, PrintStream out, PrintStream err) {
        if (!inProcess && Plugins.find(ServiceLoader.load(TransportProvider.class), "transport", "quic").isEmpty()) {
            throw new ConfigException("the QUIC transport (groups-transport-quic) is not on the class path; "
                    + "'groups demo --in-process' runs the demo in one JVM");
        }
        Path root;
        try {
            root = Files.createTempDirectory("groups-demo-");
        } catch (IOException e) {
            throw new ConfigException("cannot create a temporary directory: " + e.getMessage());
        }
        Path key = root.resolve("demo.key");
        KeyFiles.writeNewGroupKey(key);
        DemoNodes nodes = inProcess ? new DemoNodes.InJvm(root, key) : new DemoNodes.Processes(root, key);
        AtomicBoolean finished = new AtomicBoolean();
        Thread cleanup = new Thread(() -> {
            if (finished.compareAndSet(false, true)) { // Ctrl-C: no child and no file left behind
                nodes.stopAll();
                delete(root);
                out.println();
                out.println("interrupted: the nodes are stopped and " + root + " is removed");
            }
        }, "demo-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        boolean ok = false;
        try {
            ok = new Demo(nodes, new Narrator(out), commands).play(inProcess);
            return ok ? 0 : 1;
        } catch (Failure e) {
            err.println("groups demo: " + e.getMessage());
            return 1;
        } finally {
            if (finished.compareAndSet(false, true)) {
                nodes.stopAll();
                if (ok && !keep) {
                    delete(root);
                } else {
                    out.println("data directories and node logs kept in " + root);
                }
            }
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down (Ctrl-C): the hook runs, or ran
            }
        }
    }

    private boolean play(boolean inProcess) {
        say.line("a 3-node group on loopback " + (inProcess ? "in this JVM (in-process transport)" : "over QUIC, one process per node")
                + ", with the built-in kvmap machine and Chronicle logs");
        say.line("data directories in " + nodes.root);
        long started = System.nanoTime();
        for (int i = 0; i < 3; i++) {
            nodes.start(i);
        }
        int leader = formGroup(started);
        double rate = commit(leader);
        Failover f = failover(leader);
        long caughtUpMs = restart(leader, f.newLeader());
        return compare(started, leader, rate, f, caughtUpMs);
    }

    // ----------------------------------------------------------------------------------------- phases

    /** Nodes up, bonds formed, one leader all three agree on; returns its index. */
    private int formGroup(long started) {
        Set<Integer> up = new HashSet<>();
        Set<String> pairs = new HashSet<>();
        long deadline = System.nanoTime() + 2 * STEP_TIMEOUT_MS * 1_000_000;
        while (true) {
            Map<?, ?>[] g = new Map<?, ?>[3];
            for (int i = 0; i < 3; i++) {
                Map<String, Object> s = status(i);
                if (s == null) {
                    continue;
                }
                g[i] = group(s);
                if (up.add(i)) {
                    peers[i] = (String) s.get("node");
                    say.line(name(i) + " is up: peer " + peers[i].substring(0, 8) + " on " + s.get("listen") + " (pid "
                            + s.get("pid") + ")");
                }
                for (Object b : (List<?>) g[i].get("bonds")) {
                    int j = indexOf((String) ((Map<?, ?>) b).get("peer"));
                    if (j >= 0 && pairs.add(Math.min(i, j) + "-" + Math.max(i, j))) {
                        say.line("bond " + name(Math.min(i, j)) + " <-> " + name(Math.max(i, j))
                                + " formed (each proved it holds the group key)");
                    }
                }
            }
            int agreed = agreedLeader(g);
            if (agreed >= 0 && pairs.size() == 3) {
                firstTerm = String.valueOf(g[agreed].get("term"));
                electedAfterStart = seconds(System.nanoTime() - started);
                say.line(String.format(Locale.ROOT, "leader elected: %s, term %s, %.1f s after the nodes were started",
                        name(agreed), firstTerm, electedAfterStart));
                return agreed;
            }
            check(deadline, "the group did not form (nodes up " + up.size() + "/3, bonds " + pairs.size() + "/3)");
            sleep(100);
        }
    }

    /** Commits the demo's commands through the leader; returns the rate. */
    private double commit(int leader) {
        say.line("committing " + commands + " commands (put k-N v-N) through the leader, in batches of 100");
        long t0 = System.nanoTime();
        Load load = new Load(nodes.dataDir(leader), 100, 2, commands, keys).start();
        long deadline = t0 + STEP_TIMEOUT_MS * 1_000_000;
        while (!load.isDone()) {
            double s = seconds(System.nanoTime() - t0);
            say.progress(String.format(Locale.ROOT, "  %d/%d committed, %.0f commands/s", load.committed(), commands,
                    load.committed() / Math.max(s, 1e-3)));
            check(deadline, "only " + load.committed() + " of " + commands + " commands were committed");
            sleep(200);
        }
        load.stop();
        double s = seconds(System.nanoTime() - t0);
        double rate = commands / s;
        say.line(String.format(Locale.ROOT, "%d commands committed in %.1f s: %.0f commands/s", commands, s, rate));
        return rate;
    }

    private record Failover(int newLeader, String term, double electedAfter, double firstCommitAfter) {}

    /** Kills the leader under load; measures the new election and the first commit after it. */
    private Failover failover(int old) {
        int target = old == 0 ? 1 : 0;
        say.line(nodes.killDescription(name(old)) + " while a client writes through " + name(target));
        Load load = new Load(nodes.dataDir(target), 20, 1, Long.MAX_VALUE, keys).start();
        long kill = System.nanoTime();
        load.mark(kill);
        nodes.kill(old);
        int elected = -1;
        String term = "?";
        double electedAfter = 0;
        double firstCommit = 0;
        long deadline = kill + STEP_TIMEOUT_MS * 1_000_000;
        while (elected < 0 || firstCommit == 0) {
            if (elected < 0) {
                for (int i = 0; i < 3; i++) {
                    Map<String, Object> s = i == old ? null : status(i);
                    if (s != null && "leader".equals(group(s).get("role"))) {
                        elected = i;
                        term = String.valueOf(group(s).get("term"));
                        electedAfter = seconds(System.nanoTime() - kill);
                        say.line(String.format(Locale.ROOT, "new leader elected: %s, term %s, %.1f s after the kill",
                                name(i), term, electedAfter));
                    }
                }
            }
            long first = load.firstCommitAfterMark();
            if (firstCommit == 0 && first != Long.MAX_VALUE) {
                firstCommit = seconds(first - kill);
                say.line(String.format(Locale.ROOT, "failover: the first command sent after the kill was committed "
                        + "%.1f s after it", firstCommit));
            }
            check(deadline, "no new leader and commit within " + STEP_TIMEOUT_MS / 1000 + " s of the kill");
            sleep(50);
        }
        load.stop();
        // More writes, through the new leader: a follower learns of a commit with the leader's next
        // message, so writes through the leader show the group's pace better.
        Load more = new Load(nodes.dataDir(elected), 100, 2, AFTER_FAILOVER, keys).start();
        long t0 = System.nanoTime();
        while (!more.isDone()) {
            check(t0 + STEP_TIMEOUT_MS * 1_000_000, "the new leader stopped committing");
            sleep(100);
        }
        more.stop();
        say.line((load.committed() + more.committed()) + " commands committed by the two survivors while " + name(old)
                + " was down");
        return new Failover(elected, term, electedAfter, firstCommit);
    }

    /** Restarts the killed node from its directory and waits until it caught up; returns how long it took. */
    private long restart(int node, int leader) {
        say.line("restarting " + name(node) + " from its data directory");
        long t0 = System.nanoTime();
        nodes.start(node);
        Map<?, ?> g = waitFor(() -> {
            Map<String, Object> s = status(node);
            return s == null ? null : group(s);
        }, name(node) + " did not come back");
        Map<?, ?> restored = (Map<?, ?>) g.get("restoredLog");
        long from = restored == null ? 0 : ((Number) restored.get("index")).longValue();
        say.line(name(node) + " is back: its log was restored from disk up to index " + from
                + (restored == null ? "" : " (term " + restored.get("term") + ")") + ", before any bond");
        long target = committed(leader);
        waitFor(() -> {
            Map<String, Object> s = status(node);
            return s != null && ((Number) group(s).get("committed")).longValue() >= target ? s : null;
        }, name(node) + " did not catch up to index " + target);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        say.line(String.format(Locale.ROOT, "%s caught up: committed index %d, %d entries received, %.1f s after the restart",
                name(node), target, target - from, ms / 1000.0));
        return ms;
    }

    /** All three at the same index with the same state: the summary. */
    private boolean compare(long started, int firstLeader, double rate, Failover f, long caughtUpMs) {
        List<Map<?, ?>> finals;
        try {
            finals = waitFor(() -> {
                List<Map<?, ?>> gs = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    Map<String, Object> s = status(i);
                    if (s == null) {
                        return null;
                    }
                    gs.add(group(s));
                }
                boolean same = gs.stream().map(x -> x.get("committed")).distinct().count() == 1
                        && gs.stream().map(x -> x.get("state")).distinct().count() == 1;
                return same ? gs : null;
            }, "the three nodes did not converge");
        } catch (Failure e) {
            say.line("the nodes differ:");
            for (int i = 0; i < 3; i++) {
                Map<String, Object> s = status(i);
                say.line("  " + name(i) + ": " + (s == null ? "down" : group(s).get("committed") + " " + group(s).get("state")));
            }
            return false;
        }
        say.line("final state:");
        for (int i = 0; i < 3; i++) {
            Map<?, ?> g = finals.get(i);
            say.line(String.format(Locale.ROOT, "  %s  %-8s term %-3s committed %-6s %s", name(i), g.get("role"), g.get("term"),
                    g.get("committed"), g.get("state")));
        }
        say.line("summary:");
        say.line(String.format(Locale.ROOT, "  leader elected: %s, term %s, %.1f s after the nodes were started",
                name(firstLeader), firstTerm, electedAfterStart));
        say.line(String.format(Locale.ROOT, "  %d commands committed at %.0f commands/s", commands, rate));
        say.line(String.format(Locale.ROOT, "  failover: %s elected in term %s %.1f s after the leader died; first commit after %.1f s",
                name(f.newLeader()), f.term(), f.electedAfter(), f.firstCommitAfter()));
        say.line(String.format(Locale.ROOT, "  %s restarted from its log and caught up in %.1f s", name(firstLeader),
                caughtUpMs / 1000.0));
        say.line("  all 3 nodes identical: " + finals.get(0).get("state"));
        say.line(String.format(Locale.ROOT, "demo finished in %.1f s", seconds(System.nanoTime() - started)));
        return true;
    }

    // ----------------------------------------------------------------------------------------- helpers

    private Map<String, Object> status(int i) {
        try {
            return new AdminClient(nodes.dataDir(i), Duration.ofSeconds(3)).status();
        } catch (ConfigException e) { // not up yet, or down
            return null;
        }
    }

    private static Map<?, ?> group(Map<String, Object> status) {
        return (Map<?, ?>) ((List<?>) status.get("groups")).get(0);
    }

    private long committed(int i) {
        return waitFor(() -> {
            Map<String, Object> s = status(i);
            return s == null ? null : ((Number) group(s).get("committed")).longValue();
        }, name(i) + " does not answer");
    }

    /** The leader every reachable node names, if all three are up and agree and it says so itself. */
    private int agreedLeader(Map<?, ?>[] g) {
        String leader = null;
        for (Map<?, ?> x : g) {
            if (x == null || x.get("leader") == null || (leader != null && !leader.equals(x.get("leader")))) {
                return -1;
            }
            leader = (String) x.get("leader");
        }
        int i = indexOf(leader);
        return i >= 0 && "leader".equals(g[i].get("role")) ? i : -1;
    }

    private int indexOf(String peer) {
        for (int i = 0; i < 3; i++) {
            if (Objects.equals(peers[i], peer)) {
                return i;
            }
        }
        return -1;
    }

    private static String name(int i) {
        return "n" + (i + 1);
    }

    private <T> T waitFor(Supplier<T> probe, String failure) {
        long deadline = System.nanoTime() + STEP_TIMEOUT_MS * 1_000_000;
        while (true) {
            T v = probe.get();
            if (v != null) {
                return v;
            }
            check(deadline, failure);
            sleep(100);
        }
    }

    private void check(long deadline, String failure) {
        String exited = nodes.unexpectedExit();
        if (exited != null) {
            throw new Failure(exited);
        }
        if (System.nanoTime() > deadline) {
            throw new Failure(failure);
        }
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure("interrupted");
        }
    }

    static void delete(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort
        }
    }

    /** A step that did not happen in time. */
    private static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Failure(String message) {
            super(message);
        }
    }

    /** Timestamped lines, and a progress line redrawn in place on a terminal. */
    private static final class Narrator {
        private final PrintStream out;
        private final long t0 = System.nanoTime();
        private final boolean terminal = System.console() != null;
        private long lastProgress;
        private boolean progressShown;

        Narrator(PrintStream out) {
            this.out = out;
        }

        synchronized void line(String s) {
            if (progressShown && terminal) {
                out.print("\r\033[K");
            }
            progressShown = false;
            out.printf(Locale.ROOT, "[%5.1fs] %s%n", seconds(System.nanoTime() - t0), s);
            out.flush();
        }

        synchronized void progress(String s) {
            long now = System.nanoTime();
            if (terminal) {
                out.print("\r\033[K" + s);
                out.flush();
                progressShown = true;
            } else if (now - lastProgress > 1_000_000_000L) {
                lastProgress = now;
                out.printf(Locale.ROOT, "[%5.1fs] %s%n", seconds(now - t0), s);
            }
        }
    }
}
