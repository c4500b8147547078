package dev.groups.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.groups.node.internal.AdminFile;
import dev.groups.node.internal.Json;
import dev.groups.node.internal.KeyFiles;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes over QUIC on loopback with Chronicle logs, under load: {@code /metrics} (Prometheus text)
 * moves between scrapes, {@code /health} answers 200 once the leader is known (503 for a node that
 * cannot have one), and {@code status} shows the followers' lag and the log's size on disk.
 */
class MonitoringTest {
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    @TempDir
    Path dir;

    private final List<Node> nodes = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        nodes.forEach(Node::close);
    }

    private Node start(String name, String listen, List<String> extra) {
        List<String> args = new ArrayList<>(List.of("--data", dir.resolve(name).toString(), "--listen", listen,
                "--group", "demo:" + dir.resolve("demo.key") + ":counter"));
        args.addAll(extra);
        Node n = Node.start(NodeOptions.parse(args), QUIET);
        nodes.add(n);
        return n;
    }

    private HttpResponse<String> get(int port, String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** The sum of a metric's samples (every label set) in Prometheus text; -1 when absent. */
    static double sample(String text, String metric, String labelPart) {
        double sum = -1;
        for (String line : text.split("\n")) {
            if (line.startsWith("#") || !(line.startsWith(metric + "{") || line.startsWith(metric + " "))
                    || !line.contains(labelPart)) {
                continue;
            }
            String value = line.substring(line.lastIndexOf(' ') + 1);
            sum = Math.max(sum, 0) + Double.parseDouble(value);
        }
        return sum;
    }

    @Test
    void metricsMoveUnderLoadHealthAnswersOnceALeaderIsKnownAndStatusShowsLagAndLogSize() throws Exception {
        KeyFiles.writeNewGroupKey(dir.resolve("demo.key"));
        Node a = start("a", "127.0.0.1:0", List.of());
        Node b = start("b", "127.0.0.1:0", List.of("--bootstrap", a.network().endpoint().toString(), "--metrics-listen", "127.0.0.1:0"));
        String token = AdminFile.read(dir.resolve("a")).token();
        int aAdmin = a.adminPort();
        int bMetrics = b.metricsPort();
        assertTrue(bMetrics > 0);
        String group = a.groups().get("demo").group().id().shortHex();

        assertEquals(401, get(aAdmin, "/metrics", null).statusCode(), "the admin endpoint wants its token");
        eventually(() -> {
            try {
                return get(aAdmin, "/health", token).statusCode() == 200 && get(bMetrics, "/health", null).statusCode() == 200;
            } catch (Exception e) {
                return false;
            }
        }, "both nodes ready: a leader known");
        Map<?, ?> health = (Map<?, ?>) Json.parse(get(bMetrics, "/health", null).body());
        assertEquals(true, health.get("ready"));
        assertEquals("ready", health.get("status"));
        assertTrue(((Map<?, ?>) ((Map<?, ?>) health.get("groups")).get("demo")).get("leader") != null, health.toString());

        Node leader = a.groups().get("demo").group().isLeader() ? a : b;
        AtomicBoolean loading = new AtomicBoolean(true);
        AtomicLong executed = new AtomicLong();
        Thread load = new Thread(() -> {
            while (loading.get()) {
                try {
                    a.groups().get("demo").execute(List.of("add 1", "add 2")).get(15, TimeUnit.SECONDS);
                    executed.incrementAndGet();
                } catch (Exception e) {
                    // a slow commit under load: the next one goes on
                }
            }
        }, "load");
        load.start();
        try {
            eventually(() -> executed.get() >= 5, "some load committed");
            String first = get(aAdmin, "/metrics", token).body();
            double commits = sample(first, "groups_commits_total", "group=\"" + group + "\"");
            assertTrue(commits > 0, "commits counted:\n" + first);
            eventually(() -> {
                try {
                    String next = get(aAdmin, "/metrics", token).body();
                    return sample(next, "groups_commits_total", "group=\"" + group + "\"") > commits;
                } catch (Exception e) {
                    return false;
                }
            }, "the commit counter moves between scrapes");
        } finally {
            loading.set(false);
            load.join(30_000);
        }

        String text = get(aAdmin, "/metrics", token).body();
        assertTrue(text.contains("# TYPE groups_propose_commit_seconds histogram"), text);
        assertTrue(sample(text, "groups_propose_apply_seconds_count", group) >= executed.get(), text);
        assertTrue(sample(text, "groups_propose_commit_seconds_count", group) > 0, text);
        assertTrue(sample(text, "groups_propose_apply_seconds_bucket", "le=\"+Inf\"") > 0, "histogram buckets: " + text);
        assertTrue(sample(text, "groups_log_flush_seconds_count", group) > 0, text);
        assertTrue(sample(text, "groups_term", group) >= 1, text);
        assertEquals(1.0, sample(text, "groups_bonds", group), text);
        assertEquals(1.0, sample(text, "groups_leader_known", group), text);
        String bPeer = b.network().localId().shortHex();
        assertTrue(sample(text, "groups_bond_last_frame_age_seconds", "peer=\"" + bPeer + "\"") >= 0, text);
        assertTrue(sample(text, "groups_log_bytes", group) > 0, "the Chronicle log's size: " + text);
        assertTrue(sample(text, "groups_log_entries", group) > 0, text);
        assertTrue(sample(text, "groups_commit_index", group) > 0, text);
        assertEquals(0.0, sample(text, "groups_sync_active", group), text);
        assertTrue(sample(text, "jvm_memory_used_bytes", "area=") > 0, "the JVM's meters too");
        String bText = get(bMetrics, "/metrics", null).body();
        assertEquals(1.0, sample(text, "groups_leader", group) + sample(bText, "groups_leader", group),
                "exactly one of the two leads");

        // status: the leader lists its follower with its match index and lag, and the log's size
        eventually(() -> {
            Map<String, Object> s = leader.status();
            Map<?, ?> g = (Map<?, ?>) ((List<?>) s.get("groups")).get(0);
            List<?> followers = (List<?>) g.get("followers");
            return followers != null && followers.size() == 1
                    && ((Number) ((Map<?, ?>) followers.get(0)).get("lag")).longValue() == 0
                    && ((Number) g.get("logBytes")).longValue() > 0;
        }, "the follower caught up, in the leader's status");
        Path leaderDir = dir.resolve(leader == a ? "a" : "b");
        String status = run("status", "--data", leaderDir.toString());
        assertTrue(status.contains("followers (match index, lag):  "), status);
        assertTrue(status.matches("(?s).*committed \\d+  log \\d+ \\(term \\d+\\)  \\d+(\\.\\d)? (B|KiB|MiB) on disk.*"), status);
        String json = run("status", "--data", leaderDir.toString(), "--json");
        Map<?, ?> g = (Map<?, ?>) ((List<?>) ((Map<?, ?>) Json.parse(json)).get("groups")).get(0);
        assertTrue(((Number) g.get("logBytes")).longValue() > 0, json);
        assertEquals(0L, ((Number) ((Map<?, ?>) ((List<?>) g.get("followers")).get(0)).get("lag")).longValue(), json);
    }

    @Test
    void healthIs503WhileAGroupHasNoLeader() throws Exception {
        KeyFiles.writeNewGroupKey(dir.resolve("demo.key"));
        // strict mode with two other voters that never come: it can never elect a leader
        Node lonely = start("lonely", "monitoring-" + Long.toHexString(System.nanoTime()) + ":1",
                List.of("--voters", "11".repeat(32) + "," + "22".repeat(32), "--transport", "inprocess",
                        "--metrics-listen", "127.0.0.1:0"));
        HttpResponse<String> r = get(lonely.metricsPort(), "/health", null);
        assertEquals(503, r.statusCode(), r.body());
        Map<?, ?> body = (Map<?, ?>) Json.parse(r.body());
        assertEquals(false, body.get("ready"));
        assertEquals(true, body.get("live"));
        Map<?, ?> demo = (Map<?, ?>) ((Map<?, ?>) body.get("groups")).get("demo");
        assertEquals(false, demo.get("ready"));
        assertEquals(true, demo.get("member"));
        assertEquals(null, demo.get("leader"));
        assertEquals(200, get(lonely.metricsPort(), "/health/live", null).statusCode(), "live all the same");
        assertEquals(0.0, sample(get(lonely.metricsPort(), "/metrics", null).body(), "groups_leader_known", "group="));
    }

    private static String run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    private static void eventually(Supplier<Boolean> condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 90 s: " + what);
            }
            Thread.sleep(100);
        }
    }
}
