package dev.groups.transport.quic;

import dev.groups.id.PeerId;
import dev.groups.transport.Channel;
import dev.groups.transport.ChannelAcceptor;
import dev.groups.transport.Endpoint;
import dev.groups.transport.Transport;
import dev.groups.transport.TransportConfig;
import dev.groups.transport.quic.internal.QuicEngine;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The {@link Transport} over QUIC (Netty's native QUIC codec: quiche and BoringSSL), authenticated by
 * mutual TLS 1.3 with each node's Ed25519 identity key as its TLS key.
 *
 * <ul>
 *   <li><b>Identity.</b> Each node presents a self-signed certificate for its identity key, made in
 *       memory at start. {@link #connect} checks the proven key against the expected {@link PeerId};
 *       {@link #connectAny} reports it. A dialled connection counts as authenticated only after the
 *       server's first application message (a TLS 1.3 server rejects a client certificate after the
 *       client's handshake has completed).</li>
 *   <li><b>Multiplexing.</b> One connection per peer, reused in both directions, carries every
 *       channel to that peer as one bidirectional stream: many groups do not mean many connections.</li>
 *   <li><b>Framing.</b> {@code u32 length | u8 kind | body}; frames longer than
 *       {@link TransportConfig#maxFrameLength()} are refused before any allocation and close only that
 *       channel with {@code FRAME_TOO_LARGE}.</li>
 *   <li><b>Closing.</b> A channel's close code travels in a goodbye frame after everything sent before
 *       it; closing the transport also closes each connection with the QUIC application code
 *       {@code CANCELLED (102)}, because QUIC close codes alone are best-effort.</li>
 *   <li><b>Options</b> ({@link TransportConfig#options()}): see {@code QuicSettings} —
 *       {@code quic.alpn}, {@code quic.threads}, {@code quic.connectTimeoutMillis},
 *       {@code quic.maxStreams}, {@code quic.streamWindowBytes}, {@code quic.connectionWindowBytes}.</li>
 * </ul>
 *
 * <p><b>Threading.</b> Methods are thread-safe and return futures; callbacks run on the transport's
 * event-loop threads (named {@code groups-quic-<peer>-…}; one by default). {@link #close()} waits a
 * few seconds at most, so that goodbyes leave before the sockets close, except when called on one of
 * those threads.
 */
public final class QuicTransport implements Transport {
    private final QuicEngine engine;

    private QuicTransport(TransportConfig config) {
        this.engine = new QuicEngine(config);
    }

    /**
     * A transport for the node described by {@code config}; creates its TLS certificate but no thread
     * or socket until {@link #start}.
     *
     * @throws IllegalArgumentException if an option is invalid
     */
    public static QuicTransport create(TransportConfig config) {
        return new QuicTransport(Objects.requireNonNull(config, "config"));
    }

    @Override
    public CompletableFuture<Endpoint> start(ChannelAcceptor acceptor) {
        return engine.start(Objects.requireNonNull(acceptor, "acceptor"));
    }

    @Override
    public Endpoint localEndpoint() {
        return engine.localEndpoint();
    }

    @Override
    public CompletableFuture<Channel> connect(PeerId expected, Endpoint address) {
        return engine.connect(Objects.requireNonNull(expected, "expected"), Objects.requireNonNull(address, "address"));
    }

    @Override
    public CompletableFuture<Channel> connectAny(Endpoint address) {
        return engine.connectAny(Objects.requireNonNull(address, "address"));
    }

    @Override
    public void close() {
        engine.close();
    }

    /** The engine, for this module's tests and benchmarks. */
    QuicEngine engine() {
        return engine;
    }

    @Override
    public String toString() {
        return engine.toString();
    }
}
