package dev.groups.node.internal.cli;

import dev.groups.node.ConfigException;
import dev.groups.node.GroupSpec;
import dev.groups.node.Node;
import dev.groups.node.NodeOptions;
import dev.groups.snapshot.SnapshotSettings;
import dev.groups.transport.Endpoint;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code groups node}: runs a node until SIGTERM or Ctrl-C. */
@Command(name = "node", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
        description = {"Runs a node: joins the groups named with --group, keeps their logs in DIR, and serves "
                + "'groups status' on a loopback admin endpoint. Ctrl-C or SIGTERM stops it cleanly."})
public final class NodeCommand implements Callable<Integer> {
    @Option(names = "--data", required = true, paramLabel = "DIR",
            description = "identity, logs, admin file and plugins/ (created if missing)")
    Path data;

    @Option(names = "--listen", required = true, paramLabel = "HOST:PORT", description = "where to listen (QUIC, UDP)")
    String listen;

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT",
            description = "a node to learn the others from (repeatable, or comma-separated)")
    List<String> bootstrap = new ArrayList<>();

    @Option(names = "--group", paramLabel = "NAME:KEYFILE:MACHINE",
            description = {"a group to join (repeatable): a local name, the shared key file, a state machine by name",
                    "(built in: counter, kvmap; plugins: jars in DIR/plugins or ./plugins)"})
    List<String> groups = new ArrayList<>();

    @Option(names = "--storage", paramLabel = "chronicle|memory", completionCandidates = Storages.class,
            description = "the log: chronicle (durable, in DIR/groups; default) or memory")
    String storage;

    @Option(names = "--advertise", paramLabel = "HOST:PORT", description = "the address peers dial (default: the listen address)")
    String advertise;

    @Option(names = "--network", paramLabel = "NAME", description = "nodes of different networks never bond (default: groups)")
    String network;

    @Option(names = "--voters", paramLabel = "ID,ID,...",
            description = "strict mode with these founding voters: their peer ids (64 hex digits, as `groups keygen "
                    + "--data DIR` and `groups status` print them), the same list on every member (default: dynamic mode); "
                    + "change them later with `groups voters`")
    String voters;

    @Option(names = "--jwt", paramLabel = "SETTING=VALUE",
            description = "require a JWT ticket in every group (repeatable; see groups-tickets-jwt)")
    List<String> jwt = new ArrayList<>();

    @Option(names = "--jwt-secret-file", paramLabel = "FILE",
            description = "the HS256 secret (hex) in a file only its owner can read or write; keeps it out of the process list")
    Path jwtSecretFile;

    @Option(names = "--jwt-ticket", paramLabel = "FILE", description = "this node's JWT, published as its ticket")
    Path jwtTicket;

    @Option(names = "--admin-port", paramLabel = "N", description = "loopback port of the admin endpoint (default: any free one)")
    String adminPort;

    @Option(names = "--metrics-listen", paramLabel = "HOST:PORT",
            description = "also serve /metrics and /health here, without the admin token (default: admin endpoint only)")
    String metricsListen;

    @Option(names = "--log-roll-cycle", paramLabel = "CYCLE",
            description = {"the period of one Chronicle queue file, a net.openhft RollCycles name (default FAST_HOURLY):",
                    "compaction deletes whole files, so a shorter cycle (e.g. MINUTELY, FIVE_MINUTELY) frees disk sooner;",
                    "applies when a group's log is created"})
    String logRollCycle;

    @Option(names = "--snapshot-every", paramLabel = "N",
            description = {"the built-in machines snapshot every N committed entries and the log is pruned behind the "
                    + "snapshot (default: " + SnapshotSettings.DEFAULT_INTERVAL + "); 0: no snapshots, catch up by log replay",
                    "(snapshots on or off is part of the group id: every member must agree)"})
    String snapshotEvery;

    @Option(names = "--snapshot-bytes", paramLabel = "SIZE",
            description = "also snapshot when the log grew by SIZE (e.g. 64m, 1g) since the last snapshot (default: off)")
    String snapshotBytes;

    @Option(names = "--snapshot-tail", paramLabel = "N",
            description = "entries kept in the log behind the snapshot it is pruned to (default: " + SnapshotSettings.DEFAULT_TAIL + ")")
    String snapshotTail;

    @Option(names = "--log-level", paramLabel = "LEVEL", completionCandidates = LogLevels.class,
            description = "error, warn, info (default) or debug: the groups' own lines; Netty and Chronicle log warnings")
    String logLevel;

    // For tests and the in-JVM demo only: the in-process transport joins nodes of one JVM.
    @Option(names = "--transport", hidden = true)
    String transport;

    /** A running node logs through {@code System.Logger} (see {@link Logging}), not to a stream it is given. */
    public NodeCommand() {}

    @Override
    public Integer call() {
        NodeOptions options = options();
        String level = logLevel == null ? "info" : logLevel.toLowerCase(java.util.Locale.ROOT);
        if (!LogLevels.NAMES.contains(level)) {
            throw new ConfigException("--log-level must be one of " + String.join(", ", LogLevels.NAMES) + ", got '" + logLevel + "'");
        }
        Logging.forNode(level, logLevel != null);
        if (options.groups().isEmpty()) {
            System.getLogger(Node.class.getName()).log(System.Logger.Level.INFO,
                    "note: no --group given; this node only relays discovery");
        }
        Node node = Node.start(options);
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
        return -1; // leave the JVM to its shutdown hooks, which already stopped the node
    }

    /**
     * The parsed options, checked: addresses, group specs, names and ranges.
     *
     * @throws ConfigException naming the option that is wrong
     */
    public NodeOptions options() {
        Endpoint listenAt = NodeOptions.address("--listen", listen);
        Optional<Endpoint> advertised = Optional.ofNullable(advertise).map(s -> NodeOptions.address("--advertise", s));
        List<Endpoint> peers = new ArrayList<>();
        for (String list : bootstrap) {
            for (String s : list.split(",")) {
                if (!s.isBlank()) {
                    peers.add(NodeOptions.address("--bootstrap", s.trim()));
                }
            }
        }
        List<GroupSpec> specs = new ArrayList<>();
        for (String g : groups) {
            GroupSpec spec = GroupSpec.parse(g);
            if (specs.stream().anyMatch(x -> x.name().equals(spec.name()))) {
                throw new ConfigException("two groups are called '" + spec.name() + "'; give each --group its own name");
            }
            specs.add(spec);
        }
        String log = storage == null ? NodeOptions.CHRONICLE : storage;
        if (!log.equals(NodeOptions.CHRONICLE) && !log.equals(NodeOptions.MEMORY)) {
            throw new ConfigException("--storage must be 'chronicle' or 'memory', got '" + log + "'");
        }
        Map<String, String> settings = new LinkedHashMap<>();
        for (String kv : jwt) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException("bad --jwt '" + kv + "': expected SETTING=VALUE, e.g. --jwt hs256=<hex secret>");
            }
            settings.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        if (jwtSecretFile != null) {
            if (settings.containsKey("hs256") || settings.containsKey("hs256-file")) {
                throw new ConfigException("--jwt-secret-file and --jwt hs256 both give the HS256 secret; give one");
            }
            settings.put("hs256-file", jwtSecretFile.toString()); // read and mode-checked by the JWT module
        }
        return new NodeOptions(data, listenAt, advertised, peers, specs, log, transport == null ? "quic" : transport,
                network == null ? "groups" : network, settings, Optional.ofNullable(jwtTicket),
                Cli.intValue("--admin-port", adminPort, 0, 0, 65535), voters(),
                Optional.ofNullable(metricsListen).map(s -> NodeOptions.address("--metrics-listen", s)), logOptions(log), snapshots());
    }

    private List<dev.groups.id.PeerId> voters() {
        if (voters == null) {
            return List.of();
        }
        List<dev.groups.id.PeerId> ids = new ArrayList<>();
        for (String id : voters.split(",")) {
            String hex = id.strip();
            try {
                ids.add(dev.groups.id.PeerId.fromHex(hex));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("bad --voters entry '" + hex + "': a peer id is 64 hex digits "
                        + "(groups keygen --data DIR prints a node's)");
            }
        }
        if (ids.size() > dev.groups.consensus.ConsensusConfig.MAX_VOTERS) {
            throw new ConfigException("--voters names " + ids.size() + " voters; at most "
                    + dev.groups.consensus.ConsensusConfig.MAX_VOTERS);
        }
        return ids;
    }

    private Map<String, String> logOptions(String log) {
        if (logRollCycle == null) {
            return Map.of();
        }
        if (!log.equals(NodeOptions.CHRONICLE)) {
            throw new ConfigException("--log-roll-cycle is an option of the chronicle log (--storage chronicle)");
        }
        return Map.of("rollCycle", logRollCycle.strip());
    }

    /** The snapshot policy from --snapshot-every, --snapshot-bytes and --snapshot-tail; empty when off. */
    private Optional<SnapshotSettings> snapshots() {
        long every = longValue("--snapshot-every", snapshotEvery, SnapshotSettings.DEFAULT_INTERVAL);
        long tail = longValue("--snapshot-tail", snapshotTail, SnapshotSettings.DEFAULT_TAIL);
        long bytes = snapshotBytes == null ? 0 : size("--snapshot-bytes", snapshotBytes);
        if (every == 0) {
            if (snapshotBytes != null || snapshotTail != null) {
                throw new ConfigException("--snapshot-bytes and --snapshot-tail need snapshots; --snapshot-every 0 turns them off");
            }
            return Optional.empty();
        }
        return Optional.of(SnapshotSettings.defaults().withInterval(every).withTail(tail).withLogBytes(bytes));
    }

    private static long longValue(String option, String value, long defaultValue) {
        if (value == null) {
            return defaultValue;
        }
        try {
            long n = Long.parseLong(value.strip());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new ConfigException(option + " must be a whole number, 0 or more, got '" + value + "'");
    }

    /** {@code 123}, {@code 64k}, {@code 64m}, {@code 1g}: bytes, at least 1. */
    static long size(String option, String value) {
        String v = value.strip().toLowerCase(java.util.Locale.ROOT);
        long unit = 1;
        if (!v.isEmpty() && "kmg".indexOf(v.charAt(v.length() - 1)) >= 0) {
            unit = 1L << (10 * ("kmg".indexOf(v.charAt(v.length() - 1)) + 1));
            v = v.substring(0, v.length() - 1);
        }
        try {
            long n = Long.parseLong(v);
            if (n >= 1 && n <= Long.MAX_VALUE / unit) {
                return n * unit;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new ConfigException(option + " must be a size such as 65536, 64k, 64m or 1g, got '" + value + "'");
    }

    /** The levels of {@code --log-level}, for checking and for bash completion. */
    static final class LogLevels implements Iterable<String> {
        static final List<String> NAMES = List.of("error", "warn", "info", "debug", "trace");

        @Override
        public Iterator<String> iterator() {
            return NAMES.iterator();
        }
    }

    /** What bash completion offers after {@code --storage}. */
    static final class Storages implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return List.of(NodeOptions.CHRONICLE, NodeOptions.MEMORY).iterator();
        }
    }
}
