package dev.groups.node;

import dev.groups.node.demo.Demo;
import dev.groups.node.internal.AdminClient;
import dev.groups.node.internal.Args;
import dev.groups.node.internal.Json;
import dev.groups.node.internal.KeyFiles;
import dev.groups.node.internal.StatusText;
import dev.groups.plugin.PluginNotFoundException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code bin/groups}: the node daemon and its tools.
 *
 * <pre>
 * groups node --data DIR --listen HOST:PORT [--bootstrap HOST:PORT]… --group NAME:KEYFILE:MACHINE…
 *             [--storage chronicle|memory] [--advertise HOST:PORT] [--network NAME] [--voting-members N]
 *             [--jwt SETTING=VALUE]… [--jwt-ticket FILE] [--admin-port N]
 * groups status --data DIR [--data DIR]… [--json]
 * groups keygen FILE
 * groups exec --data DIR GROUP COMMAND…
 * groups query --data DIR GROUP QUERY [--strong]
 * groups demo [--in-process] [--commands N] [--keep]
 * </pre>
 *
 * Configuration errors print one line, {@code groups: <what is wrong>}, and exit with status 2; no
 * stack trace unless {@code GROUPS_DEBUG=1}.
 */
public final class Main {
    /** Exit status of a configuration error. */
    public static final int CONFIG_ERROR = 2;

    private Main() {}

    public static void main(String[] args) {
        quietLogging();
        int code = run(args, System.out, System.err);
        if (code >= 0) {
            System.exit(code);
        }
    }

    /**
     * Runs a command and returns its exit status; for {@code node}, only once the node stopped (a
     * negative status: leave the JVM to its shutdown hooks, which already stopped the node).
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.println("groups: no command (try: groups help)");
            return CONFIG_ERROR;
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        try {
            return switch (args[0]) {
                case "node" -> node(rest, out);
                case "status" -> status(rest, out);
                case "keygen" -> keygen(rest, out);
                case "exec" -> exec(rest, out);
                case "query" -> query(rest, out);
                case "demo" -> Demo.run(rest, out, err);
                case "help", "--help", "-h" -> {
                    out.print(USAGE);
                    yield 0;
                }
                default -> throw new ConfigException("unknown command '" + args[0] + "' (try: groups help)");
            };
        } catch (ConfigException | PluginNotFoundException e) {
            err.println("groups: " + oneLine(e.getMessage()));
            debug(e, err);
            return CONFIG_ERROR;
        } catch (RuntimeException | Error e) {
            err.println("groups: unexpected error: " + oneLine(String.valueOf(e))
                    + (debugging() ? "" : " (GROUPS_DEBUG=1 shows the stack trace)"));
            debug(e, err);
            return 1;
        }
    }

    private static int node(List<String> args, PrintStream out) {
        NodeOptions options = NodeOptions.parse(args);
        if (options.groups().isEmpty()) {
            out.println("note: no --group given; this node only relays discovery");
        }
        Node node = Node.start(options, out);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.close(); // SIGTERM / Ctrl-C: departure to every peer, logs synced and closed
            stopped.countDown();
        }, "groups-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return -1;
    }

    private static int status(List<String> argv, PrintStream out) {
        Args a = Args.parse("status", argv, Set.of("data"), Set.of("json"));
        List<String> dirs = a.all("data");
        if (dirs.isEmpty()) {
            throw new ConfigException("'status' needs --data DIR (the node's data directory)");
        }
        List<Object> all = new ArrayList<>();
        int down = 0;
        for (String d : dirs) {
            try {
                Map<String, Object> s = new AdminClient(Path.of(d)).status();
                all.add(s);
                if (!a.flag("json")) {
                    out.print(StatusText.render(s));
                }
            } catch (AdminClient.NotRunning e) {
                if (dirs.size() == 1) {
                    throw e;
                }
                down++;
                if (!a.flag("json")) {
                    out.println(d + ": " + e.getMessage());
                }
            }
        }
        if (a.flag("json")) {
            out.println(Json.write(all.size() == 1 ? all.get(0) : all));
        }
        return down == 0 ? 0 : 1;
    }

    private static int keygen(List<String> argv, PrintStream out) {
        Args a = Args.parse("keygen", argv, Set.of(), Set.of());
        if (a.positional().size() != 1) {
            throw new ConfigException("usage: groups keygen FILE");
        }
        Path file = Path.of(a.positional().get(0));
        KeyFiles.writeNewGroupKey(file);
        out.println("wrote a new group key to " + file + " (mode 600); copy it to every member, keep it secret");
        return 0;
    }

    private static int exec(List<String> argv, PrintStream out) {
        Args a = Args.parse("exec", argv, Set.of("data"), Set.of());
        if (a.positional().size() < 2) {
            throw new ConfigException("usage: groups exec --data DIR GROUP COMMAND…");
        }
        List<String> p = a.positional();
        Map<String, Object> r = new AdminClient(Path.of(a.required("data"))).execute(p.get(0), p.subList(1, p.size()));
        out.println("applied at " + (r.get("first").equals(r.get("last")) ? r.get("first") : r.get("first") + ".." + r.get("last")));
        return 0;
    }

    private static int query(List<String> argv, PrintStream out) {
        Args a = Args.parse("query", argv, Set.of("data"), Set.of("strong"));
        if (a.positional().size() != 2) {
            throw new ConfigException("usage: groups query --data DIR GROUP QUERY [--strong]");
        }
        out.println(new AdminClient(Path.of(a.required("data"))).query(a.positional().get(0), a.positional().get(1),
                a.flag("strong")));
        return 0;
    }

    /**
     * Chronicle and Netty log through SLF4J and the runtime through {@code System.Logger}: warnings
     * and errors only, one line each, unless the user configured otherwise.
     */
    static void quietLogging() {
        setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        setIfAbsent("org.slf4j.simpleLogger.logFile", "System.err");
        setIfAbsent("java.util.logging.SimpleFormatter.format", "%1$tT %4$s %3$s: %5$s%6$s%n");
        setIfAbsent("chronicle.analytics.disable", "true");
        setIfAbsent("chronicle.announcer.disable", "true");
        setIfAbsent("disable.perf.info", "true");
        Logger.getLogger("").setLevel(Level.WARNING);
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replace('\n', ' ').strip();
    }

    private static boolean debugging() {
        return "1".equals(System.getenv("GROUPS_DEBUG"));
    }

    private static void debug(Throwable e, PrintStream err) {
        if (debugging()) {
            e.printStackTrace(err);
        }
    }

    private static final String USAGE = """
            usage: groups COMMAND [OPTIONS]

              node     run a node
                         --data DIR                identity, logs and admin file (created if missing)
                         --listen HOST:PORT        where to listen (QUIC, UDP)
                         --bootstrap HOST:PORT     a node to learn the others from (repeatable, or comma-separated)
                         --group NAME:KEYFILE:MACHINE
                                                   a group to join: a local name, the shared key file, a state
                                                   machine by name (built in: counter, kvmap; plugins: DIR/plugins)
                         --storage chronicle|memory  the log (default chronicle, durable, in DIR/groups)
                         --advertise HOST:PORT     the address peers dial (default: the listen address)
                         --network NAME            nodes of different networks never bond (default groups)
                         --voting-members N        strict mode with N voting members (default: dynamic mode)
                         --jwt SETTING=VALUE       require a JWT ticket in every group (repeatable; see groups-tickets-jwt)
                         --jwt-ticket FILE         this node's JWT, published as its ticket
                         --admin-port N            loopback port of the admin endpoint (default: any free one)
              status   show a running node: groups, role, leader, term, committed index, bonds, commit rate
                         --data DIR (repeatable)   --json
              keygen   write a new group key: groups keygen FILE (mode 600)
              exec     run commands through a node: groups exec --data DIR GROUP 'put a 1' 'put b 2'
              query    read through a node: groups query --data DIR GROUP 'get a' [--strong]
              demo     a 3-node group on loopback over QUIC, narrated: leader, commits, failover, catch-up
                         --commands N (default 2000)  --in-process (one JVM, in-process transport)  --keep

            Configuration errors print one line and exit with status 2.
            """;
}
