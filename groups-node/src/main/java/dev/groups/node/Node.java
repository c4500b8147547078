package dev.groups.node;

import dev.groups.consensus.ConsensusConfig;
import dev.groups.id.GroupId;
import dev.groups.id.GroupKey;
import dev.groups.id.NetworkId;
import dev.groups.id.NodeIdentity;
import dev.groups.id.PeerId;
import dev.groups.log.Cursor;
import dev.groups.machine.Codec;
import dev.groups.machine.StateMachine;
import dev.groups.machine.StateMachineProvider;
import dev.groups.node.machines.SnapshotCapableProvider;
import dev.groups.node.internal.AdminFile;
import dev.groups.node.internal.AdminServer;
import dev.groups.node.internal.JoinedGroup;
import dev.groups.node.internal.KeyFiles;
import dev.groups.node.internal.NodeMetrics;
import dev.groups.node.internal.PluginLoader;
import dev.groups.plugin.NamedProvider;
import dev.groups.plugin.PluginNotFoundException;
import dev.groups.plugin.Plugins;
import dev.groups.raft.Group;
import dev.groups.raft.GroupBuilder;
import dev.groups.raft.Network;
import dev.groups.storage.Storage;
import dev.groups.storage.StorageException;
import dev.groups.storage.StorageProvider;
import dev.groups.storage.StorageSpec;
import dev.groups.tickets.Ticket;
import dev.groups.tickets.TicketValidator;
import dev.groups.tickets.TicketValidatorProvider;
import dev.groups.tickets.jwt.Jwt;
import dev.groups.transport.Endpoint;
import dev.groups.transport.Transport;
import dev.groups.transport.TransportConfig;
import dev.groups.transport.TransportProvider;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A running node daemon ({@code groups node}): its identity (created on first start and kept in the
 * data directory), its {@link Network}, the groups it joined with machines found by name, their logs
 * under {@code DIR/groups/<group id>}, and its loopback admin endpoint. {@link #close()} is the clean
 * shutdown (peers hear a departure, logs are synced and closed); {@code Main} runs it on SIGTERM.
 *
 * <pre>
 * DIR/node.key           the node's Ed25519 identity (mode 600)
 * DIR/node.lock          held while a node runs in DIR
 * DIR/admin              admin port and token (mode 600), while the node runs
 * DIR/groups/&lt;id&gt;/      one durable log per group (--storage chronicle)
 * DIR/snapshots/&lt;id&gt;/   the snapshot files of a built-in machine's durable group (--snapshot-every)
 * DIR/plugins/*.jar      state machines, stores, validators found through ServiceLoader (also ./plugins)
 * </pre>
 */
public final class Node implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Node.class.getName());

    private final NodeOptions options;
    private final Narrator log;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final Network network;
    private final Map<String, JoinedGroup<?, ?, ?>> groups;
    private final ScheduledExecutorService sampler;
    private final AdminServer admin;
    private final NodeMetrics metrics;
    /** The read-only endpoint of {@code --metrics-listen}, or null. */
    private final AdminServer metricsServer;
    private final String adminToken = AdminFile.fresh(0).token();
    private final String transportName;
    private final long startedAt = System.nanoTime();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Groups whose "no peer shares group" warning was logged and still holds (sampler thread only). */
    private final Set<String> isolated = new HashSet<>();

    private Node(NodeOptions options, Narrator log, FileChannel lockChannel, FileLock lock, Network network,
                 Map<String, JoinedGroup<?, ?, ?>> groups, String transportName, NodeMetrics metrics) {
        this.options = options;
        this.log = log;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.network = network;
        this.groups = groups;
        this.transportName = transportName;
        this.metrics = metrics;
        this.admin = AdminServer.start(options.adminPort(), adminToken, this::status, groups::get, metrics::scrape,
                this::health);
        try {
            this.metricsServer = options.metricsListen().map(e -> AdminServer.startMetrics(e.host(), e.port(),
                    metrics::scrape, this::health)).orElse(null);
        } catch (RuntimeException e) {
            admin.close();
            throw e;
        }
        this.sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "commit-rate");
            t.setDaemon(true);
            return t;
        });
        sampler.scheduleAtFixedRate(this::sample, 0, 500, TimeUnit.MILLISECONDS);
    }

    /**
     * Starts a node that narrates (start, leaders, bonds, shutdown; never secrets) as plain lines on
     * {@code log}: for tests and nodes run inside another program. Everything that can be wrong with the
     * configuration is checked before the network starts, and reported as a {@link ConfigException}.
     */
    public static Node start(NodeOptions options, PrintStream log) {
        return start(options, new Narrator() {
            @Override
            public void info(String line) {
                log.println(line);
            }

            @Override
            public void warn(String line) {
                log.println(line);
            }
        });
    }

    /**
     * Starts a node that narrates through {@code System.Logger} ({@code dev.groups.node.Node}, INFO and
     * WARNING), like the library's own events: {@code groups node}, whose logging sends both, with
     * Netty's and Chronicle's, to one timestamped stream. Leaders and bonds are left to the library's
     * lines, which say more (terms, close reasons).
     */
    public static Node start(NodeOptions options) {
        return start(options, new Narrator() {
            @Override
            public void info(String line) {
                LOG.log(System.Logger.Level.INFO, line);
            }

            @Override
            public void warn(String line) {
                LOG.log(System.Logger.Level.WARNING, line);
            }

            @Override
            public boolean libraryLogs() {
                return true;
            }
        });
    }

    private static Node start(NodeOptions options, Narrator log) {
        Path dir = options.dataDir();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new ConfigException("cannot create data directory " + dir + ": " + KeyFiles.describe(e));
        }
        FileChannel lockChannel;
        FileLock lock;
        try {
            lockChannel = FileChannel.open(dir.resolve("node.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                lock = lockChannel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
        } catch (IOException e) {
            throw new ConfigException("cannot lock data directory " + dir + ": " + KeyFiles.describe(e));
        }
        if (lock == null) {
            closeQuietly(lockChannel);
            throw new ConfigException("another node is running in " + dir);
        }
        Network network = null;
        NodeMetrics metrics = new NodeMetrics();
        try {
            Setup setup = Setup.prepare(options, log);
            network = setup.startNetwork(metrics);
            Map<String, JoinedGroup<?, ?, ?>> joined = new LinkedHashMap<>();
            for (GroupSpec spec : options.groups()) {
                joined.put(spec.name(), setup.join(network, spec));
            }
            Node node = new Node(options, log, lockChannel, lock, network, joined, options.transport(), metrics);
            AdminFile file = new AdminFile(node.admin.port(), node.adminToken);
            try {
                file.write(dir);
            } catch (IOException e) {
                node.close();
                throw new ConfigException("cannot write " + dir.resolve(AdminFile.NAME) + ": " + KeyFiles.describe(e));
            }
            node.narrate();
            return node;
        } catch (RuntimeException e) {
            if (network != null) {
                network.close();
            }
            metrics.close();
            closeQuietly(lockChannel);
            throw e;
        }
    }

    public Network network() {
        return network;
    }

    /** The groups by local name. */
    public Map<String, JoinedGroup<?, ?, ?>> groups() {
        return groups;
    }

    public int adminPort() {
        return admin.port();
    }

    /** The port of the {@code --metrics-listen} endpoint (the one bound, when 0 was asked for); -1 without one. */
    public int metricsPort() {
        return metricsServer == null ? -1 : metricsServer.port();
    }

    /** The status document served at {@code GET /status} (never contains key material). */
    public Map<String, Object> status() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("node", network.localId().toString());
        s.put("listen", network.endpoint().toString());
        s.put("transport", transportName);
        s.put("network", options.network());
        s.put("pid", ProcessHandle.current().pid());
        s.put("uptimeMillis", (System.nanoTime() - startedAt) / 1_000_000);
        List<Object> gs = new ArrayList<>();
        int otherPeers = network.discovery().peers().size();
        Duration up = Duration.ofNanos(System.nanoTime() - startedAt);
        for (JoinedGroup<?, ?, ?> g : groups.values()) {
            Map<String, Object> doc = g.status();
            doc.put("warning", g.isolation(otherPeers, up).orElse(null));
            gs.add(doc);
        }
        s.put("groups", gs);
        return s;
    }

    /**
     * What {@code GET /health} answers: ready when this node is a member of every configured group and
     * each has a known leader (a node with no groups, a relay, is ready once it runs).
     */
    public AdminServer.Health health() {
        boolean ready = true;
        List<GroupId> member = network.groups().ids();
        Map<String, Object> gs = new LinkedHashMap<>();
        for (JoinedGroup<?, ?, ?> g : groups.values()) {
            Map<String, Object> m = new LinkedHashMap<>();
            boolean joined = member.contains(g.group().id());
            Optional<PeerId> leader = g.group().leader();
            boolean groupReady = joined && leader.isPresent();
            m.put("ready", groupReady);
            m.put("member", joined);
            m.put("leader", leader.map(Object::toString).orElse(null));
            m.put("role", g.group().role().name().toLowerCase(Locale.ROOT));
            gs.put(g.name(), m);
            ready &= groupReady;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", ready ? "ready" : "not ready");
        body.put("live", true);
        body.put("ready", ready);
        body.put("groups", gs);
        return new AdminServer.Health(ready, body);
    }

    private void sample() {
        long now = System.nanoTime();
        int otherPeers = network.discovery().peers().size();
        Duration up = Duration.ofNanos(now - startedAt);
        for (JoinedGroup<?, ?, ?> g : groups.values()) {
            g.sampleNow(now);
            Optional<String> warning = g.isolation(otherPeers, up);
            if (warning.isEmpty()) {
                isolated.remove(g.name());
            } else if (isolated.add(g.name())) { // logged once each time it begins to hold
                log.warn("group " + g.name() + ": " + warning.get());
            }
        }
    }

    /** Start lines, then a line per leader change and per change of the bonds. */
    private void narrate() {
        log.info("node " + network.localId().shortHex() + " listening on " + network.endpoint() + " (" + transportName
                + "), data in " + options.dataDir());
        for (JoinedGroup<?, ?, ?> g : groups.values()) {
            log.info("group " + g.name() + " (" + g.group().id().shortHex() + "): machine " + g.machineName() + ", "
                    + g.storageDescription());
            if (!log.libraryLogs()) {
                watchLeader(g);
                watchBonds(g);
            }
        }
        log.info("admin endpoint on 127.0.0.1:" + admin.port() + " (groups status --data " + options.dataDir() + ")"
                + (metricsServer == null ? "" : "; /metrics and /health also on "
                + options.metricsListen().orElseThrow().host() + ":" + metricsServer.port()));
    }

    private void watchLeader(JoinedGroup<?, ?, ?> g) {
        g.group().when().leaderChanged().thenAccept(leader -> {
            if (closed.get()) {
                return;
            }
            String who = leader.equals(network.localId()) ? "this node" : leader.shortHex();
            log.info("group " + g.name() + ": leader " + who + " (term " + g.group().term().value() + ")");
            watchLeader(g);
        });
    }

    private void watchBonds(JoinedGroup<?, ?, ?> g) {
        g.group().bonds().changed().thenAccept(bonds -> {
            if (closed.get()) {
                return;
            }
            List<String> peers = bonds.peers().stream().map(p -> p.shortHex()).toList();
            log.info("group " + g.name() + ": bonded with " + peers.size() + (peers.size() == 1 ? " peer" : " peers")
                    + (peers.isEmpty() ? "" : " " + String.join(", ", peers)));
            watchBonds(g);
        });
    }

    /** Clean shutdown: peers hear a departure, logs are synced and closed, the admin file goes. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        AdminFile.delete(options.dataDir());
        admin.close();
        if (metricsServer != null) {
            metricsServer.close();
        }
        sampler.shutdownNow();
        network.close(); // leaves every group: Departure to each bond, then flush and close of its log
        metrics.close();
        try {
            lock.release();
        } catch (IOException e) {
            // the channel closes next anyway
        }
        closeQuietly(lockChannel);
        log.info("node " + network.localId().shortHex() + " stopped: groups left, logs synced");
    }

    /** Where a node tells what it does: lines for people, never secrets. */
    private interface Narrator {
        void info(String line);

        void warn(String line);

        /** True when the library's own log lines (leaders, bonds) reach the same place: no need to repeat them. */
        default boolean libraryLogs() {
            return false;
        }
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            // nothing to do
        }
    }

    /** What start() resolves before the network exists: keys, plugins, providers. */
    private static final class Setup {
        final NodeOptions options;
        final Narrator log;
        final NodeIdentity identity;
        final Map<String, GroupKey> keys = new LinkedHashMap<>();
        final Map<String, StateMachineProvider> machines = new LinkedHashMap<>();
        final ClassLoader plugins;
        final StorageProvider storage;
        final TicketValidator validator;
        final Ticket ticket;
        final TransportProvider transport;

        private Setup(NodeOptions options, Narrator log) {
            this.options = options;
            this.log = log;
            this.identity = KeyFiles.loadOrCreateIdentity(options.dataDir());
            for (GroupSpec g : options.groups()) {
                keys.put(g.name(), KeyFiles.readGroupKey(g.keyFile(), log::warn));
            }
            this.plugins = PluginLoader.loader(PluginLoader.jars(List.of(options.dataDir().resolve("plugins"), Path.of("plugins"))));
            for (GroupSpec g : options.groups()) {
                machines.put(g.name(), select(StateMachineProvider.class, "state machine", g.machine(), null,
                        "group " + g.name() + ": unknown state machine '" + g.machine() + "'",
                        " (plugin jars go in " + options.dataDir().resolve("plugins") + ")"));
            }
            this.storage = options.storage().equals(NodeOptions.CHRONICLE)
                    ? select(StorageProvider.class, "log storage", NodeOptions.CHRONICLE, "groups-storage-chronicle",
                            "no chronicle log storage", "")
                    : null;
            this.validator = options.jwt().isEmpty() ? null : jwtValidator();
            this.ticket = options.jwtTicket().map(Setup::readTicket).orElse(null);
            this.transport = select(TransportProvider.class, "transport", options.transport(), "groups-transport-quic",
                    "unknown transport '" + options.transport() + "'", "");
        }

        static Setup prepare(NodeOptions options, Narrator log) {
            return new Setup(options, log);
        }

        private <P extends NamedProvider> P select(Class<P> kind, String what, String name, String module,
                                                                  String problem, String hint) {
            try {
                return Plugins.select(ServiceLoader.load(kind, plugins), what, name, module);
            } catch (PluginNotFoundException e) {
                List<String> installed = new ArrayList<>(Plugins.byName(ServiceLoader.load(kind, plugins), what).keySet());
                throw new ConfigException(problem + "; installed: " + (installed.isEmpty() ? "none" : String.join(", ", installed))
                        + hint);
            }
        }

        private TicketValidator jwtValidator() {
            TicketValidatorProvider p = select(TicketValidatorProvider.class, "ticket validator", "jwt", "groups-tickets-jwt",
                    "no jwt ticket validator", "");
            try {
                return p.create(options.jwt());
            } catch (IllegalArgumentException e) {
                throw new ConfigException("--jwt: " + e.getMessage());
            }
        }

        private static Ticket readTicket(Path file) {
            try {
                String token = Files.readString(file, StandardCharsets.US_ASCII).strip();
                if (token.isEmpty()) {
                    throw new ConfigException("--jwt-ticket: " + file + " is empty");
                }
                return new Ticket(Jwt.CLASS, token.getBytes(StandardCharsets.US_ASCII));
            } catch (IOException e) {
                throw new ConfigException("--jwt-ticket: cannot read " + file + ": " + KeyFiles.describe(e));
            }
        }

        Network startNetwork(NodeMetrics metrics) {
            Transport t;
            Network network;
            ClassLoader previous = Thread.currentThread().getContextClassLoader();
            Thread.currentThread().setContextClassLoader(plugins);
            try {
                t = transport.create(TransportConfig.of(identity, options.listen()));
                Network.Builder b = Network.builder().identity(identity).network(NetworkId.of(options.network())).transport(t)
                        .observer(metrics.observer());
                for (Endpoint e : options.bootstrap()) {
                    b.bootstrap(e);
                }
                network = b.start();
            } catch (RuntimeException e) {
                throw new ConfigException("cannot listen on " + options.listen() + ": " + rootMessage(e), e);
            } finally {
                Thread.currentThread().setContextClassLoader(previous);
            }
            options.advertise().ifPresent(a -> network.discovery().setAddresses(List.of(a)));
            if (ticket != null) {
                network.discovery().addTicket(ticket);
            }
            return network;
        }

        JoinedGroup<?, ?, ?> join(Network network, GroupSpec spec) {
            StateMachine<?, ?, ?> machine;
            StateMachineProvider provider = machines.get(spec.name());
            try {
                machine = provider instanceof SnapshotCapableProvider p && options.snapshots().isPresent()
                        ? p.create(Map.of(), new SnapshotCapableProvider.Snapshots(options.snapshots().get(),
                                options.dataDir().resolve("snapshots")))
                        : provider.create(Map.of());
            } catch (IllegalArgumentException e) {
                throw new ConfigException("group " + spec.name() + ": " + e.getMessage());
            }
            return joinTyped(network, spec, machine);
        }

        private <C, Q, R> JoinedGroup<C, Q, R> joinTyped(Network network, GroupSpec spec, StateMachine<C, Q, R> machine) {
            ConsensusConfig config = options.voters().isEmpty() ? ConsensusConfig.defaults()
                    : ConsensusConfig.builder().voters(options.voters()).build();
            GroupBuilder b = network.groups().withKey(keys.get(spec.name())).withConsensusConfig(config);
            if (validator != null) {
                b.requireTicket(validator);
            }
            GroupBuilder.WithMachine<C, Q, R> m = b.withStateMachine(machine);
            Group<C, Q, R> group;
            Opened opened = new Opened(storage);
            try {
                group = storage == null ? m.join() : m.withLogStorage(opened, options.dataDir().resolve("groups"), options.logOptions()).join();
            } catch (StorageException | IllegalArgumentException e) {
                throw new ConfigException("group " + spec.name() + ": cannot open its log: " + e.getMessage(), e);
            }
            String description = storage == null
                    ? "in-memory log (term, vote and log are lost at exit)"
                    : "chronicle log in " + opened.directory + (opened.restored == null || opened.restored.isZero()
                            ? " (new)" : " (restored up to " + opened.restored.index().value() + ", term "
                            + opened.restored.term().value() + ")");
            return new JoinedGroup<>(spec, group, network.localId(), machine,
                    storage == null ? NodeOptions.MEMORY : NodeOptions.CHRONICLE, Optional.ofNullable(opened.restored),
                    description);
        }
    }

    /** Opens through the real provider and notes where, and the log position found: status shows it. */
    private static final class Opened implements StorageProvider {
        private final StorageProvider provider;
        Path directory;
        Cursor restored;

        Opened(StorageProvider provider) {
            this.provider = provider;
        }

        @Override
        public String name() {
            return provider == null ? NodeOptions.MEMORY : provider.name();
        }

        @Override
        public <C> Storage<C> open(StorageSpec spec, Codec<C> codec) {
            Storage<C> s = provider.open(spec, codec);
            directory = spec.directory().orElse(null);
            restored = s.last();
            return s;
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while ((t instanceof CompletionException || t.getMessage() == null) && t.getCause() != null) {
            t = t.getCause();
        }
        Throwable deepest = t;
        while (deepest.getCause() != null) {
            deepest = deepest.getCause();
        }
        String m = deepest.getMessage() != null ? deepest.getMessage() : t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m;
    }
}
