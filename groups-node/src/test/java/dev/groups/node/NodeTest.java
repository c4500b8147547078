package dev.groups.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.groups.id.PeerId;
import dev.groups.node.internal.Json;
import dev.groups.node.internal.KeyFiles;
import dev.groups.tickets.jwt.Hs256;
import dev.groups.tickets.jwt.JwtTicketBuilder;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three node daemons in one JVM over the in-process transport, used through the command line the way
 * the README tells people to: keygen, status, exec, query, a restart from the data directory.
 */
class NodeTest {
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    @TempDir
    Path dir;

    private final String host = "nodetest-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
    private final Node[] nodes = new Node[3];

    @AfterEach
    void stop() {
        for (Node n : nodes) {
            if (n != null) {
                n.close();
            }
        }
    }

    private NodeOptions options(int i, String... extra) {
        List<String> args = new ArrayList<>(List.of("--data", data(i).toString(), "--listen", host + ":" + (i + 1),
                "--transport", "inprocess", "--group", "demo:" + dir.resolve("demo.key") + ":counter"));
        args.addAll(List.of(extra));
        for (int j = 0; j < 3; j++) {
            if (j != i) {
                args.addAll(List.of("--bootstrap", host + ":" + (j + 1)));
            }
        }
        return NodeOptions.parse(args);
    }

    private Path data(int i) {
        return dir.resolve("n" + (i + 1));
    }

    private static String[] run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new String[] {String.valueOf(code), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void threeNodesFormAGroupThatStatusExecAndQueryShow() throws Exception {
        assertEquals("0", run("keygen", dir.resolve("demo.key").toString())[0]);
        String secret = Files.readString(dir.resolve("demo.key")).strip();
        for (int i = 0; i < 3; i++) {
            nodes[i] = Node.start(options(i), QUIET);
        }
        eventually(() -> {
            Optional<PeerId> l = nodes[0].groups().get("demo").group().leader();
            return l.isPresent() && nodes[1].groups().get("demo").group().leader().equals(l)
                    && nodes[2].groups().get("demo").group().leader().equals(l)
                    && nodes[0].groups().get("demo").group().bonds().size() == 2;
        }, "one leader, all bonded");

        String[] exec = run("exec", "--data", data(1).toString(), "demo", "add 5", "add 7");
        assertEquals("0", exec[0], exec[2]);
        assertTrue(exec[1].startsWith("applied at "), exec[1]);
        String[] query = run("query", "--data", data(2).toString(), "demo", "get", "--strong");
        java.util.regex.Matcher read = java.util.regex.Pattern.compile("value 12 \\(at index (\\d+)\\)").matcher(query[1].strip());
        assertTrue(read.matches(), query[1] + query[2]);
        long appliedAt = Long.parseLong(exec[1].strip().replaceAll(".*\\.\\.|applied at ", ""));
        assertTrue(Long.parseLong(read.group(1)) >= appliedAt, "a strong read sees the write: " + query[1] + " after " + exec[1]);
        Map<?, ?> answer = (Map<?, ?>) Json.parse(run("query", "--data", data(0).toString(), "demo", "get", "--strong", "--json")[1]);
        assertEquals("value 12", answer.get("result"));
        assertTrue(((Number) answer.get("index")).longValue() >= appliedAt, answer.toString());

        String[] status = run("status", "--data", data(0).toString(), "--data", data(1).toString(), "--data", data(2).toString());
        assertEquals("0", status[0], status[2]);
        String text = status[1];
        assertEquals(1, count(text, "role leader"), text);
        assertEquals(2, count(text, "role follower"), text);
        assertEquals(3, count(text, "bonds 2:"), text);
        assertEquals(6, count(text, " ms ago  "), text); // each bond with its health
        eventually(() -> count(run("status", "--data", data(2).toString())[1], "state value 12 at") == 1, "replicated state");
        assertFalse(text.contains(secret), "no key material in status");

        String json = run("status", "--data", data(0).toString(), "--json")[1];
        assertFalse(json.contains(secret), "no key material in status --json");
        Map<?, ?> doc = (Map<?, ?>) Json.parse(json);
        Map<?, ?> group = (Map<?, ?>) ((List<?>) doc.get("groups")).get(0);
        assertEquals(nodes[0].groups().get("demo").group().id().toString(), group.get("id"));
        assertEquals("counter", group.get("machine"));
        assertEquals("chronicle", group.get("storage"));
        assertEquals(2, ((List<?>) group.get("bonds")).size());
        assertEquals(null, group.get("warning"), "bonded: no isolation warning");

        String[] bad = run("exec", "--data", data(0).toString(), "demo", "add lots");
        assertEquals("2", bad[0]);
        assertTrue(bad[2].contains("counter commands are"), bad[2]);
        assertEquals("2", run("exec", "--data", data(0).toString(), "nogroup", "add 1")[0]);

        // A second node in the same directory is refused; a restart keeps the identity and the log.
        ConfigException busy = assertThrows(ConfigException.class, () -> Node.start(options(2), QUIET));
        assertTrue(busy.getMessage().contains("another node is running in"), busy.getMessage());
        PeerId before = nodes[2].network().localId();
        long committed = nodes[2].groups().get("demo").group().committed().value();
        nodes[2].close();
        assertFalse(Files.exists(data(2).resolve("admin")), "a clean stop removes the admin file");
        assertTrue(run("status", "--data", data(2).toString())[2].contains("no node is running"));
        nodes[2] = Node.start(options(2), QUIET);
        assertEquals(before, nodes[2].network().localId(), "the identity was kept in the data directory");
        Map<?, ?> restored = (Map<?, ?>) ((Map<?, ?>) ((List<?>) nodes[2].status().get("groups")).get(0)).get("restoredLog");
        assertTrue(((Number) restored.get("index")).longValue() >= committed, "the log came back from disk: " + restored);
        eventually(() -> run("status", "--data", data(2).toString())[1].contains("state value 12 at"), "caught up");
    }

    @Test
    void groupsThatRequireAJwtTicketBondNodesThatPublishOne() throws Exception {
        assertEquals("0", run("keygen", dir.resolve("demo.key").toString())[0]);
        Hs256 issuer = Hs256.random();
        String secretHex = java.util.HexFormat.of().formatHex(issuer.toBytes());
        for (int i = 0; i < 2; i++) {
            // The issuer signs a token for the node's peer id, known once its identity exists.
            PeerId id = KeyFiles.loadOrCreateIdentity(data(i)).peerId();
            Path token = dir.resolve("n" + (i + 1) + ".jwt");
            Files.writeString(token, JwtTicketBuilder.with(issuer).expiresIn(java.time.Duration.ofHours(1))
                    .token(id, java.time.Instant.now()));
            List<String> args = new ArrayList<>(List.of("--data", data(i).toString(), "--listen", host + ":" + (i + 1),
                    "--transport", "inprocess", "--group", "demo:" + dir.resolve("demo.key") + ":counter",
                    "--bootstrap", host + ":" + (2 - i), "--jwt", "hs256=" + secretHex, "--jwt-ticket", token.toString()));
            nodes[i] = Node.start(NodeOptions.parse(args), QUIET);
        }
        eventually(() -> nodes[0].groups().get("demo").group().bonds().size() == 1
                && nodes[1].groups().get("demo").group().leader().isPresent(), "bonded through their tickets");
        assertFalse(run("status", "--data", data(0).toString(), "--json")[1].contains(secretHex), "no JWT secret in status");
    }

    @Test
    void aGroupNoPeerSharesSaysSoInTheLogAndInStatus() throws Exception {
        // Two nodes that find each other, each with its own key file for "demo": two groups of one.
        ByteArrayOutputStream narration = new ByteArrayOutputStream();
        PrintStream log = new PrintStream(narration, true, StandardCharsets.UTF_8);
        for (int i = 0; i < 2; i++) {
            Path key = dir.resolve("demo" + i + ".key");
            assertEquals("0", run("keygen", key.toString())[0]);
            nodes[i] = Node.start(NodeOptions.parse(List.of("--data", data(i).toString(), "--listen", host + ":" + (i + 1),
                    "--transport", "inprocess", "--storage", "memory", "--group", "demo:" + key + ":counter",
                    "--bootstrap", host + ":" + (2 - i))), i == 0 ? log : QUIET);
        }
        String warning = "no peer shares group demo: check the key file, the machine and the consensus settings";
        eventually(() -> narration.toString(StandardCharsets.UTF_8).contains("group demo: " + warning), "the warning in the log");
        assertEquals(1, count(narration.toString(StandardCharsets.UTF_8), warning), "said once while it holds");
        String[] status = run("status", "--data", data(0).toString());
        assertTrue(status[1].contains("  warning: " + warning), status[1]);
        Map<?, ?> doc = (Map<?, ?>) Json.parse(run("status", "--data", data(0).toString(), "--json")[1]);
        assertEquals(warning, ((Map<?, ?>) ((List<?>) doc.get("groups")).get(0)).get("warning"));
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int at = text.indexOf(what); at >= 0; at = text.indexOf(what, at + 1)) {
            n++;
        }
        return n;
    }

    /**
     * With a small snapshot interval the counter snapshots into DIR/snapshots/&lt;group id&gt;, the log is
     * pruned behind the snapshot (keeping the tail), status shows the last snapshot, and a node restarted
     * from its pruned log gets its value back from its snapshot file.
     */
    @Test
    void builtInMachinesSnapshotPruneTheirLogsAndRestartFromTheSnapshot() throws Exception {
        assertEquals("0", run("keygen", dir.resolve("demo.key").toString())[0]);
        String[] policy = {"--snapshot-every", "20", "--snapshot-tail", "5"};
        for (int i = 0; i < 3; i++) {
            nodes[i] = Node.start(options(i, policy), QUIET);
        }
        eventually(() -> nodes[0].groups().get("demo").group().leader().isPresent()
                && nodes[0].groups().get("demo").group().bonds().size() == 2, "a leader, all bonded");
        for (int i = 0; i < 6; i++) {
            String[] exec = run("exec", "--data", data(i % 3).toString(), "demo", "add 1", "add 2", "add 3", "add 4",
                    "add 5", "add 6", "add 7", "add 8", "add 9", "add 10");
            assertEquals("0", exec[0], exec[2]);
        }
        // 60 commands (330 in all) and a no-op: every member snapshots each time its committed index passes a
        // multiple of 20 (where exactly depends on how its commits were batched) and prunes behind one.
        for (int i = 0; i < 3; i++) {
            int n = i;
            eventually(() -> nodes[n].groups().get("demo").group().logPosition().index().value() >= 61
                    && nodes[n].groups().get("demo").group().committed().value() >= 61, "node " + n + " committed all");
        }
        String id = nodes[0].groups().get("demo").group().id().toString();
        eventually(() -> {
            String text = run("status", "--data", data(1).toString())[1];
            return text.contains(" taken, ") && text.contains("last at ");
        }, "status shows the snapshots: " + run("status", "--data", data(1).toString())[1]);
        Map<?, ?> group = (Map<?, ?>) ((List<?>) nodes[1].status().get("groups")).get(0);
        Map<?, ?> snapshot = (Map<?, ?>) group.get("snapshot");
        eventually(() -> ((Number) ((Map<?, ?>) ((Map<?, ?>) ((List<?>) nodes[1].status().get("groups")).get(0))
                .get("snapshot")).get("index")).longValue() >= 60, "a snapshot at 60 or later");
        assertTrue(((Number) snapshot.get("taken")).longValue() >= 1, snapshot.toString());
        assertTrue(((Number) snapshot.get("bytes")).longValue() > 8, "the envelope and the value: " + snapshot);
        Path files = data(1).resolve("snapshots").resolve(id);
        try (var list = Files.list(files)) {
            long count = list.filter(p -> p.getFileName().toString().endsWith(".snap")).count();
            assertTrue(count >= 1 && count <= 3, count + " snapshot files in " + files);
        }

        nodes[1].close();
        long offset;
        try (var log = dev.groups.storage.chronicle.ChronicleLogStore.open(data(1).resolve("groups").resolve(id),
                nodes[0].groups().get("demo").group().id(), dev.groups.machine.Codecs.bytes())) {
            offset = log.available().start().value();
        }
        assertTrue(offset >= 20, "the log was pruned to a snapshot a tail back: offset " + offset);
        nodes[1] = Node.start(options(1, policy), QUIET);
        eventually(() -> {
            String state = (String) ((Map<?, ?>) ((List<?>) nodes[1].status().get("groups")).get(0)).get("state");
            return state != null && state.startsWith("value 330 ");
        }, "the restarted node has the value back");
    }

    private static void eventually(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 30 s: " + what);
            }
            Thread.sleep(50);
        }
    }
}
