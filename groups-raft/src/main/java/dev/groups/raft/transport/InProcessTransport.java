package dev.groups.raft.transport;

import dev.groups.id.PeerId;
import dev.groups.transport.Channel;
import dev.groups.transport.ChannelAcceptor;
import dev.groups.transport.CloseReason;
import dev.groups.transport.Endpoint;
import dev.groups.transport.Transport;
import dev.groups.transport.TransportConfig;
import dev.groups.transport.TransportException;
import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link Transport} between nodes of one JVM that share an {@link InProcessNetwork}: no sockets and
 * no serialization, but the full channel contract, so runtime code and tests behave as over QUIC.
 *
 * <p><b>Authentication.</b> The remote peer id of a channel is the listening transport's
 * {@code config.identity().peerId()}, read from the network registry. In one JVM it cannot be forged,
 * so no handshake is needed; {@link #connect} still fails when it is not the {@code expected} peer.
 *
 * <p><b>Lifecycle.</b> {@link #start} binds {@code config.listen()}; {@link #connect} requires a
 * started transport (the other end learns this node's endpoint from it) and completes at once, on
 * this transport's thread. {@link #close} unbinds, closes every channel with
 * {@link CloseReason#CANCELLED}, and lets the thread exit once it has delivered what is pending.
 *
 * <p><b>Threading.</b> All methods are thread-safe and never block. Every callback of this transport
 * (acceptor, listeners of its channel ends, connect completions) runs on its one daemon
 * {@link DeliveryThread}, named {@code groups-inprocess-<peer>}, started on first use: one thread
 * per transport however many channels it has. An acceptor that throws is logged and its channel is
 * closed with {@link CloseReason#PROTOCOL_VIOLATION}.
 */
public final class InProcessTransport implements Transport {
    private static final System.Logger LOG = System.getLogger(InProcessTransport.class.getName());

    private enum State { NEW, STARTED, CLOSED }

    private final InProcessNetwork network;
    private final TransportConfig config;
    private final DeliveryThread deliveryThread;
    private final Set<InProcessChannel> channels = ConcurrentHashMap.newKeySet();
    private final Object lock = new Object();
    private State state = State.NEW; // guarded by lock
    private volatile Endpoint local;
    private ChannelAcceptor acceptor; // guarded by lock

    private InProcessTransport(InProcessNetwork network, TransportConfig config) {
        this.network = network;
        this.config = config;
        this.deliveryThread = new DeliveryThread("groups-inprocess-" + config.identity().peerId().shortHex());
    }

    /** A transport for the node described by {@code config}, on {@code network}. Allocates no thread. */
    public static InProcessTransport on(InProcessNetwork network, TransportConfig config) {
        return new InProcessTransport(Objects.requireNonNull(network, "network"), Objects.requireNonNull(config, "config"));
    }

    /**
     * {@inheritDoc}
     *
     * <p>Completes before returning: with the bound endpoint, or with a {@link TransportException} if
     * the endpoint is taken or the transport is closed (an {@link IllegalStateException} if it was
     * already started).
     */
    @Override
    public CompletableFuture<Endpoint> start(ChannelAcceptor acceptor) {
        Objects.requireNonNull(acceptor, "acceptor");
        synchronized (lock) {
            if (state == State.CLOSED) {
                return CompletableFuture.failedFuture(new TransportException("in-process transport is closed"));
            }
            if (state == State.STARTED) {
                return CompletableFuture.failedFuture(
                        new IllegalStateException("in-process transport already started at " + local));
            }
            try {
                local = network.bind(config.listen(), this);
            } catch (TransportException e) {
                return CompletableFuture.failedFuture(e);
            }
            this.acceptor = acceptor;
            state = State.STARTED;
        }
        return CompletableFuture.completedFuture(local);
    }

    @Override
    public Endpoint localEndpoint() {
        Endpoint endpoint = local;
        if (endpoint == null) {
            throw new IllegalStateException("in-process transport not started");
        }
        return endpoint;
    }

    @Override
    public CompletableFuture<Channel> connect(PeerId expected, Endpoint address) {
        Objects.requireNonNull(expected, "expected");
        return open(expected, Objects.requireNonNull(address, "address"));
    }

    @Override
    public CompletableFuture<Channel> connectAny(Endpoint address) {
        return open(null, Objects.requireNonNull(address, "address"));
    }

    /** Connects to the listener at {@code address}, which must be {@code expected} unless that is null. */
    private CompletableFuture<Channel> open(PeerId expected, Endpoint address) {
        synchronized (lock) {
            if (state != State.STARTED) {
                return failed(state == State.NEW ? "in-process transport not started" : "in-process transport is closed");
            }
        }
        InProcessTransport target = network.listenerAt(address);
        if (target == null) {
            return failed("nothing listens at " + address + " on in-process network " + network.name());
        }
        if (expected != null && !target.peerId().equals(expected)) {
            return failed("the node at " + address + " is " + target.peerId() + ", not the expected " + expected);
        }
        InProcessChannel.Ends ends = InProcessChannel.pair(this, target);
        if (!register(ends.atConnector())) {
            return failed("in-process transport is closed");
        }
        if (!target.accept(ends.atListener())) {
            channels.remove(ends.atConnector());
            return failed("nothing listens at " + address + " on in-process network " + network.name() + " (it closed)");
        }
        CompletableFuture<Channel> connected = new CompletableFuture<>();
        deliveryThread.execute(() -> connected.complete(ends.atConnector()));
        return connected;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Unbinds at once; listeners still get the frames already sent to them, then
     * {@code onClosed(CANCELLED, false)}, and the peers get {@code onClosed(CANCELLED, true)}.
     */
    @Override
    public void close() {
        synchronized (lock) {
            if (state == State.CLOSED) {
                return;
            }
            if (state == State.STARTED) {
                network.unbind(local, this);
            }
            state = State.CLOSED;
        }
        for (InProcessChannel channel : channels) {
            channel.close(CloseReason.CANCELLED);
        }
        deliveryThread.shutdown();
    }

    /** Takes an inbound end: false if this transport is not listening. */
    private boolean accept(InProcessChannel end) {
        ChannelAcceptor target;
        synchronized (lock) {
            if (state != State.STARTED) {
                return false;
            }
            channels.add(end);
            target = acceptor;
        }
        deliveryThread.execute(() -> handOver(target, end));
        return true;
    }

    private void handOver(ChannelAcceptor target, InProcessChannel end) {
        synchronized (lock) {
            if (state == State.CLOSED) {
                return; // the end was cancelled with the transport; the acceptor is gone
            }
        }
        try {
            target.accept(end);
        } catch (Throwable e) {
            LOG.log(Level.WARNING, "the acceptor of " + this + " threw; closing " + end + " with PROTOCOL_VIOLATION", e);
            end.close(CloseReason.PROTOCOL_VIOLATION);
        }
    }

    private boolean register(InProcessChannel end) {
        synchronized (lock) {
            if (state != State.STARTED) {
                return false;
            }
            channels.add(end);
            return true;
        }
    }

    void forget(InProcessChannel end) {
        channels.remove(end);
    }

    PeerId peerId() {
        return config.identity().peerId();
    }

    int maxFrameLength() {
        return config.maxFrameLength();
    }

    DeliveryThread deliveryThread() {
        return deliveryThread;
    }

    private static <T> CompletableFuture<T> failed(String message) {
        return CompletableFuture.failedFuture(new TransportException(message));
    }

    @Override
    public String toString() {
        return "InProcessTransport(" + peerId().shortHex() + "@" + (local == null ? config.listen() : local) + " on "
                + network.name() + ")";
    }
}
