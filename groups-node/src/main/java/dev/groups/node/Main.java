package dev.groups.node;

import dev.groups.node.internal.cli.Cli;
import dev.groups.node.internal.cli.Logging;
import java.io.PrintStream;

/**
 * {@code bin/groups} ({@code java -jar groups-node.jar}): the node daemon and its tools, on picocli.
 *
 * <pre>
 * groups node --data DIR --listen HOST:PORT [--bootstrap HOST:PORT]… --group NAME:KEYFILE:MACHINE…
 *             [--storage chronicle|memory] [--advertise HOST:PORT] [--network NAME] [--voters ID,...]
 *             [--jwt SETTING=VALUE]… [--jwt-ticket FILE] [--admin-port N] [--metrics-listen HOST:PORT]
 *             [--log-level error|warn|info|debug]
 * groups status --data DIR [--data DIR]… [--json]
 * groups keygen FILE | --data DIR       a group key; a node's peer id
 * groups exec --data DIR GROUP COMMAND…
 * groups query --data DIR GROUP QUERY [--strong] [--json]
 * groups voters list|add|remove --data DIR [--group NAME] [PEER_ID] [--json]
 * groups demo [--in-process] [--commands N] [--keep]
 * groups generate-completion           a bash completion script
 * groups [COMMAND] --help | --version
 * </pre>
 *
 * Configuration errors print one line, {@code groups: <what is wrong>}, and exit with status 2; no
 * stack trace unless {@code GROUPS_DEBUG=1}.
 */
public final class Main {
    /** Exit status of a configuration error. */
    public static final int CONFIG_ERROR = Cli.CONFIG_ERROR;

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
        try {
            return Cli.commandLine(out, err).execute(args);
        } catch (Error e) {
            // picocli hands Exceptions to the handler in Cli and lets Errors through
            err.println("groups: unexpected error: " + e + " (GROUPS_DEBUG=1 shows the stack trace)");
            if ("1".equals(System.getenv("GROUPS_DEBUG"))) {
                e.printStackTrace(err);
            }
            return 1;
        }
    }
    /**
     * One logging story ({@link Logging}): warnings and errors only, one timestamped line each, unless
     * the user configured otherwise ({@code groups node} raises the groups' own lines to INFO).
     */
    static void quietLogging() {
        Logging.defaults();
        setIfAbsent("chronicle.analytics.disable", "true");
        setIfAbsent("chronicle.announcer.disable", "true");
        setIfAbsent("disable.perf.info", "true");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

}
