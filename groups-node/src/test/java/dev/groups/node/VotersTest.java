package dev.groups.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.groups.id.PeerId;
import dev.groups.node.internal.AdminFile;
import dev.groups.node.internal.Json;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
 * {@code groups voters list|add|remove} against node daemons in one JVM (in-process transport, in-memory
 * logs), the way an operator would: peer ids from {@code groups keygen --data}, a strict group founded with
 * {@code --voters}, a fourth member made a voter and a founding one removed.
 */
class VotersTest {
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    @TempDir
    Path dir;

    private final String host = "voterstest-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
    private final List<Node> nodes = new ArrayList<>();

    @AfterEach
    void stop() {
        nodes.forEach(Node::close);
    }

    private record Result(int code, String out, String err) {}

    private static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Result ok(String... args) {
        Result r = run(args);
        assertEquals(0, r.code(), String.join(" ", args) + ": " + r.err());
        return r;
    }

    /** The exit status, and one line on stderr saying what is wrong. */
    private static void assertFails(Result r, int code, String expected) {
        assertEquals(code, r.code(), r.out() + r.err());
        List<String> lines = r.err().lines().toList();
        assertEquals(1, lines.size(), "one line: " + r.err());
        assertTrue(lines.get(0).startsWith("groups: ") && lines.get(0).contains(expected),
                "expected '" + expected + "' in: " + lines.get(0));
        assertFalse(r.err().contains("Exception"), r.err());
    }

    private Path data(int i) {
        return dir.resolve("n" + (i + 1));
    }

    private Node start(int i, int of, String... extra) {
        List<String> args = new ArrayList<>(List.of("--data", data(i).toString(), "--listen", host + ":" + (i + 1),
                "--transport", "inprocess", "--storage", "memory", "--group", "demo:" + dir.resolve("demo.key") + ":counter"));
        for (int j = 0; j < of; j++) {
            if (j != i) {
                args.addAll(List.of("--bootstrap", host + ":" + (j + 1)));
            }
        }
        args.addAll(List.of(extra));
        Node n = Node.start(NodeOptions.parse(args), QUIET);
        nodes.add(n);
        return n;
    }

    /** What {@code groups voters list --json} says on node {@code i}. */
    private Map<?, ?> voters(int i) {
        return (Map<?, ?>) Json.parse(ok("voters", "list", "--data", data(i).toString(), "--json").out());
    }

    private static boolean holds(Map<?, ?> doc, List<String> expected) {
        return doc.get("voters").equals(expected.stream().sorted().toList()) && Boolean.TRUE.equals(doc.get("committed"));
    }

    @Test
    void aStrictGroupListsAddsAndRemovesVotersThroughTheCommandLine() throws Exception {
        ok("keygen", dir.resolve("demo.key").toString());
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String id = ok("keygen", "--data", data(i).toString()).out().strip();
            assertTrue(id.matches("[0-9a-f]{64}"), id);
            assertEquals(id, ok("keygen", "--data", data(i).toString()).out().strip(), "the identity is kept");
            ids.add(id);
        }
        String founders = String.join(",", ids.subList(0, 3));
        for (int i = 0; i < 4; i++) { // the fourth joins with the same founding voters: same group, not a voter
            start(i, 4, "--voters", founders);
            assertEquals(ids.get(i), nodes.get(i).network().localId().toString());
        }
        eventually(() -> {
            Optional<PeerId> l = nodes.get(0).groups().get("demo").group().leader();
            return l.isPresent() && nodes.stream().allMatch(n -> n.groups().get("demo").group().leader().equals(l))
                    && leader().groups().get("demo").group().bonds().size() == 3;
        }, "one leader, bonded with the other three");

        // list, on the member that does not vote
        Result list = ok("voters", "list", "--data", data(3).toString());
        assertTrue(list.out().startsWith("group demo: 3 voters, founding configuration, committed\n"), list.out());
        for (int i = 0; i < 3; i++) {
            assertTrue(list.out().contains("  " + ids.get(i)), list.out());
        }
        assertTrue(list.out().contains("members not voting:\n  " + ids.get(3) + "  (this node)"), list.out());
        assertTrue(list.out().contains("  (leader)"), list.out());
        Map<?, ?> doc = voters(3);
        assertTrue(holds(doc, ids.subList(0, 3)), doc.toString());
        assertEquals(Map.of("index", 0L, "term", 0L), doc.get("position"));
        String status = ok("status", "--data", data(3).toString()).out();
        assertTrue(status.contains("  peer id " + ids.get(3) + "\n"), status);
        assertTrue(status.contains("counter  memory log  strict mode\n"), status);
        assertTrue(status.contains("  voters 3 (founding, committed):"), status);
        assertTrue(status.contains("  not voting:  " + ids.get(3).substring(0, 8) + " (this node)\n"), status);

        // add the fourth, asked of a founding voter that does not lead (forwarded to the leader)
        int asked = follower();
        Result add = change("add", asked, ids.get(3).toUpperCase(java.util.Locale.ROOT));
        assertTrue(add.out().matches(ids.get(3) + " votes in group demo: 4 voters, configuration at index \\d+ \\(term \\d+\\), committed\n"),
                add.out());
        for (int i = 0; i < 4; i++) {
            int n = i;
            eventually(() -> holds(voters(n), ids), "node " + n + " holds the committed addition");
        }

        // remove a founding voter that does not lead, asked of the new voter
        int removed = follower();
        List<String> remaining = new ArrayList<>(ids);
        remaining.remove(ids.get(removed));
        Result remove = change("remove", 3, ids.get(removed));
        assertTrue(remove.out().startsWith(ids.get(removed) + " does not vote in group demo: 3 voters, configuration at index "),
                remove.out());
        for (int i = 0; i < 4; i++) {
            int n = i;
            eventually(() -> holds(voters(n), remaining), "node " + n + " holds the committed removal");
        }
        Map<?, ?> gone = voters(removed);
        assertEquals(List.of(ids.get(removed)), gone.get("nonVoters"), "the removed member stays, not voting");
        eventually(() -> run("exec", "--data", data(removed).toString(), "demo", "add 1").out().startsWith("applied at "),
                "the group goes on committing");
        Map<?, ?> group = (Map<?, ?>) ((List<?>) ((Map<?, ?>) Json.parse(ok("status", "--data", data(0).toString(), "--json")
                .out())).get("groups")).get(0);
        assertEquals("strict", group.get("mode"));
        assertEquals(remaining.stream().sorted().toList(), ((Map<?, ?>) group.get("membership")).get("voters"));

        // mistakes: exit 2, one line each
        assertFails(run("voters", "add", "--data", data(0).toString(), "xyz"), 2, "bad peer id 'xyz': a peer id is 64 hex digits");
        assertFails(run("voters", "remove", "--data", data(0).toString(), ids.get(1).substring(0, 8)), 2,
                "'" + ids.get(1).substring(0, 8) + "' is the short form of a peer id: give all 64 hex digits");
        assertFails(run("voters", "list", "--data", data(0).toString(), "--group", "shop"), 2, "no group called 'shop'");
        assertFails(run("voters", "add", "--data", data(0).toString()), 2,
                "'voters add' needs PEER_ID (usage: groups voters add --data DIR PEER_ID)");
        assertFails(run("voters"), 2, "'voters' needs a command: list, add or remove");
        assertFails(run("voters", "lst"), 2, "unknown command 'lst' for 'voters'; did you mean list?");
        assertFails(run("voters", "list"), 2, "'voters list' needs --data DIR");
        assertFails(run("voters", "remove", "--data", data(0).toString(), ids.get(0), "--group"), 2, "--group needs a value");
    }

    /**
     * {@code groups voters add|remove} asked of node {@code i}, until it succeeds: status 1 means the group
     * could not make the change now (an election in between, on a loaded machine), and asking again is what
     * an operator does; both changes are idempotent.
     */
    private Result change(String op, int i, String peer) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            Result r = run("voters", op, "--data", data(i).toString(), peer);
            if (r.code() == 0) {
                return r;
            }
            assertEquals(1, r.code(), r.err());
            if (System.nanoTime() > deadline) {
                throw new AssertionError("voters " + op + " did not succeed within 60 s: " + r.err());
            }
            Thread.sleep(200);
        }
    }

    /**
     * A founding voter that does not lead now. Leadership may move before it is used; the change is then
     * made all the same (forwarded, or by a leader that hands over), only the path differs.
     */
    private int follower() {
        for (int i = 0; i < 3; i++) {
            if (!nodes.get(i).groups().get("demo").group().isLeader()) {
                return i;
            }
        }
        throw new AssertionError("three leaders");
    }

    private Node leader() {
        for (Node n : nodes) {
            if (n.groups().get("demo").group().isLeader()) {
                return n;
            }
        }
        return nodes.get(0); // no leader at this instant: the caller's condition fails and is retried
    }

    @Test
    void aDynamicGroupRefusesVoterChangesAndAStrictOneWithoutALeaderFailsWithStatus1() throws Exception {
        ok("keygen", dir.resolve("demo.key").toString());
        String self = ok("keygen", "--data", data(0).toString()).out().strip();
        start(0, 1);
        assertFails(run("voters", "remove", "--data", data(0).toString(), self), 2,
                "group demo runs in dynamic mode, where whoever is bonded votes; voters are listed and changed only in strict mode");
        assertFails(run("voters", "list", "--data", data(0).toString()), 2, "runs in dynamic mode");
        Map<?, ?> group = (Map<?, ?>) ((List<?>) nodes.get(0).status().get("groups")).get(0);
        assertEquals("dynamic", group.get("mode"));
        assertEquals(null, group.get("membership"));
        assertTrue(ok("status", "--data", data(0).toString()).out().contains("  dynamic mode\n"));

        // strict, with two founding voters that never come: no leader, so no change can be made now
        String lonely = ok("keygen", "--data", data(1).toString()).out().strip();
        start(1, 0, "--voters", lonely + "," + "11".repeat(32) + "," + "22".repeat(32));
        assertFails(run("voters", "add", "--data", data(1).toString(), "33".repeat(32)), 1, "no leader is known: nothing was changed");

        // the endpoint itself: 400 for a body that is not a peer id, 404 for a route it does not have
        AdminFile admin = AdminFile.read(data(1));
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> bad = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin.port()
                        + "/groups/demo/voters/add")).header("Authorization", "Bearer " + admin.token())
                .POST(HttpRequest.BodyPublishers.ofString("not a peer id")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, bad.statusCode(), bad.body());
        assertEquals("bad peer id 'not a peer id': a peer id is 64 hex digits", ((Map<?, ?>) Json.parse(bad.body())).get("error"));
        HttpResponse<String> get = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin.port()
                + "/groups/demo/voters/add")).header("Authorization", "Bearer " + admin.token()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(404, get.statusCode(), get.body());
        HttpResponse<String> noToken = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin.port()
                + "/groups/demo/voters")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, noToken.statusCode(), noToken.body());
    }

    private static void eventually(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 60 s: " + what);
            }
            Thread.sleep(50);
        }
    }
}
