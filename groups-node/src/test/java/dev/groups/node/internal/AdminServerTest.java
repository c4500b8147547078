package dev.groups.node.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.groups.node.Main;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin endpoint's limits: a body over {@link AdminServer#MAX_BODY} gets a JSON 413, never a reset. */
class AdminServerTest {
    @TempDir
    Path dir;

    private AdminServer server;
    private AdminFile admin;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        admin = AdminFile.fresh(0);
        // no groups: a request that gets past the body check answers 404
        server = AdminServer.start(0, admin.token(), () -> Map.of("node", "test"), name -> null,
                () -> "# TYPE up gauge\nup 1.0\n", () -> new AdminServer.Health(false, Map.of("ready", false)));
        admin = new AdminFile(server.port(), admin.token());
        admin.write(dir);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> post(HttpRequest.BodyPublisher body) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin.port() + "/groups/g/execute"))
                .header("Authorization", "Bearer " + admin.token()).POST(body).build();
        return http.send(r, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static byte[] commands(int bytes) {
        byte[] b = new byte[bytes];
        Arrays.fill(b, (byte) 'x');
        for (int i = 99; i < bytes; i += 100) {
            b[i] = '\n';
        }
        return b;
    }

    @Test
    void aBodyOverTheLimitGetsAJsonErrorAndTheConnectionStaysUsable() throws Exception {
        HttpResponse<String> r = post(HttpRequest.BodyPublishers.ofByteArray(commands(3 * AdminServer.MAX_BODY)));
        assertEquals(413, r.statusCode(), r.body());
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(""));
        Map<?, ?> error = (Map<?, ?>) Json.parse(r.body());
        assertEquals("request body of " + 3 * AdminServer.MAX_BODY + " bytes is over the admin endpoint's limit of "
                + AdminServer.MAX_BODY + " bytes; send fewer commands per request", error.get("error"));

        // the same client (and connection) goes on working
        HttpResponse<String> status = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin.port() + "/status"))
                .header("Authorization", "Bearer " + admin.token()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, status.statusCode(), status.body());
    }

    private HttpResponse<String> get(int port, String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    @Test
    void metricsAndHealthNeedTheTokenOnTheAdminEndpointAndNotOnTheMetricsListener() throws Exception {
        assertEquals(401, get(admin.port(), "/metrics", null).statusCode());
        assertEquals(401, get(admin.port(), "/health", "wrong").statusCode());
        HttpResponse<String> metrics = get(admin.port(), "/metrics", admin.token());
        assertEquals(200, metrics.statusCode());
        assertEquals(NodeMetrics.CONTENT_TYPE, metrics.headers().firstValue("Content-Type").orElse(""));
        assertEquals("# TYPE up gauge\nup 1.0\n", metrics.body());
        HttpResponse<String> health = get(admin.port(), "/health", admin.token());
        assertEquals(503, health.statusCode(), "not ready");
        assertEquals(Map.of("ready", false), Json.parse(health.body()));
        assertEquals(200, get(admin.port(), "/health/live", admin.token()).statusCode());

        AdminServer open = AdminServer.startMetrics("127.0.0.1", 0, () -> "up 1.0\n",
                () -> new AdminServer.Health(true, Map.of("ready", true)));
        try {
            assertEquals(200, get(open.port(), "/metrics", null).statusCode(), "no token on the metrics listener");
            assertEquals(200, get(open.port(), "/health", null).statusCode());
            assertEquals(404, get(open.port(), "/status", null).statusCode(), "only metrics and health there");
            assertEquals(404, get(open.port(), "/status", admin.token()).statusCode(), "not even with the admin token");
        } finally {
            open.close();
        }
    }

    @Test
    void aChunkedBodyWithoutALengthIsCountedAsItIsRead() throws Exception {
        byte[] big = commands(AdminServer.MAX_BODY + 1);
        HttpResponse<String> r = post(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)));
        assertEquals(413, r.statusCode(), r.body());
        assertTrue(((String) ((Map<?, ?>) Json.parse(r.body())).get("error")).startsWith("request body is over the admin endpoint's limit"),
                r.body());
    }

    @Test
    void aBodyAtTheLimitIsRead() throws Exception {
        HttpResponse<String> r = post(HttpRequest.BodyPublishers.ofByteArray(commands(AdminServer.MAX_BODY)));
        assertEquals(404, r.statusCode(), "read, then no such group: " + r.body());
        assertEquals("this node has no group called 'g'", ((Map<?, ?>) Json.parse(r.body())).get("error"));
    }

    @Test
    void theCliSaysTheRequestWasTooLargeInOneLine() {
        List<String> args = new ArrayList<>(List.of("exec", "--data", dir.toString(), "g"));
        String command = "put key " + "v".repeat(1000);
        for (int i = 0; i < 1100; i++) { // about 1.1 MB of commands
            args.add(command);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args.toArray(new String[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String said = err.toString(StandardCharsets.UTF_8);
        assertEquals(Main.CONFIG_ERROR, code, said);
        assertEquals(1, said.lines().count(), said);
        assertTrue(said.startsWith("groups: the node refused a request too large: request body of "), said);
        assertTrue(said.contains("is over the admin endpoint's limit of 1048576 bytes; send fewer commands per request"), said);
        assertFalse(said.contains("did not answer") || said.contains("reset"), said);
    }
}
