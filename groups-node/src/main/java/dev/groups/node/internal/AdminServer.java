package dev.groups.node.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.groups.log.IndexRange;
import dev.groups.machine.Consistency;
import dev.groups.node.ConfigException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The node's admin endpoint: HTTP on the loopback interface only, every request authenticated with
 * the token of the {@link AdminFile}. Routes:
 * <ul>
 *   <li>{@code GET /status}: the node's status document (JSON);</li>
 *   <li>{@code POST /groups/NAME/execute}: the body's lines as commands of the group's machine, executed
 *       as one batch; answers {@code {"first":i,"last":j}} once applied here;</li>
 *   <li>{@code POST /groups/NAME/query?consistency=weak|strong}: the body as one query.</li>
 * </ul>
 * Requests run on four daemon threads; a request waits at most {@value #WAIT_SECONDS} s for its group.
 */
public final class AdminServer implements AutoCloseable {
    private static final int WAIT_SECONDS = 10;
    private static final int MAX_BODY = 1 << 20;

    private final HttpServer server;
    private final ExecutorService threads;
    private final byte[] token;
    private final Supplier<Map<String, Object>> status;
    private final Function<String, JoinedGroup<?, ?, ?>> groups;

    private AdminServer(HttpServer server, ExecutorService threads, String token, Supplier<Map<String, Object>> status,
                        Function<String, JoinedGroup<?, ?, ?>> groups) {
        this.server = server;
        this.threads = threads;
        this.token = token.getBytes(StandardCharsets.US_ASCII);
        this.status = status;
        this.groups = groups;
    }

    /**
     * Starts listening on {@code 127.0.0.1:port} (0: any free port).
     *
     * @param groups the group of a local name, or null
     */
    public static AdminServer start(int port, String token, Supplier<Map<String, Object>> status,
                                    Function<String, JoinedGroup<?, ?, ?>> groups) {
        HttpServer http;
        try {
            http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        } catch (BindException e) {
            throw new ConfigException("admin port " + port + " is in use (choose another with --admin-port, or 0)");
        } catch (IOException e) {
            throw new ConfigException("cannot start the admin endpoint: " + e.getMessage());
        }
        ExecutorService threads = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "admin");
            t.setDaemon(true);
            return t;
        });
        AdminServer s = new AdminServer(http, threads, token, status, groups);
        http.setExecutor(threads);
        http.createContext("/", s::handle);
        http.start();
        return s;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if (!authorized(ex)) {
                reply(ex, 401, error("missing or wrong admin token"));
                return;
            }
            String path = ex.getRequestURI().getPath();
            String method = ex.getRequestMethod();
            if (path.equals("/status") && method.equals("GET")) {
                reply(ex, 200, status.get());
                return;
            }
            String[] parts = path.split("/");
            if (parts.length == 4 && parts[1].equals("groups") && method.equals("POST")) {
                JoinedGroup<?, ?, ?> g = groups.apply(URLDecoder.decode(parts[2], StandardCharsets.UTF_8));
                if (g == null) {
                    reply(ex, 404, error("this node has no group called '" + parts[2] + "'"));
                    return;
                }
                String body = body(ex);
                switch (parts[3]) {
                    case "execute" -> execute(ex, g, body);
                    case "query" -> query(ex, g, body);
                    default -> reply(ex, 404, error("no route " + path));
                }
                return;
            }
            reply(ex, 404, error("no route " + method + " " + path));
        } catch (RuntimeException e) {
            reply(ex, 500, error(e.toString()));
        }
    }

    private void execute(HttpExchange ex, JoinedGroup<?, ?, ?> g, String body) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (!line.isBlank()) {
                lines.add(line);
            }
        }
        if (lines.isEmpty()) {
            reply(ex, 400, error("no commands in the request body"));
            return;
        }
        try {
            IndexRange r = g.execute(lines).get(WAIT_SECONDS, TimeUnit.SECONDS);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("first", r.start().value());
            m.put("last", r.end().value());
            reply(ex, 200, m);
        } catch (IllegalArgumentException e) {
            reply(ex, 400, error(e.getMessage()));
        } catch (ExecutionException | TimeoutException e) {
            reply(ex, 503, error(failure(e)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reply(ex, 503, error("interrupted"));
        }
    }

    private void query(HttpExchange ex, JoinedGroup<?, ?, ?> g, String body) throws IOException {
        String q = ex.getRequestURI().getQuery();
        Consistency c = q != null && q.contains("consistency=strong") ? Consistency.STRONG : Consistency.WEAK;
        try {
            String result = g.query(body.strip(), c).get(WAIT_SECONDS, TimeUnit.SECONDS);
            reply(ex, 200, Map.of("result", result));
        } catch (IllegalArgumentException e) {
            reply(ex, 400, error(e.getMessage()));
        } catch (ExecutionException | TimeoutException e) {
            reply(ex, 503, error(failure(e)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reply(ex, 503, error("interrupted"));
        }
    }

    private static String failure(Exception e) {
        if (e instanceof TimeoutException) {
            return "no answer within " + WAIT_SECONDS + " s (is the group online?)";
        }
        Throwable cause = e.getCause() == null ? e : e.getCause();
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }

    private boolean authorized(HttpExchange ex) {
        String h = ex.getRequestHeaders().getFirst("Authorization");
        if (h == null || !h.startsWith("Bearer ")) {
            return false;
        }
        return MessageDigest.isEqual(token, h.substring(7).trim().getBytes(StandardCharsets.US_ASCII));
    }

    private static String body(HttpExchange ex) throws IOException {
        byte[] b = ex.getRequestBody().readNBytes(MAX_BODY + 1);
        if (b.length > MAX_BODY) {
            throw new IllegalArgumentException("request body over " + MAX_BODY + " bytes");
        }
        return new String(b, StandardCharsets.UTF_8);
    }

    private static Map<String, Object> error(String message) {
        return Map.of("error", message);
    }

    private static void reply(HttpExchange ex, int code, Object body) throws IOException {
        byte[] bytes = Json.write(body).getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(code, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
