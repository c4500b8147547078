package dev.groups.node;

import dev.groups.id.PeerId;
import dev.groups.node.internal.cli.Cli;
import dev.groups.node.internal.cli.NodeCommand;
import dev.groups.snapshot.SnapshotSettings;
import dev.groups.transport.Endpoint;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How a node runs ({@code groups node …}).
 *
 * @param dataDir     identity, logs, admin file and plugins live here
 * @param listen      where the transport listens
 * @param advertise   the address peers are told to dial (default: the bound listen address)
 * @param bootstrap   addresses to exchange catalogs with at start (the peer behind each is learned)
 * @param groups      the groups to join
 * @param storage     {@code chronicle} (durable, default) or {@code memory}
 * @param transport   transport provider name ({@code quic}; {@code inprocess} for tests in one JVM)
 * @param network     the network name (nodes of different networks never bond)
 * @param jwt         settings of a {@code jwt} ticket validator every group requires (empty: none)
 * @param jwtTicket   a file with this node's JWT, published as its ticket
 * @param adminPort   loopback port of the admin endpoint (0: any free port)
 * @param voters      strict mode's founding voters, by peer id (empty: dynamic mode, the default); part
 *                    of the group id, so every member names the same set; later changes go through
 *                    {@code groups voters}
 * @param metricsListen where to serve {@code /metrics} and {@code /health} without a token (empty: only
 *                      on the admin endpoint, with its token)
 * @param logOptions  options of the log store (chronicle: {@code rollCycle}, the period of one queue file and
 *                    so how finely compaction frees disk)
 * @param snapshots   the snapshot policy of the built-in machines (empty: they catch up by log replay and
 *                    the log is never pruned); their snapshot files live in {@code DIR/snapshots/<group id>}
 */
public record NodeOptions(Path dataDir, Endpoint listen, Optional<Endpoint> advertise, List<Endpoint> bootstrap,
                          List<GroupSpec> groups, String storage, String transport, String network,
                          Map<String, String> jwt, Optional<Path> jwtTicket, int adminPort,
                          List<PeerId> voters, Optional<Endpoint> metricsListen, Map<String, String> logOptions,
                          Optional<SnapshotSettings> snapshots) {
    public static final String CHRONICLE = "chronicle";
    public static final String MEMORY = "memory";

    public NodeOptions {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(listen, "listen");
        bootstrap = List.copyOf(bootstrap);
        groups = List.copyOf(groups);
        voters = List.copyOf(voters);
        jwt = Map.copyOf(jwt);
        Objects.requireNonNull(metricsListen, "metricsListen");
        logOptions = Map.copyOf(logOptions);
        Objects.requireNonNull(snapshots, "snapshots");
    }

    /**
     * The arguments of {@code groups node} (see {@code groups node --help}).
     *
     * @throws ConfigException with the one-line message {@code groups node} prints
     */
    public static NodeOptions parse(List<String> argv) {
        NodeCommand command = new NodeCommand();
        Cli.parse(command, argv);
        return command.options();
    }

    /** Parses {@code HOST:PORT}, or fails with a one-line message naming the option. */
    public static Endpoint address(String option, String text) {
        try {
            return Endpoint.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(option + ": " + e.getMessage());
        }
    }
}
