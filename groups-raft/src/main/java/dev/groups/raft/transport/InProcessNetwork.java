package dev.groups.raft.transport;

import dev.groups.transport.Endpoint;
import dev.groups.transport.TransportException;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The "network" of {@link InProcessTransport}s: a registry from {@link Endpoint} to the transport
 * listening there. Transports on one network can reach each other; transports on different networks
 * cannot, which lets tests run isolated clusters in one JVM.
 *
 * <p>Hosts are plain labels ({@code "node-a"}, {@code "127.0.0.1"}); an endpoint is taken when a
 * started transport is bound to exactly that host and port. Port 0 asks for a free port, assigned
 * from a counter in the dynamic range 49152..65535 and never shared with another bound transport.
 *
 * <p><b>Threading.</b> Thread-safe and lock-free; no method blocks.
 */
public final class InProcessNetwork {
    private static final String DEFAULT_NAME = "default";
    private static final int FIRST_DYNAMIC_PORT = 49152;
    private static final int DYNAMIC_PORTS = 65536 - FIRST_DYNAMIC_PORT;
    private static final ConcurrentMap<String, InProcessNetwork> NAMED = new ConcurrentHashMap<>();
    private static final AtomicInteger ISOLATED = new AtomicInteger();

    private final String name;
    private final ConcurrentMap<Endpoint, InProcessTransport> listeners = new ConcurrentHashMap<>();
    private final AtomicInteger nextPort = new AtomicInteger();

    private InProcessNetwork(String name) {
        this.name = name;
    }

    /** The JVM-wide network that {@link InProcessTransportProvider} uses unless told otherwise. */
    public static InProcessNetwork defaultNetwork() {
        return named(DEFAULT_NAME);
    }

    /**
     * The JVM-wide network called {@code name}, created on first use. Named networks live as long as
     * the JVM (each is a small map, empty when nothing is bound), so use a few fixed names.
     */
    public static InProcessNetwork named(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("an in-process network name must not be blank");
        }
        return NAMED.computeIfAbsent(name, InProcessNetwork::new);
    }

    /** A new network that no other caller can reach: what a test wants for its own cluster. */
    public static InProcessNetwork create() {
        return new InProcessNetwork("isolated-" + ISOLATED.incrementAndGet());
    }

    public String name() {
        return name;
    }

    /**
     * Binds {@code transport} at {@code requested}, resolving port 0 to a free port.
     *
     * @throws TransportException if the endpoint is taken, or no port is free on that host
     */
    Endpoint bind(Endpoint requested, InProcessTransport transport) {
        if (requested.port() != 0) {
            InProcessTransport holder = listeners.putIfAbsent(requested, transport);
            if (holder != null) {
                throw new TransportException("endpoint " + requested + " is already taken on in-process network "
                        + name + " (by node " + holder.peerId().shortHex() + ")");
            }
            return requested;
        }
        for (int attempt = 0; attempt < DYNAMIC_PORTS; attempt++) {
            int port = FIRST_DYNAMIC_PORT + Math.floorMod(nextPort.getAndIncrement(), DYNAMIC_PORTS);
            Endpoint candidate = new Endpoint(requested.host(), port);
            if (listeners.putIfAbsent(candidate, transport) == null) {
                return candidate;
            }
        }
        throw new TransportException("no free port left for host " + requested.host() + " on in-process network " + name);
    }

    /** Releases {@code endpoint} if {@code transport} holds it. */
    void unbind(Endpoint endpoint, InProcessTransport transport) {
        listeners.remove(endpoint, transport);
    }

    /** The transport listening at {@code endpoint}, or null. */
    InProcessTransport listenerAt(Endpoint endpoint) {
        return listeners.get(endpoint);
    }

    @Override
    public String toString() {
        return "InProcessNetwork(" + name + ")";
    }
}
