package dev.groups.node.demo;

import dev.groups.node.ConfigException;
import dev.groups.node.Node;
import dev.groups.node.NodeOptions;
import dev.groups.storage.chronicle.internal.ChronicleJvm;
import dev.groups.transport.Endpoint;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The demo's three nodes: separate {@code groups node} processes over QUIC ({@link Processes}), or
 * three {@link Node}s in this JVM over the in-process transport ({@link InJvm}). The demo talks to
 * either only through their admin endpoints, so the narration is the same.
 */
abstract class DemoNodes {
    static final String GROUP = "demo";
    static final String MACHINE = "kvmap";

    final Path root;
    final Path keyFile;
    final List<Endpoint> addresses = new ArrayList<>();

    DemoNodes(Path root, Path keyFile) {
        this.root = root;
        this.keyFile = keyFile;
    }

    int size() {
        return addresses.size();
    }

    Path dataDir(int i) {
        return root.resolve("n" + (i + 1));
    }

    Path logFile(int i) {
        return dataDir(i).resolve("node.log");
    }

    /** The arguments of {@code groups node} for node {@code i}: it bootstraps from the other two. */
    List<String> nodeArgs(int i, String transport) {
        List<String> args = new ArrayList<>(List.of("--data", dataDir(i).toString(), "--listen", addresses.get(i).toString(),
                "--group", GROUP + ":" + keyFile + ":" + MACHINE, "--storage", NodeOptions.CHRONICLE, "--transport", transport));
        for (int j = 0; j < addresses.size(); j++) {
            if (j != i) {
                args.add("--bootstrap");
                args.add(addresses.get(j).toString());
            }
        }
        return args;
    }

    /** Starts node {@code i} (again, after a kill: from its data directory). */
    abstract void start(int i);

    /** Kills node {@code i} without a goodbye: {@code kill -9} for a process. */
    abstract void kill(int i);

    /** What killing {@code node} (the leader) means here, for the narration. */
    abstract String killDescription(String node);

    /** A node that ended by itself (not killed by the demo), with the last line of its log; null if none. */
    String unexpectedExit() {
        return null;
    }

    /** Stops every node cleanly (a bounded wait, then by force). Idempotent; safe from a shutdown hook. */
    abstract void stopAll();

    /** Separate JVMs: {@code java <this JVM's flags> -cp <this class path> dev.groups.node.Main node …}. */
    static final class Processes extends DemoNodes {
        private final Process[] processes = new Process[3];
        private final boolean[] killed = new boolean[3];

        Processes(Path root, Path keyFile) {
            super(root, keyFile);
            for (int port : freeUdpPorts(3)) {
                addresses.add(new Endpoint("127.0.0.1", port));
            }
        }

        @Override
        synchronized void start(int i) {
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.addAll(jvmFlags());
            cmd.add("-cp");
            cmd.add(System.getProperty("java.class.path"));
            cmd.add("dev.groups.node.Main");
            cmd.add("node");
            cmd.addAll(nodeArgs(i, "quic"));
            killed[i] = false;
            try {
                Files.createDirectories(dataDir(i));
                processes[i] = new ProcessBuilder(cmd).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile(i).toFile())).start();
            } catch (IOException e) {
                throw new ConfigException("cannot start a node process: " + e.getMessage());
            }
        }

        @Override
        synchronized void kill(int i) {
            Process p = processes[i];
            if (p != null) {
                killed[i] = true;
                p.destroyForcibly(); // SIGKILL: no departure, no flush beyond what was synced
                waitFor(p, 5);
            }
        }

        @Override
        String killDescription(String node) {
            return "killing the leader " + node + " with kill -9";
        }

        @Override
        synchronized String unexpectedExit() {
            for (int i = 0; i < processes.length; i++) {
                Process p = processes[i];
                if (p != null && !killed[i] && !p.isAlive()) {
                    String last = "";
                    try {
                        List<String> lines = Files.readAllLines(logFile(i));
                        last = lines.isEmpty() ? "" : ": " + lines.get(lines.size() - 1);
                    } catch (IOException e) {
                        // no log
                    }
                    return "node n" + (i + 1) + " exited with status " + p.exitValue() + last;
                }
            }
            return null;
        }

        @Override
        synchronized void stopAll() {
            Arrays.fill(killed, true);
            for (Process p : processes) {
                if (p != null && p.isAlive()) {
                    p.destroy(); // SIGTERM: the node leaves its groups and syncs its log
                }
            }
            for (Process p : processes) {
                if (p != null && !waitFor(p, 5)) {
                    p.destroyForcibly();
                    waitFor(p, 5);
                }
            }
        }

        private static boolean waitFor(Process p, int seconds) {
            try {
                return p.waitFor(seconds, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        /**
         * This JVM's flags that children need too (Chronicle's --add-exports/--add-opens and -D
         * settings), plus a small heap and the serial collector: three nodes share two cores.
         */
        private static List<String> jvmFlags() {
            List<String> flags = new ArrayList<>();
            for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
                if (a.startsWith("--add-") || a.startsWith("-Dchronicle") || a.startsWith("-Ddisable.")) {
                    flags.add(a);
                }
            }
            // Under `java -jar groups-node.jar` the flags come from the jar's manifest, which a child
            // started with -cp does not read: name them on its command line.
            for (String f : ChronicleJvm.FLAGS) {
                if (!flags.contains(f)) {
                    flags.add(f);
                }
            }
            flags.addAll(List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
            return flags;
        }

        private static List<Integer> freeUdpPorts(int n) {
            List<DatagramSocket> sockets = new ArrayList<>();
            List<Integer> ports = new ArrayList<>();
            try {
                for (int i = 0; i < n; i++) {
                    DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress());
                    sockets.add(s);
                    ports.add(s.getLocalPort());
                }
            } catch (IOException e) {
                throw new ConfigException("cannot find free UDP ports on 127.0.0.1: " + e.getMessage());
            } finally {
                sockets.forEach(DatagramSocket::close);
            }
            return ports;
        }
    }

    /** Three nodes in this JVM over the in-process transport; a "kill" is a close (peers hear a departure). */
    static final class InJvm extends DemoNodes {
        private final Node[] nodes = new Node[3];
        private final PrintStream[] logs = new PrintStream[3];

        InJvm(Path root, Path keyFile) {
            super(root, keyFile);
            String host = "demo-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
            for (int i = 0; i < 3; i++) {
                addresses.add(new Endpoint(host, 7401 + i));
            }
        }

        @Override
        synchronized void start(int i) {
            try {
                Files.createDirectories(dataDir(i));
                logs[i] = new PrintStream(new FileOutputStream(logFile(i).toFile(), true), true, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new ConfigException("cannot write " + logFile(i) + ": " + e.getMessage());
            }
            nodes[i] = Node.start(NodeOptions.parse(nodeArgs(i, "inprocess")), logs[i]);
        }

        @Override
        synchronized void kill(int i) {
            if (nodes[i] != null) {
                nodes[i].close();
                nodes[i] = null;
                logs[i].close();
            }
        }

        @Override
        String killDescription(String node) {
            return "stopping the leader " + node + " (one JVM cannot kill -9 a node)";
        }

        @Override
        synchronized void stopAll() {
            for (int i = 0; i < nodes.length; i++) {
                kill(i);
            }
        }
    }
}
