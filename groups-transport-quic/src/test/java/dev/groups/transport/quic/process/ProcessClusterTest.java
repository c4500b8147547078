package dev.groups.transport.quic.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.net.DatagramSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three node processes form a group over QUIC on 127.0.0.1 and commit; the leader is killed with
 * {@code kill -9}; the other two elect a new leader and commit more; the killed node restarts from
 * its directory (same identity, same port, empty memory) and catches up until all three agree.
 */
class ProcessClusterTest {
    private static final long WAIT_MS = 60_000;
    private final List<Node> nodes = new ArrayList<>();

    @TempDir
    Path dir;

    /** One node process and its console. */
    static final class Node {
        final int port;
        final List<String> args;
        Process process;
        PrintWriter console;
        BlockingQueue<String> lines;
        String peer;

        Node(int port, List<String> args) {
            this.port = port;
            this.args = args;
        }

        void start() throws IOException, InterruptedException {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-cp", System.getProperty("java.class.path"), ProcessNode.class.getName()));
            command.addAll(args);
            process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            console = new PrintWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8), true);
            lines = new LinkedBlockingQueue<>();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            BlockingQueue<String> mine = lines;
            Thread reader = new Thread(() -> {
                try {
                    for (String line = out.readLine(); line != null; line = out.readLine()) {
                        mine.add(line);
                    }
                } catch (IOException e) {
                    // the process died
                }
            }, "node-" + port + "-stdout");
            reader.setDaemon(true);
            reader.start();
            String ready = expect("ready");
            peer = ready.substring("ready ".length());
        }

        String expect(String prefix) throws InterruptedException {
            long deadline = System.currentTimeMillis() + WAIT_MS;
            while (System.currentTimeMillis() < deadline) {
                String line = lines.poll(deadline - System.currentTimeMillis(), TimeUnit.MILLISECONDS);
                if (line != null && line.startsWith(prefix)) {
                    return line;
                }
                if (line != null && line.startsWith("error")) {
                    throw new AssertionError("node " + port + ": " + line);
                }
            }
            throw new AssertionError("node " + port + " printed no '" + prefix + "' within " + WAIT_MS + " ms");
        }

        Map<String, String> status() throws InterruptedException {
            console.println("status");
            Map<String, String> fields = new HashMap<>();
            for (String word : expect("status").substring("status ".length()).split(" ")) {
                String[] kv = word.split("=", 2);
                fields.put(kv[0], kv[1]);
            }
            return fields;
        }

        void execute(int n) throws InterruptedException {
            console.println("execute " + n);
            expect("executed");
        }
    }

    @AfterEach
    void stop() {
        for (Node n : nodes) {
            if (n.process != null) {
                n.process.destroyForcibly();
            }
        }
    }

    private static int freePort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Waits until every live node names the same leader, not {@code excluded}; returns it. */
    private String agreedLeader(List<Node> live, String excluded) throws InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT_MS;
        while (System.currentTimeMillis() < deadline) {
            List<String> leaders = new ArrayList<>();
            for (Node n : live) {
                leaders.add(n.status().get("leader"));
            }
            String first = leaders.get(0);
            if (!first.equals("none") && !first.equals(excluded) && leaders.stream().allMatch(first::equals)) {
                return first;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no agreed leader within " + WAIT_MS + " ms");
    }

    /**
     * Kills the leader with kill -9, has the other two elect a new one and commit 300 more, restarts
     * the killed node and waits until all three hold {@code before + 300}.
     */
    private void killLeaderAndRestart(Node killed, long before) throws Exception {
        String leader = killed.peer;
        long pid = killed.process.pid();
        assertEquals(0, new ProcessBuilder("kill", "-9", String.valueOf(pid)).start().waitFor());
        killed.process.waitFor(10, TimeUnit.SECONDS);
        assertTrue(!killed.process.isAlive(), "killed");

        List<Node> survivors = nodes.stream().filter(n -> n != killed).toList();
        String newLeader = agreedLeader(survivors, leader);
        assertNotEquals(leader, newLeader);
        survivors.get(0).execute(300);
        String after = String.valueOf(before + 300);

        assertTrue(Files.exists(Path.of(killed.args.get(0), "identity.pk8")));
        killed.start(); // same directory: same identity, same port
        assertEquals(leader, killed.peer, "the restarted node is the same peer");
        long deadline = System.currentTimeMillis() + WAIT_MS;
        Map<String, String> last = null;
        while (System.currentTimeMillis() < deadline) {
            last = killed.status();
            if (last.get("value").equals(after)) {
                break;
            }
            Thread.sleep(100);
        }
        assertNotNull(last);
        assertEquals(after, last.get("value"), "the restarted node caught up: " + last);
        for (Node n : nodes) {
            Map<String, String> s = n.status();
            assertEquals(after, s.get("value"), "node " + n.port + " agrees: " + s);
        }
    }

    @Test
    void threeProcessesSurviveKillingTheLeaderAndTheKilledNodeCatchesUp() throws Exception {
        int[] ports = {freePort(), freePort(), freePort()};
        String secret = "process-cluster-" + System.nanoTime();
        for (int i = 0; i < 3; i++) {
            List<String> args = new ArrayList<>(List.of(dir.resolve("node" + i).toString(), String.valueOf(ports[i]), secret));
            for (int j = 0; j < 3; j++) {
                if (j != i) {
                    args.add("127.0.0.1:" + ports[j]);
                }
            }
            nodes.add(new Node(ports[i], args));
        }
        for (Node n : nodes) {
            n.start();
        }
        String leader = agreedLeader(nodes, "none");
        nodes.get(0).execute(200);
        long expected = 200;
        int rounds = Integer.getInteger("quic.process.rounds", 1);
        for (int round = 0; round < rounds; round++) {
            String current = agreedLeader(nodes, "none");
            Node killed = nodes.stream().filter(n -> n.peer.equals(current)).findFirst().orElseThrow();
            killLeaderAndRestart(killed, expected);
            expected += 300;
        }
        assertEquals(200 + 300L * rounds, expected);
        nodes.get(0).execute(10); // and the healed group still commits, through any node
        String last = String.valueOf(expected + 10);
        for (Node n : nodes) {
            long until = System.currentTimeMillis() + WAIT_MS;
            while (!n.status().get("value").equals(last) && System.currentTimeMillis() < until) {
                Thread.sleep(50);
            }
            assertEquals(last, n.status().get("value"));
        }
        for (Node n : nodes) {
            n.console.println("quit");
        }
        for (Node n : nodes) {
            assertTrue(n.process.waitFor(20, TimeUnit.SECONDS), "node " + n.port + " exits on quit");
        }
    }
}
