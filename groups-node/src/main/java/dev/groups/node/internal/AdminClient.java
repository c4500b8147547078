package dev.groups.node.internal;

import dev.groups.node.ConfigException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Talks to the admin endpoint of the node running in a data directory (see {@link AdminServer}). */
public final class AdminClient {
    private final Path dataDir;
    private final HttpClient http;
    private final Duration timeout;

    public AdminClient(Path dataDir) {
        this(dataDir, Duration.ofSeconds(15));
    }

    public AdminClient(Path dataDir, Duration timeout) {
        this.dataDir = dataDir;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    }

    /** The status document. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> status() {
        return (Map<String, Object>) send("GET", "/status", null);
    }

    /** Executes commands (one per line) in the group called {@code group}; returns {@code {first,last}}. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> execute(String group, List<String> commands) {
        return (Map<String, Object>) send("POST", "/groups/" + enc(group) + "/execute", String.join("\n", commands));
    }

    /** Runs one query in the group; returns its result as text and the log index it was read at. */
    public QueryAnswer query(String group, String query, boolean strong) {
        Map<?, ?> r = (Map<?, ?>) send("POST", "/groups/" + enc(group) + "/query?consistency="
                + (strong ? "strong" : "weak"), query);
        if (!(r.get("index") instanceof Number index)) {
            throw new ConfigException("the node in " + dataDir + " answered a query without its index: is it older than this tool?");
        }
        return new QueryAnswer(String.valueOf(r.get("result")), index.longValue());
    }

    /** A query's result, as the machine formats it, and the log index the state was read at. */
    public record QueryAnswer(String result, long index) {}

    /** The voters of a strict-mode group as this node's log holds them (see {@link VoterRoutes}). */
    @SuppressWarnings("unchecked")
    public Map<String, Object> voters(String group) {
        return (Map<String, Object>) send("GET", "/groups/" + enc(group) + "/voters", null);
    }

    /**
     * Adds ({@code add}) or removes the voter {@code peer} (64 hex digits) and waits for the change to
     * commit; returns the configuration that made it. Waits longer than the other calls: the node itself
     * waits up to {@value VoterRoutes#CHANGE_WAIT_SECONDS} s for the group.
     */
    @SuppressWarnings("unchecked")
    public Map<String, Object> changeVoter(String group, boolean add, String peer) {
        Duration wait = Duration.ofSeconds(VoterRoutes.CHANGE_WAIT_SECONDS).plus(timeout);
        return (Map<String, Object>) send("POST", "/groups/" + enc(group) + "/voters/" + (add ? "add" : "remove"), peer, wait);
    }

    private Object send(String method, String path, String body) {
        return send(method, path, body, timeout);
    }

    private Object send(String method, String path, String body, Duration timeout) {
        AdminFile admin = AdminFile.read(dataDir);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin.port() + path))
                .timeout(timeout).header("Authorization", "Bearer " + admin.token());
        b = body == null ? b.GET() : b.method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        HttpResponse<String> r;
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (ConnectException e) {
            throw new NotRunning("the node in " + dataDir + " is not running (nothing answers on its admin port "
                    + admin.port() + ")");
        } catch (IOException e) {
            throw new NotRunning("the node in " + dataDir + " did not answer: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConfigException("interrupted");
        }
        Object parsed;
        try {
            parsed = Json.parse(r.body());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("the node in " + dataDir + " sent a malformed answer (HTTP " + r.statusCode() + ")");
        }
        if (r.statusCode() != 200) {
            Object error = parsed instanceof Map<?, ?> m ? m.get("error") : null;
            throw new Refused(r.statusCode(), (r.statusCode() == 413 ? "the node refused a request too large: " : "")
                    + error);
        }
        return parsed;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** Nothing answers in that directory (no node, or a stale admin file). */
    public static final class NotRunning extends ConfigException {
        private static final long serialVersionUID = 1L;

        NotRunning(String message) {
            super(message);
        }
    }

    /** The node answered with an error (bad command, group offline…). */
    public static final class Refused extends ConfigException {
        private static final long serialVersionUID = 1L;
        private final int status;

        Refused(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }
}
