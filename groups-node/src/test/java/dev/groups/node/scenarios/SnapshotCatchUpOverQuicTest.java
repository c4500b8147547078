package dev.groups.node.scenarios;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.groups.id.GroupId;
import dev.groups.machine.Codecs;
import dev.groups.node.Node;
import dev.groups.node.NodeOptions;
import dev.groups.node.internal.KeyFiles;
import dev.groups.storage.chronicle.ChronicleLogStore;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three nodes over real QUIC on loopback with Chronicle logs and the built-in kvmap machine,
 * snapshotting every 50 entries with a tail of 10. One node stops; the others apply 300 commands,
 * snapshot and prune their logs far past where it stopped; the node restarts from its own (old) log and
 * catches up from a snapshot its peers serve, to the same state as theirs.
 */
class SnapshotCatchUpOverQuicTest {
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());
    private static final long DEADLINE_SECONDS = 60;

    @TempDir
    Path dir;

    private final Node[] nodes = new Node[3];
    private final List<Integer> ports = freeUdpPorts(3);

    @AfterEach
    void stop() {
        for (Node n : nodes) {
            if (n != null) {
                n.close();
            }
        }
    }

    private NodeOptions options(int i) {
        List<String> args = new ArrayList<>(List.of("--data", dir.resolve("n" + i).toString(),
                "--listen", "127.0.0.1:" + ports.get(i), "--group", "demo:" + dir.resolve("demo.key") + ":kvmap",
                "--storage", "chronicle", "--snapshot-every", "50", "--snapshot-tail", "10"));
        for (int j = 0; j < 3; j++) {
            if (j != i) {
                args.addAll(List.of("--bootstrap", "127.0.0.1:" + ports.get(j)));
            }
        }
        return NodeOptions.parse(args);
    }

    private Map<?, ?> status(int i) {
        return (Map<?, ?>) ((List<?>) nodes[i].status().get("groups")).get(0);
    }

    private static long number(Map<?, ?> map, String key) {
        return map != null && map.get(key) instanceof Number n ? n.longValue() : -1;
    }

    @Test
    void aNodeRestartedAfterItsPeersCompactedCatchesUpFromASnapshot() throws Exception {
        KeyFiles.writeNewGroupKey(dir.resolve("demo.key"));
        for (int i = 0; i < 3; i++) {
            nodes[i] = Node.start(options(i), QUIET);
        }
        eventually(() -> {
            for (Node n : nodes) {
                var g = n.groups().get("demo").group();
                if (g.leader().isEmpty() || g.bonds().size() != 2) {
                    return false;
                }
            }
            return true;
        }, "one leader, all bonded over QUIC");
        nodes[2].groups().get("demo").execute(List.of("put before 1")).get(DEADLINE_SECONDS, TimeUnit.SECONDS);
        long stoppedAt = nodes[2].groups().get("demo").group().logPosition().index().value();
        GroupId id = nodes[2].groups().get("demo").group().id();
        nodes[2].close();
        nodes[2] = null;

        for (int batch = 0; batch < 30; batch++) {
            List<String> lines = new ArrayList<>();
            for (int k = 0; k < 10; k++) {
                lines.add("put k" + (batch * 10 + k) + " v" + batch);
            }
            nodes[batch % 2].groups().get("demo").execute(lines).get(DEADLINE_SECONDS, TimeUnit.SECONDS);
        }
        // Both peers snapshotted past 250 and so pruned their logs to an anchor of 200 or later.
        eventually(() -> number((Map<?, ?>) status(0).get("snapshot"), "index") >= 250
                && number((Map<?, ?>) status(1).get("snapshot"), "index") >= 250, "the peers snapshotted");

        nodes[2] = Node.start(options(2), QUIET);
        eventually(() -> {
            Map<?, ?> s = status(2);
            return s.get("state") != null && String.valueOf(s.get("state")).startsWith(String.valueOf(status(0).get("state"))
                    .split(" at ")[0]) && number((Map<?, ?>) s.get("snapshot"), "installed") >= 1;
        }, "the restarted node installed a snapshot and holds the peers' state: " + status(2));
        String state = String.valueOf(status(2).get("state"));
        assertTrue(state.startsWith("301 keys"), state);
        nodes[2].groups().get("demo").execute(List.of("put after 1")).get(DEADLINE_SECONDS, TimeUnit.SECONDS);
        eventually(() -> String.valueOf(status(2).get("state")).startsWith("302 keys")
                && String.valueOf(status(0).get("state")).startsWith("302 keys"), "it goes on with the group");

        for (int i = 0; i < 3; i++) {
            nodes[i].close();
        }
        long[] offsets = new long[3];
        for (int i = 0; i < 3; i++) {
            try (var log = ChronicleLogStore.open(dir.resolve("n" + i).resolve("groups").resolve(id.toString()), id,
                    Codecs.bytes())) {
                offsets[i] = log.available().start().value();
            }
        }
        assertTrue(offsets[0] >= 200 && offsets[1] >= 200, "the peers compacted their logs: offsets "
                + offsets[0] + ", " + offsets[1]);
        assertTrue(offsets[0] > stoppedAt, "far past where the restarted node had stopped (" + stoppedAt + ")");
        assertTrue(offsets[2] > stoppedAt, "its own log now starts at a snapshot anchor: " + offsets[2]);
    }

    private static void eventually(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + DEADLINE_SECONDS + " s: " + what);
            }
            Thread.sleep(100);
        }
    }

    private static List<Integer> freeUdpPorts(int n) {
        List<DatagramSocket> sockets = new ArrayList<>();
        List<Integer> out = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress());
                sockets.add(s);
                out.add(s.getLocalPort());
            }
        } catch (IOException e) {
            throw new IllegalStateException("no free UDP ports on 127.0.0.1", e);
        } finally {
            sockets.forEach(DatagramSocket::close);
        }
        return out;
    }
}
