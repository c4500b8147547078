package dev.groups.node.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.groups.node.Main;
import dev.groups.node.internal.AdminClient;
import dev.groups.node.internal.KeyFiles;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three {@code groups node} processes over real QUIC on loopback (the way the README starts them by
 * hand): they form a group, {@code groups status} shows it, a command goes through one and is read
 * on another, and SIGTERM stops each cleanly.
 */
class NodeProcessesTest {
    @TempDir
    Path dir;

    private DemoNodes.Processes nodes;

    @AfterEach
    void stop() {
        if (nodes != null) {
            nodes.stopAll();
        }
    }

    @Test
    void threeNodeProcessesFormAGroupThatStatusShows() throws Exception {
        Path key = dir.resolve("demo.key");
        KeyFiles.writeNewGroupKey(key);
        nodes = new DemoNodes.Processes(dir, key);
        for (int i = 0; i < 3; i++) {
            nodes.start(i);
        }
        List<Map<?, ?>> groups = eventually(() -> {
            List<Map<?, ?>> gs = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Map<String, Object> s = new AdminClient(nodes.dataDir(i), Duration.ofSeconds(3)).status();
                Map<?, ?> g = (Map<?, ?>) ((List<?>) s.get("groups")).get(0);
                if (g.get("leader") == null || ((List<?>) g.get("bonds")).size() != 2) {
                    return null;
                }
                gs.add(g);
            }
            return gs.stream().map(g -> g.get("leader")).distinct().count() == 1 ? gs : null;
        }, "three processes bonded with one leader");
        assertEquals(1, groups.stream().filter(g -> "leader".equals(g.get("role"))).count());

        String text = run("status", "--data", nodes.dataDir(0).toString(), "--data", nodes.dataDir(1).toString(),
                "--data", nodes.dataDir(2).toString());
        assertEquals(3, text.split("listening on 127.0.0.1:", -1).length - 1, text);
        assertEquals(3, text.split("\\(quic\\)", -1).length - 1, text);
        assertEquals(3, text.split("bonds 2:", -1).length - 1, text);

        assertTrue(run("exec", "--data", nodes.dataDir(0).toString(), "demo", "put greeting hello").startsWith("applied at"));
        assertTrue(run("query", "--data", nodes.dataDir(2).toString(), "demo", "get greeting", "--strong").strip()
                .matches("hello \\(at index \\d+\\)"));

        nodes.stopAll(); // SIGTERM
        for (int i = 0; i < 3; i++) {
            String log = Files.readString(nodes.logFile(i));
            assertTrue(log.contains("stopped: groups left, logs synced"), log);
            assertFalse(log.contains("Exception"), log);
            assertFalse(Files.exists(nodes.dataDir(i).resolve("admin")));
        }
    }

    private static String run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    private <T> T eventually(java.util.function.Supplier<T> probe, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            String exited = nodes.unexpectedExit();
            if (exited != null) {
                throw new AssertionError(exited);
            }
            try {
                T v = probe.get();
                if (v != null) {
                    return v;
                }
            } catch (RuntimeException e) {
                // not up yet
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 60 s: " + what);
            }
            Thread.sleep(100);
        }
    }
}
