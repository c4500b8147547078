package dev.groups.transport.quic.internal;

import dev.groups.id.PeerId;
import dev.groups.transport.CloseReason;
import dev.groups.transport.Endpoint;
import io.netty.handler.codec.quic.QuicChannel;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One QUIC connection to a peer, which carries the channels of every group both nodes share (one
 * stream each). It is usable once {@link #ready()} completed: the peer's identity is proven and, for a
 * connection we dialled, the server's {@link WireFrame.Welcome} arrived.
 */
public final class Connection {
    private final boolean outbound;
    private final CompletableFuture<Connection> ready = new CompletableFuture<>();
    private final Set<StreamChannel> channels = ConcurrentHashMap.newKeySet();
    private volatile QuicChannel quic;
    private volatile Endpoint remoteEndpoint;
    private volatile PeerId peer;
    private volatile CloseReason closeReason;
    private volatile boolean helloSeen;

    Connection(boolean outbound, Endpoint dialled) {
        this.outbound = outbound;
        this.remoteEndpoint = dialled;
    }

    void attach(QuicChannel channel) {
        this.quic = channel;
        if (remoteEndpoint == null) {
            remoteEndpoint = endpointOf(channel.remoteSocketAddress());
        }
    }

    static Endpoint endpointOf(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            return new Endpoint(inet.getAddress() != null ? inet.getAddress().getHostAddress() : inet.getHostString(),
                    inet.getPort());
        }
        return new Endpoint(String.valueOf(address), 0);
    }

    public boolean outbound() {
        return outbound;
    }

    public QuicChannel quic() {
        return quic;
    }

    public PeerId peer() {
        return peer;
    }

    void peer(PeerId peer) {
        this.peer = peer;
    }

    String peerLabel() {
        PeerId p = peer;
        return p == null ? "(unauthenticated)" : p.shortHex();
    }

    public Endpoint remoteEndpoint() {
        return remoteEndpoint;
    }

    public CompletableFuture<Connection> ready() {
        return ready;
    }

    /** Why the connection ended, when the peer said so (QUIC application close code); null otherwise. */
    public CloseReason closeReason() {
        return closeReason;
    }

    void closeReason(CloseReason reason) {
        if (closeReason == null) {
            closeReason = reason;
        }
    }

    boolean helloSeen() {
        return helloSeen;
    }

    void helloSeen(boolean seen) {
        helloSeen = seen;
    }

    Set<StreamChannel> channels() {
        return channels;
    }

    /** Ready and not closed. */
    public boolean usable() {
        QuicChannel q = quic;
        return ready.isDone() && !ready.isCompletedExceptionally() && q != null && q.isActive();
    }

    @Override
    public String toString() {
        return (outbound ? "connection to " : "connection from ") + peerLabel() + "@" + remoteEndpoint;
    }
}
