package dev.groups.node.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.groups.log.IndexRange;
import dev.groups.machine.Consistency;
import dev.groups.machine.QueryResultAt;
import dev.groups.node.ConfigException;
import java.io.IOException;
import java.io.InputStream;
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
import java.util.Objects;
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
 *   <li>{@code GET /metrics}: every meter in the Prometheus text format ({@link NodeMetrics});</li>
 *   <li>{@code GET /health}: readiness, 200 when the node is a member of every configured group and each
 *       has a known leader, 503 otherwise, with a JSON body saying which group is not; {@code GET
 *       /health/live}: 200 while the node answers;</li>
 *   <li>{@code POST /groups/NAME/execute}: the body's lines as commands of the group's machine, executed
 *       as one batch; answers {@code {"first":i,"last":j}} once applied here;</li>
 *   <li>{@code POST /groups/NAME/query?consistency=weak|strong}: the body as one query; answers
 *       {@code {"result":"…","index":i}}, the index the state was read at;</li>
 *   <li>{@code GET /groups/NAME/voters} and {@code POST /groups/NAME/voters/add|remove} (the body a peer
 *       id): a strict-mode group's voters, listed and changed ({@link VoterRoutes}).</li>
 * </ul>
 * Errors are JSON too, {@code {"error":"…"}}: 401 (token), 404 (group or route), 400 (a command the
 * machine cannot parse), 413 (a body over {@value #MAX_BODY} bytes), 503 (no answer from the group); the
 * voter routes add 409 and 504 (see {@link VoterRoutes}). Requests run on four daemon threads; a request
 * waits at most {@value #WAIT_SECONDS} s for its group, a voter change {@value VoterRoutes#CHANGE_WAIT_SECONDS} s.
 *
 * <p>{@link #startMetrics} serves only {@code /metrics} and {@code /health} (and {@code /health/live}),
 * without a token, on an address the operator chose ({@code --metrics-listen}) for Prometheus and probes:
 * they show no key material and change nothing.
 */
public final class AdminServer implements AutoCloseable {
    private static final int WAIT_SECONDS = 10;
    /** The largest request body read (1 MiB: tens of thousands of commands; split bigger batches). */
    public static final int MAX_BODY = 1 << 20;
    /**
     * How much of a body over {@link #MAX_BODY} is read and dropped before answering 413: a client
     * still writing when the server closes gets a connection reset instead of the answer, so the
     * rest is drained; past this much the connection is closed unread.
     */
    private static final long MAX_DRAIN = 64L << 20;

    private final HttpServer server;
    private final ExecutorService threads;
    private final byte[] token;
    private final Supplier<Map<String, Object>> status;
    private final Function<String, JoinedGroup<?, ?, ?>> groups;
    private final Supplier<String> metrics;
    private final Supplier<Health> health;

    /**
     * What {@code GET /health} answers.
     *
     * @param ready 200 when true, 503 when false
     * @param body  the JSON body
     */
    public record Health(boolean ready, Map<String, Object> body) {}

    private AdminServer(HttpServer server, ExecutorService threads, String token, Supplier<Map<String, Object>> status,
                        Function<String, JoinedGroup<?, ?, ?>> groups, Supplier<String> metrics, Supplier<Health> health) {
        this.server = server;
        this.threads = threads;
        this.token = token == null ? null : token.getBytes(StandardCharsets.US_ASCII);
        this.status = status;
        this.groups = groups;
        this.metrics = metrics;
        this.health = health;
    }

    /**
     * Starts listening on {@code 127.0.0.1:port} (0: any free port).
     *
     * @param groups the group of a local name, or null
     */
    public static AdminServer start(int port, String token, Supplier<Map<String, Object>> status,
                                    Function<String, JoinedGroup<?, ?, ?>> groups, Supplier<String> metrics,
                                    Supplier<Health> health) {
        HttpServer http;
        try {
            http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        } catch (BindException e) {
            throw new ConfigException("admin port " + port + " is in use (choose another with --admin-port, or 0)");
        } catch (IOException e) {
            throw new ConfigException("cannot start the admin endpoint: " + e.getMessage());
        }
        return serve(http, "admin", Objects.requireNonNull(token, "token"), status, groups, metrics, health);
    }

    /**
     * Starts the read-only endpoint of {@code --metrics-listen} on {@code host:port}: {@code /metrics} and
     * {@code /health} only, no token.
     */
    public static AdminServer startMetrics(String host, int port, Supplier<String> metrics, Supplier<Health> health) {
        HttpServer http;
        try {
            http = HttpServer.create(new InetSocketAddress(InetAddress.getByName(host), port), 16);
        } catch (BindException e) {
            throw new ConfigException("--metrics-listen: " + host + ":" + port + " is in use");
        } catch (IOException e) {
            throw new ConfigException("--metrics-listen: cannot listen on " + host + ":" + port + ": " + e.getMessage());
        }
        return serve(http, "metrics", null, null, name -> null, metrics, health);
    }

    private static AdminServer serve(HttpServer http, String name, String token, Supplier<Map<String, Object>> status,
                                     Function<String, JoinedGroup<?, ?, ?>> groups, Supplier<String> metrics,
                                     Supplier<Health> health) {
        ExecutorService threads = Executors.newFixedThreadPool(token == null ? 2 : 4, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        AdminServer s = new AdminServer(http, threads, token, status, groups, metrics, health);
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
            if (token != null && !authorized(ex)) {
                reply(ex, 401, error("missing or wrong admin token"));
                return;
            }
            String path = ex.getRequestURI().getPath();
            String method = ex.getRequestMethod();
            if (method.equals("GET") && path.equals("/metrics")) {
                byte[] text = metrics.get().getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("Content-Type", NodeMetrics.CONTENT_TYPE);
                ex.sendResponseHeaders(200, text.length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(text);
                }
                return;
            }
            if (method.equals("GET") && path.equals("/health")) {
                Health h = health.get();
                reply(ex, h.ready() ? 200 : 503, h.body());
                return;
            }
            if (method.equals("GET") && path.equals("/health/live")) {
                reply(ex, 200, Map.of("live", true));
                return;
            }
            if (token == null) {
                reply(ex, 404, error("no route " + method + " " + path + " (this endpoint serves /metrics and /health)"));
                return;
            }
            if (path.equals("/status") && method.equals("GET")) {
                reply(ex, 200, status.get());
                return;
            }
            String[] parts = path.split("/");
            if ((parts.length == 4 || parts.length == 5) && parts[1].equals("groups") && parts[3].equals("voters")) {
                voters(ex, method, path, parts);
                return;
            }
            if (parts.length == 4 && parts[1].equals("groups") && method.equals("POST")) {
                // the body first: every answer below leaves the connection usable
                String body = body(ex);
                if (body == null) {
                    return; // too large, answered
                }
                JoinedGroup<?, ?, ?> g = groups.apply(URLDecoder.decode(parts[2], StandardCharsets.UTF_8));
                if (g == null) {
                    reply(ex, 404, error("this node has no group called '" + parts[2] + "'"));
                    return;
                }
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

    private void voters(HttpExchange ex, String method, String path, String[] parts) throws IOException {
        String op = parts.length == 5 ? parts[4] : "";
        boolean list = op.isEmpty() && method.equals("GET");
        boolean change = (op.equals("add") || op.equals("remove")) && method.equals("POST");
        if (!list && !change) {
            reply(ex, 404, error("no route " + method + " " + path + " (GET /groups/NAME/voters, "
                    + "POST /groups/NAME/voters/add or /remove)"));
            return;
        }
        String body = change ? body(ex) : null;
        if (change && body == null) {
            return; // too large, answered
        }
        String name = URLDecoder.decode(parts[2], StandardCharsets.UTF_8);
        JoinedGroup<?, ?, ?> g = groups.apply(name);
        if (g == null) {
            reply(ex, 404, error("this node has no group called '" + name + "'"));
            return;
        }
        VoterRoutes.Answer a = list ? VoterRoutes.list(g) : VoterRoutes.change(g, op.equals("add"), body);
        reply(ex, a.status(), a.body());
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
            QueryResultAt<String> r = g.query(body.strip(), c).get(WAIT_SECONDS, TimeUnit.SECONDS);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("result", r.result());
            m.put("index", r.position().value());
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

    /** The request body as text, or null when it is over {@link #MAX_BODY} bytes (then 413 was answered). */
    private static String body(HttpExchange ex) throws IOException {
        long declared = -1;
        try {
            String h = ex.getRequestHeaders().getFirst("Content-Length");
            declared = h == null ? -1 : Long.parseLong(h.trim());
        } catch (NumberFormatException e) {
            // chunked or garbled: counted while reading
        }
        if (declared <= MAX_BODY) {
            byte[] b = ex.getRequestBody().readNBytes(MAX_BODY + 1);
            if (b.length <= MAX_BODY) {
                return new String(b, StandardCharsets.UTF_8);
            }
        }
        if (declared <= MAX_DRAIN) {
            drain(ex.getRequestBody(), MAX_DRAIN);
        } else {
            ex.getResponseHeaders().set("Connection", "close");
        }
        reply(ex, 413, error("request body " + (declared > 0 ? "of " + declared + " bytes " : "")
                + "is over the admin endpoint's limit of " + MAX_BODY + " bytes; send fewer commands per request"));
        return null;
    }

    private static void drain(InputStream in, long max) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        for (int n; total < max && (n = in.read(buffer)) >= 0; ) {
            total += n;
        }
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
