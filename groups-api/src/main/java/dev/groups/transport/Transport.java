package dev.groups.transport;

import dev.groups.id.PeerId;
import java.util.concurrent.CompletableFuture;

/**
 * Carries bonds between nodes: connects to peers and accepts them, yielding authenticated
 * {@link Channel}s. One transport per node, shared by every group of that node; it should multiplex
 * the channels to one peer over one connection.
 *
 * <p><b>Authentication.</b> A channel is handed out only after the transport has proven that the
 * remote end holds the private key of its {@link Channel#remotePeer()} (for QUIC: mutual TLS pinned
 * to the Ed25519 identity). {@link #connect} fails if the remote is not {@code expected}.
 *
 * <p><b>Threading.</b> All methods are thread-safe and never block; results arrive through futures
 * and callbacks on transport threads. Callbacks must not block.
 *
 * <p><b>Never</b> deliver a frame longer than the configured maximum, deliver frames out of order, or
 * deliver after {@link ChannelListener#onClosed}.
 */
public interface Transport extends AutoCloseable {
    /**
     * Starts listening and hands every inbound channel to {@code acceptor}.
     *
     * @return the endpoint actually bound (the port is resolved when 0 was asked)
     */
    CompletableFuture<Endpoint> start(ChannelAcceptor acceptor);

    /** The bound endpoint; only valid after {@link #start} completed. */
    Endpoint localEndpoint();

    /**
     * Opens a new channel to {@code expected} at {@code address}, reusing a connection to that peer
     * when one exists.
     *
     * @return completes with an authenticated channel, or exceptionally with a
     *     {@link TransportException} (unreachable, handshake failed, wrong identity, closed)
     */
    CompletableFuture<Channel> connect(PeerId expected, Endpoint address);

    /**
     * Opens a new channel to whichever node listens at {@code address}, learning its identity from the
     * handshake: the channel's {@link Channel#remotePeer()} is proven as for {@link #connect}, but not
     * checked against an expectation. For bootstrapping from an address alone (a node's
     * {@code --bootstrap host:port}); membership of a group is still proven by the bond handshake, which
     * needs the group secret.
     *
     * @return completes with an authenticated channel, or exceptionally with a
     *     {@link TransportException} (unreachable, handshake failed, closed)
     */
    CompletableFuture<Channel> connectAny(Endpoint address);

    /** Closes every channel with {@link CloseReason#CANCELLED} and releases sockets and threads. Idempotent. */
    @Override
    void close();
}
