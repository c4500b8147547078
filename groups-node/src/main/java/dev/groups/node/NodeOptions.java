package dev.groups.node;

import dev.groups.node.internal.Args;
import dev.groups.transport.Endpoint;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

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
 * @param votingMembers strict mode with this many voting members (0: dynamic mode, the default)
 */
public record NodeOptions(Path dataDir, Endpoint listen, Optional<Endpoint> advertise, List<Endpoint> bootstrap,
                          List<GroupSpec> groups, String storage, String transport, String network,
                          Map<String, String> jwt, Optional<Path> jwtTicket, int adminPort,
                          int votingMembers) {
    public static final String CHRONICLE = "chronicle";
    public static final String MEMORY = "memory";

    static final Set<String> OPTIONS = Set.of("data", "listen", "advertise", "bootstrap", "group", "storage",
            "transport", "network", "jwt", "jwt-ticket", "admin-port", "voting-members");

    public NodeOptions {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(listen, "listen");
        bootstrap = List.copyOf(bootstrap);
        groups = List.copyOf(groups);
        jwt = Map.copyOf(jwt);
    }

    /** The arguments of {@code groups node}. */
    public static NodeOptions parse(List<String> argv) {
        Args a = Args.parse("node", argv, OPTIONS, Set.of());
        if (!a.positional().isEmpty()) {
            throw new ConfigException("unexpected argument '" + a.positional().get(0) + "' for 'node' (try: groups help)");
        }
        Path data = Path.of(a.required("data"));
        Endpoint listen = address("--listen", a.required("listen"));
        Optional<Endpoint> advertise = a.one("advertise").map(s -> address("--advertise", s));
        List<Endpoint> bootstrap = new ArrayList<>();
        for (String list : a.all("bootstrap")) {
            for (String s : list.split(",")) {
                if (!s.isBlank()) {
                    bootstrap.add(address("--bootstrap", s.trim()));
                }
            }
        }
        List<GroupSpec> groups = new ArrayList<>();
        for (String g : a.all("group")) {
            GroupSpec spec = GroupSpec.parse(g);
            if (groups.stream().anyMatch(x -> x.name().equals(spec.name()))) {
                throw new ConfigException("two groups are called '" + spec.name() + "'; give each --group its own name");
            }
            groups.add(spec);
        }
        String storage = a.one("storage").orElse(CHRONICLE);
        if (!storage.equals(CHRONICLE) && !storage.equals(MEMORY)) {
            throw new ConfigException("--storage must be 'chronicle' or 'memory', got '" + storage + "'");
        }
        Map<String, String> jwt = new LinkedHashMap<>();
        for (String kv : a.all("jwt")) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException("bad --jwt '" + kv + "': expected SETTING=VALUE, e.g. --jwt hs256=<hex secret>");
            }
            jwt.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        return new NodeOptions(data, listen, advertise, bootstrap, groups, storage, a.one("transport").orElse("quic"),
                a.one("network").orElse("groups"), jwt, a.one("jwt-ticket").map(Path::of),
                a.intValue("admin-port", 0, 0, 65535), a.intValue("voting-members", 0, 0, 1000));
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
