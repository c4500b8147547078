package dev.groups.transport.quic.internal;

import dev.groups.id.PeerId;
import dev.groups.transport.Channel;
import dev.groups.transport.ChannelAcceptor;
import dev.groups.transport.CloseReason;
import dev.groups.transport.Endpoint;
import dev.groups.transport.TransportConfig;
import dev.groups.transport.TransportException;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ChannelInputShutdownReadComplete;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.quic.BoringSSLContextOption;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicClientCodecBuilder;
import io.netty.handler.codec.quic.QuicConnectionCloseEvent;
import io.netty.handler.codec.quic.QuicServerCodecBuilder;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamResetException;
import io.netty.handler.codec.quic.QuicStreamType;
import io.netty.handler.codec.quic.QuicTokenHandler;
import io.netty.handler.ssl.ClientAuth;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * The QUIC transport's machinery: two UDP sockets (one serving, one dialling), one connection per
 * peer reused in both directions, one stream per channel.
 *
 * <p>Connection set-up: TLS 1.3 with both sides presenting their {@link NodeCertificate} (the
 * Ed25519 identity key itself) under ALPN {@link QuicSettings#alpn()}; the client then opens a control
 * stream with {@link WireFrame.Hello} and counts the connection as authenticated only when
 * {@link WireFrame.Welcome} comes back (TLS 1.3 client-certificate rejections arrive after the
 * client's handshake succeeded). Channels are streams opened with {@link WireFrame.Open}.
 *
 * <p>Threading: all Netty callbacks run on the event loop of the UDP socket the connection belongs
 * to; public methods are thread-safe and return futures.
 */
public final class QuicEngine {
    private static final System.Logger LOG = System.getLogger(QuicEngine.class.getName());
    private static final AttributeKey<Connection> CONNECTION = AttributeKey.valueOf("groups.quic.connection");
    /** TLS alert 120, no_application_protocol, as Netty reports it (0x100 + alert). */
    private static final int ALERT_NO_APPLICATION_PROTOCOL = 120;
    /** How long closing waits for channels' goodbyes to be answered before closing the connection. */
    private static final long DRAIN_MILLIS = 500;
    private static final long CLOSE_WAIT_MILLIS = 3_000;

    private enum State { NEW, STARTING, STARTED, CLOSED }

    private final TransportConfig config;
    private final QuicSettings settings;
    private final FrameCodec codec;
    private final NodeCertificate certificate;
    private final String threadPrefix;
    private final Object lock = new Object();
    private State state = State.NEW; // guarded by lock
    private EventLoopGroup group;
    private io.netty.channel.Channel serverSocket;
    private io.netty.channel.Channel clientSocket;
    private volatile ChannelAcceptor acceptor;
    private volatile Endpoint local;
    private final Map<PeerId, Connection> byPeer = new ConcurrentHashMap<>();
    private final Map<Endpoint, CompletableFuture<Connection>> dialing = new ConcurrentHashMap<>();
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final ChannelInitializer<QuicStreamChannel> remoteStreams = new ChannelInitializer<>() {
        @Override
        protected void initChannel(QuicStreamChannel stream) {
            stream.pipeline().addLast(new StreamHandler(stream.parent().attr(CONNECTION).get()));
        }
    };

    public QuicEngine(TransportConfig config) {
        this.config = config;
        this.settings = QuicSettings.from(config.options());
        this.codec = new FrameCodec(config.maxFrameLength());
        this.certificate = NodeCertificate.generate(config.identity());
        this.threadPrefix = threadPrefix(config.identity().peerId());
    }

    /** The prefix of the names of this transport's threads. */
    public static String threadPrefix(PeerId peer) {
        return "groups-quic-" + peer.shortHex();
    }

    public TransportConfig config() {
        return config;
    }

    public FrameCodec codec() {
        return codec;
    }

    // ---------------------------------------------------------------- start

    public CompletableFuture<Endpoint> start(ChannelAcceptor acceptor) {
        synchronized (lock) {
            if (state == State.CLOSED) {
                return CompletableFuture.failedFuture(new TransportException("quic transport is closed"));
            }
            if (state != State.NEW) {
                return CompletableFuture.failedFuture(new IllegalStateException("quic transport already started"));
            }
            state = State.STARTING;
            this.acceptor = acceptor;
            group = new MultiThreadIoEventLoopGroup(settings.threads(), new DefaultThreadFactory(threadPrefix, true),
                    NioIoHandler.newFactory());
        }
        CompletableFuture<Endpoint> started = new CompletableFuture<>();
        InetSocketAddress listen;
        try {
            listen = new InetSocketAddress(config.listen().host(), config.listen().port());
            if (listen.isUnresolved()) {
                throw new TransportException("cannot resolve listen address " + config.listen());
            }
            QuicSslContext serverTls = QuicSslContextBuilder.forServer(certificate.keyManager(), null)
                    .option(BoringSSLContextOption.SIGNATURE_ALGORITHMS, NodeCertificate.SIGNATURE_ALGORITHMS)
                    .trustManager(NodeCertificate.trustManager()).clientAuth(ClientAuth.REQUIRE)
                    .applicationProtocols(settings.alpn()).build();
            QuicSslContext clientTls = QuicSslContextBuilder.forClient().keyManager(certificate.keyManager(), null)
                    .option(BoringSSLContextOption.SIGNATURE_ALGORITHMS, NodeCertificate.SIGNATURE_ALGORITHMS)
                    .trustManager(NodeCertificate.trustManager()).applicationProtocols(settings.alpn()).build();
            ChannelHandler server = limits(new QuicServerCodecBuilder()).sslContext(serverTls)
                    .tokenHandler(NoRetry.INSTANCE)
                    .handler(new ChannelInitializer<QuicChannel>() {
                        @Override
                        protected void initChannel(QuicChannel quic) {
                            Connection connection = new Connection(false, null);
                            connection.attach(quic);
                            track(quic, connection);
                        }
                    })
                    .streamHandler(remoteStreams).build();
            ChannelHandler client = limits(new QuicClientCodecBuilder()).sslContext(clientTls).build();
            ChannelFuture bound = new Bootstrap().group(group).channel(NioDatagramChannel.class).handler(server).bind(listen);
            bound.addListener(f -> {
                if (!f.isSuccess()) {
                    started.completeExceptionally(new TransportException("cannot listen on " + config.listen() + ": "
                            + f.cause().getMessage(), null, f.cause()));
                    return;
                }
                serverSocket = bound.channel();
                ChannelFuture dialer = new Bootstrap().group(group).channel(NioDatagramChannel.class).handler(client)
                        .bind(new InetSocketAddress(0));
                dialer.addListener(g -> {
                    if (!g.isSuccess()) {
                        started.completeExceptionally(new TransportException("cannot open the dialling socket: "
                                + g.cause().getMessage(), null, g.cause()));
                        return;
                    }
                    clientSocket = dialer.channel();
                    InetSocketAddress at = (InetSocketAddress) serverSocket.localAddress();
                    local = new Endpoint(config.listen().host(), at.getPort());
                    synchronized (lock) {
                        if (state != State.STARTING) {
                            started.completeExceptionally(new TransportException("quic transport closed while starting"));
                            return;
                        }
                        state = State.STARTED;
                    }
                    started.complete(local);
                });
            });
        } catch (RuntimeException e) {
            started.completeExceptionally(e instanceof TransportException ? e
                    : new TransportException("cannot start the quic transport: " + e.getMessage(), null, e));
        }
        EventLoopGroup threads = group;
        return started.whenComplete((endpoint, error) -> {
            if (error != null) {
                threads.shutdownGracefully(0, 1, TimeUnit.SECONDS);
                synchronized (lock) {
                    if (state == State.STARTING) {
                        state = State.NEW; // a failed start (say, the port is taken) may be retried
                    }
                }
            }
        });
    }

    private <B extends io.netty.handler.codec.quic.QuicCodecBuilder<B>> B limits(B builder) {
        return builder.maxIdleTimeout(config.idleTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .initialMaxData(settings.connectionWindow())
                .initialMaxStreamDataBidirectionalLocal(settings.streamWindow())
                .initialMaxStreamDataBidirectionalRemote(settings.streamWindow())
                .initialMaxStreamsBidirectional(settings.maxStreams())
                .initialMaxStreamsUnidirectional(0);
    }

    public Endpoint localEndpoint() {
        Endpoint endpoint = local;
        if (endpoint == null) {
            throw new IllegalStateException("quic transport not started");
        }
        return endpoint;
    }

    // ---------------------------------------------------------------- connect

    public CompletableFuture<Channel> connect(PeerId expected, Endpoint address) {
        CompletableFuture<Channel> refused = refuseUnlessStarted();
        if (refused != null) {
            return refused;
        }
        Connection existing = byPeer.get(expected);
        if (existing != null && existing.usable()) {
            return openChannel(existing, address);
        }
        return connection(address).thenCompose(c -> c.peer().equals(expected) ? openChannel(c, address)
                : CompletableFuture.failedFuture(new TransportException("the node at " + address + " is "
                        + c.peer() + ", not the expected " + expected, CloseReason.INVALID_HANDSHAKE, null)));
    }

    public CompletableFuture<Channel> connectAny(Endpoint address) {
        CompletableFuture<Channel> refused = refuseUnlessStarted();
        if (refused != null) {
            return refused;
        }
        for (Connection c : connections) {
            if (c.outbound() && c.usable() && address.equals(c.remoteEndpoint())) {
                return openChannel(c, address);
            }
        }
        return connection(address).thenCompose(c -> openChannel(c, address));
    }

    private <T> CompletableFuture<T> refuseUnlessStarted() {
        synchronized (lock) {
            return switch (state) {
                case STARTED -> null;
                case CLOSED -> CompletableFuture.failedFuture(new TransportException("quic transport is closed"));
                default -> CompletableFuture.failedFuture(new TransportException("quic transport not started"));
            };
        }
    }

    /** An authenticated connection to whoever listens at {@code address}: one dial at a time per address. */
    private CompletableFuture<Connection> connection(Endpoint address) {
        CompletableFuture<Connection> mine = new CompletableFuture<>();
        CompletableFuture<Connection> prior = dialing.putIfAbsent(address, mine);
        if (prior != null) {
            return prior;
        }
        mine.whenComplete((c, e) -> dialing.remove(address, mine));
        dial(address, mine);
        return mine;
    }

    private void dial(Endpoint address, CompletableFuture<Connection> result) {
        Connection connection = new Connection(true, address);
        connection.ready().whenComplete((c, e) -> {
            if (e != null) {
                result.completeExceptionally(e);
            } else {
                result.complete(c);
            }
        });
        InetSocketAddress remote = new InetSocketAddress(address.host(), address.port());
        if (remote.isUnresolved()) {
            connection.ready().completeExceptionally(new TransportException("cannot resolve " + address));
            return;
        }
        try {
            group.schedule(() -> {
                if (connection.ready().completeExceptionally(new TransportException("no authenticated answer from "
                        + address + " within " + settings.connectTimeout().toMillis() + " ms"))) {
                    QuicChannel quic = connection.quic();
                    if (quic != null) {
                        quic.close();
                    }
                }
            }, settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
            QuicChannel.newBootstrap(clientSocket)
                    .handler(new ChannelInitializer<QuicChannel>() {
                        @Override
                        protected void initChannel(QuicChannel quic) {
                            connection.attach(quic);
                            track(quic, connection);
                        }
                    })
                    .streamHandler(remoteStreams)
                    .remoteAddress(remote)
                    .connect()
                    .addListener(f -> {
                        if (!f.isSuccess()) {
                            connection.ready().completeExceptionally(new TransportException("cannot connect to " + address
                                    + ": " + describe(f.cause(), connection), connection.closeReason(), f.cause()));
                            return;
                        }
                        QuicChannel quic = (QuicChannel) f.getNow();
                        try {
                            connection.peer(NodeCertificate.peerOf(peerCertificates(quic)));
                        } catch (CertificateException | SSLPeerUnverifiedException e) {
                            connection.ready().completeExceptionally(new TransportException("the node at " + address
                                    + " did not prove an identity: " + e.getMessage(), CloseReason.INVALID_HANDSHAKE, e));
                            quic.close();
                            return;
                        }
                        StreamHandler control = new StreamHandler(connection);
                        control.control = true;
                        quic.createStream(QuicStreamType.BIDIRECTIONAL, control).addListener(s -> {
                            if (!s.isSuccess()) {
                                connection.ready().completeExceptionally(new TransportException(
                                        "cannot open the control stream to " + address, null, s.cause()));
                                quic.close();
                                return;
                            }
                            QuicStreamChannel stream = (QuicStreamChannel) s.getNow();
                            stream.writeAndFlush(codec.encode(stream.alloc(), new WireFrame.Hello(WireFrame.VERSION)));
                        });
                    });
        } catch (RejectedExecutionException e) {
            connection.ready().completeExceptionally(new TransportException("quic transport is closed"));
        }
    }

    private static X509Certificate[] peerCertificates(QuicChannel quic) throws SSLPeerUnverifiedException, CertificateException {
        Certificate[] chain = quic.sslEngine().getSession().getPeerCertificates();
        X509Certificate[] x509 = new X509Certificate[chain.length];
        for (int i = 0; i < chain.length; i++) {
            if (!(chain[i] instanceof X509Certificate c)) {
                throw new CertificateException("not an X.509 certificate");
            }
            x509[i] = c;
        }
        return x509;
    }

    private static String describe(Throwable cause, Connection connection) {
        CloseReason reason = connection.closeReason();
        String message = cause == null ? "closed" : String.valueOf(cause.getMessage());
        return reason == null ? message : message + " (" + reason + ")";
    }

    /**
     * Opens a stream on {@code connection}, announces it with {@link WireFrame.Open} and hands the
     * channel out when the peer answers {@link WireFrame.Opened}.
     */
    private CompletableFuture<Channel> openChannel(Connection connection, Endpoint address) {
        CompletableFuture<Channel> result = new CompletableFuture<>();
        StreamHandler handler = new StreamHandler(connection);
        handler.opening = result;
        QuicChannel quic = connection.quic();
        try {
            quic.createStream(QuicStreamType.BIDIRECTIONAL, handler).addListener(f -> {
                if (!f.isSuccess()) {
                    result.completeExceptionally(new TransportException("cannot open a stream to "
                            + connection.peerLabel() + ": " + describe(f.cause(), connection), connection.closeReason(), f.cause()));
                    return;
                }
                QuicStreamChannel stream = (QuicStreamChannel) f.getNow();
                StreamChannel channel = new StreamChannel(stream, connection, address, codec);
                handler.channel = channel;
                connection.channels().add(channel);
                stream.writeAndFlush(codec.encode(stream.alloc(), new WireFrame.Open()));
                stream.eventLoop().schedule(() -> {
                    if (result.completeExceptionally(new TransportException(connection.peerLabel() + " did not answer a new channel within "
                            + settings.connectTimeout().toMillis() + " ms", CloseReason.TIMEOUT, null))) {
                        channel.close(CloseReason.TIMEOUT);
                        // A peer that no longer answers is gone (say, killed): drop the connection so the
                        // next attempt dials afresh instead of waiting for the idle timeout.
                        closeConnection(connection, CloseReason.TIMEOUT, "a new channel was not answered");
                    }
                }, settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new TransportException("quic transport is closed"));
        }
        return result;
    }

    private boolean isClosed() {
        synchronized (lock) {
            return state == State.CLOSED;
        }
    }

    // ---------------------------------------------------------------- connection and stream events

    private void track(QuicChannel quic, Connection connection) {
        quic.attr(CONNECTION).set(connection);
        connections.add(connection);
        quic.pipeline().addLast(new ConnectionHandler(connection));
    }

    /** Server side: the client's control stream said hello. */
    private void onHello(Connection connection, QuicStreamChannel stream, WireFrame.Hello hello) {
        if (connection.peer() == null) {
            return; // no proven identity: the connection is being closed already
        }
        if (hello.version() != WireFrame.VERSION) {
            closeConnection(connection, CloseReason.PROTOCOL_VIOLATION, "unsupported version " + hello.version());
            return;
        }
        connection.helloSeen(true);
        byPeer.put(connection.peer(), connection);
        stream.writeAndFlush(codec.encode(stream.alloc(), new WireFrame.Welcome(WireFrame.VERSION)));
        connection.ready().complete(connection);
    }

    /** Client side: the server accepted our certificate. */
    private void onWelcome(Connection connection, WireFrame.Welcome welcome) {
        if (welcome.version() != WireFrame.VERSION) {
            closeConnection(connection, CloseReason.PROTOCOL_VIOLATION, "unsupported version " + welcome.version());
            return;
        }
        if (connection.ready().complete(connection)) {
            byPeer.put(connection.peer(), connection);
        }
    }

    /** The peer opened a channel: hand it to the acceptor. */
    private StreamChannel onOpen(Connection connection, QuicStreamChannel stream) {
        StreamChannel channel = new StreamChannel(stream, connection, connection.remoteEndpoint(), codec);
        connection.channels().add(channel);
        if (isClosed()) {
            channel.close(CloseReason.CANCELLED);
            return channel;
        }
        stream.writeAndFlush(codec.encode(stream.alloc(), new WireFrame.Opened()));
        try {
            acceptor.accept(channel);
        } catch (Throwable e) {
            LOG.log(Level.WARNING, "the acceptor threw for " + channel + "; closing it with PROTOCOL_VIOLATION", e);
            channel.close(CloseReason.PROTOCOL_VIOLATION);
        }
        return channel;
    }

    private void closeConnection(Connection connection, CloseReason reason, String why) {
        LOG.log(Level.DEBUG, "closing {0} with {1}: {2}", connection, reason, why);
        connection.closeReason(reason);
        connection.ready().completeExceptionally(new TransportException(connection + " closed: " + why, reason, null));
        QuicChannel quic = connection.quic();
        if (quic != null) {
            quic.close(true, reason.code(), Unpooled.copiedBuffer(reason.name(), StandardCharsets.US_ASCII));
        }
    }

    /** Connection-level events: the identity of an inbound peer, close codes, the end. */
    private final class ConnectionHandler extends ChannelInboundHandlerAdapter {
        private final Connection connection;

        ConnectionHandler(Connection connection) {
            this.connection = connection;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) throws Exception {
            if (!connection.outbound()) {
                try {
                    connection.peer(NodeCertificate.peerOf(peerCertificates(connection.quic())));
                } catch (CertificateException | SSLPeerUnverifiedException e) {
                    LOG.log(Level.DEBUG, "closing an inbound connection without a valid identity: {0}", e.getMessage());
                    closeConnection(connection, CloseReason.INVALID_HANDSHAKE, "no valid identity");
                }
            }
            super.channelActive(ctx);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
            if (event instanceof QuicConnectionCloseEvent close) {
                CloseReason reason;
                if (close.isApplicationClose()) {
                    reason = CloseReason.fromCodeOrUnexpected(close.error());
                } else if (close.isTlsError()
                        && QuicConnectionCloseEvent.extractTlsError(close.error()) == ALERT_NO_APPLICATION_PROTOCOL) {
                    reason = CloseReason.INVALID_ALPN;
                } else if (close.isTlsError()) {
                    reason = CloseReason.INVALID_HANDSHAKE;
                } else {
                    reason = CloseReason.UNEXPECTED_CLOSE;
                }
                connection.closeReason(reason);
                // Fail a dial at once (an ALPN mismatch would otherwise take ~4 s to fail the connect).
                connection.ready().completeExceptionally(new TransportException(connection + " was closed by the peer: "
                        + reason + " (QUIC " + (close.isTlsError() ? "TLS alert " + QuicConnectionCloseEvent.extractTlsError(close.error())
                        : "code " + close.error()) + ")", reason, null));
            }
            super.userEventTriggered(ctx, event);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            connections.remove(connection);
            PeerId peer = connection.peer();
            if (peer != null) {
                byPeer.remove(peer, connection);
            }
            connection.ready().completeExceptionally(new TransportException(connection + " closed before it was ready",
                    connection.closeReason(), null));
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // Handshake failures and peers that vanish are ordinary: no stack trace above DEBUG.
            LOG.log(Level.DEBUG, "{0}: {1}", connection, String.valueOf(cause));
            if (!(cause instanceof javax.net.ssl.SSLException)) {
                ctx.close(); // a TLS failure is closed by QUIC itself, with the alert the peer needs to see
            }
        }
    }

    /**
     * Decodes one stream's frames. The first frame says what the stream is: the control stream
     * ({@link WireFrame.Hello}) or a channel ({@link WireFrame.Open}).
     */
    private final class StreamHandler extends ByteToMessageDecoder {
        private final Connection connection;
        /** The channel this stream carries, once known. */
        StreamChannel channel;
        /** For a stream we opened: completes with {@link #channel} when the peer answers {@link WireFrame.Opened}. */
        CompletableFuture<Channel> opening;
        /** This is the connection's control stream. */
        boolean control;
        /** A bad frame or the goodbye was seen: ignore whatever follows. */
        private boolean done;

        StreamHandler(Connection connection) {
            this.connection = connection;
        }

        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
            if (done) {
                in.skipBytes(in.readableBytes());
                return;
            }
            WireFrame frame;
            try {
                frame = codec.decode(in);
            } catch (FrameException e) {
                in.skipBytes(in.readableBytes());
                refuse(ctx, e.reason(), e.getMessage());
                return;
            }
            if (frame != null) {
                dispatch(ctx, frame);
            }
        }

        private void dispatch(ChannelHandlerContext ctx, WireFrame frame) {
            if (opening != null && !opening.isDone()) {
                if (frame instanceof WireFrame.Opened) {
                    opening.complete(channel);
                    return;
                }
                if (frame instanceof WireFrame.Goodbye goodbye) {
                    CloseReason reason = CloseReason.fromCodeOrUnexpected(goodbye.code());
                    opening.completeExceptionally(new TransportException(connection.peerLabel() + " refused a new channel: "
                            + reason, reason, null));
                } else {
                    opening.completeExceptionally(new TransportException(connection.peerLabel()
                            + " answered a new channel with " + frame.getClass().getSimpleName(), CloseReason.PROTOCOL_VIOLATION, null));
                    refuse(ctx, CloseReason.PROTOCOL_VIOLATION, "a new channel was answered with " + frame.getClass().getSimpleName());
                    return;
                }
            }
            if (channel != null) {
                if (frame instanceof WireFrame.Data data) {
                    channel.onData(data.payload());
                } else if (frame instanceof WireFrame.Goodbye goodbye) {
                    done = true;
                    channel.onGoodbye(goodbye.code());
                } else {
                    refuse(ctx, CloseReason.PROTOCOL_VIOLATION, "unexpected " + frame + " on an open channel");
                }
                return;
            }
            if (control) {
                if (connection.outbound() && frame instanceof WireFrame.Welcome welcome) {
                    onWelcome(connection, welcome);
                } else {
                    refuse(ctx, CloseReason.PROTOCOL_VIOLATION, "unexpected " + frame + " on the control stream");
                }
                return;
            }
            QuicStreamChannel stream = (QuicStreamChannel) ctx.channel();
            if (frame instanceof WireFrame.Hello hello && !connection.outbound() && !connection.helloSeen()) {
                control = true;
                onHello(connection, stream, hello);
            } else if (frame instanceof WireFrame.Open && (connection.outbound() || connection.helloSeen())) {
                channel = onOpen(connection, stream);
            } else {
                refuse(ctx, frame instanceof WireFrame.Open ? CloseReason.INVALID_HANDSHAKE : CloseReason.PROTOCOL_VIOLATION,
                        "a new stream must start with Open" + (connection.outbound() ? "" : " after the control Hello")
                                + ", got " + frame.getClass().getSimpleName());
            }
        }

        /** Bad input: close only this stream's channel, or the connection if it is the control stream. */
        private void refuse(ChannelHandlerContext ctx, CloseReason reason, String why) {
            done = true;
            if (channel != null) {
                channel.onBadInput(reason, why);
            } else if (control) {
                closeConnection(connection, reason, why);
            } else {
                LOG.log(Level.DEBUG, "refusing a stream from {0}: {1}", connection, why);
                QuicStreamChannel stream = (QuicStreamChannel) ctx.channel();
                stream.writeAndFlush(codec.encode(stream.alloc(), new WireFrame.Goodbye(reason.code())))
                        .addListener(f -> stream.shutdownOutput());
                try {
                    stream.eventLoop().schedule(() -> stream.close(), DRAIN_MILLIS, TimeUnit.MILLISECONDS);
                } catch (RejectedExecutionException e) {
                    stream.close();
                }
            }
        }

        /** The peer's half ended (or the stream closed): bytes left over are a frame cut short. */
        @Override
        protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
            decode(ctx, in, out);
            if (in.isReadable() && !done && ctx.channel().isActive()) {
                in.skipBytes(in.readableBytes());
                refuse(ctx, CloseReason.PROTOCOL_VIOLATION, "the stream ended inside a frame");
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
            super.userEventTriggered(ctx, event);
            if (event instanceof ChannelInputShutdownReadComplete) {
                if (channel != null) {
                    channel.onInputEnded();
                } else if (control && !done) {
                    closeConnection(connection, CloseReason.PROTOCOL_VIOLATION, "the control stream ended");
                } else {
                    ctx.close();
                }
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            if (opening != null) {
                opening.completeExceptionally(new TransportException("the new channel to " + connection.peerLabel()
                        + " closed before the peer took it", connection.closeReason(), null));
            }
            if (channel != null) {
                connection.channels().remove(channel);
                channel.onStreamClosed();
            }
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (cause instanceof QuicStreamResetException reset && channel != null) {
                channel.onReset(reset.applicationProtocolCode());
                return;
            }
            LOG.log(Level.DEBUG, "stream of {0}: {1}", connection, String.valueOf(cause));
            ctx.close();
        }
    }

    /** No Retry round trip: peers are few and known; QUIC's anti-amplification limit still applies. */
    private enum NoRetry implements QuicTokenHandler {
        INSTANCE;

        @Override
        public boolean writeToken(ByteBuf out, ByteBuf dcid, InetSocketAddress address) {
            return false;
        }

        @Override
        public int validateToken(ByteBuf token, InetSocketAddress address) {
            return 0;
        }

        @Override
        public int maxTokenLength() {
            return 0;
        }
    }

    // ---------------------------------------------------------------- close

    /**
     * Cancels every channel (goodbye frames), closes each connection with {@code CANCELLED} once its
     * channels are answered or after {@value #DRAIN_MILLIS} ms, then releases sockets and threads.
     * Waits for that (at most a few seconds) unless called on one of this transport's threads.
     */
    public void close() {
        synchronized (lock) {
            if (state == State.CLOSED) {
                return;
            }
            state = State.CLOSED;
        }
        for (CompletableFuture<Connection> dial : dialing.values()) {
            dial.completeExceptionally(new TransportException("quic transport is closed"));
        }
        if (group == null) {
            return;
        }
        List<CompletableFuture<Void>> closing = new ArrayList<>();
        for (Connection connection : connections) {
            closing.add(cancel(connection));
        }
        CompletableFuture<Void> done = CompletableFuture.allOf(closing.toArray(new CompletableFuture<?>[0]))
                .completeOnTimeout(null, DRAIN_MILLIS * 2, TimeUnit.MILLISECONDS)
                .handle((ok, error) -> null)
                .thenRun(this::shutDownThreads);
        boolean onOwnThread = Thread.currentThread().getName().startsWith(threadPrefix);
        if (!onOwnThread) {
            try {
                done.get(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
                group.terminationFuture().await(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                LOG.log(Level.DEBUG, "closing the quic transport: {0}", String.valueOf(e));
            }
        }
    }

    private CompletableFuture<Void> cancel(Connection connection) {
        for (StreamChannel channel : connection.channels()) {
            channel.close(CloseReason.CANCELLED);
        }
        QuicChannel quic = connection.quic();
        CompletableFuture<Void> closed = new CompletableFuture<>();
        if (quic == null || !quic.isActive()) {
            closed.complete(null);
            return closed;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DRAIN_MILLIS);
        try {
            quic.eventLoop().execute(() -> closeWhenDrained(connection, quic, deadline, closed));
        } catch (RejectedExecutionException e) {
            closed.complete(null);
        }
        return closed;
    }

    private void closeWhenDrained(Connection connection, QuicChannel quic, long deadline, CompletableFuture<Void> closed) {
        if (connection.channels().isEmpty() || System.nanoTime() >= deadline || !quic.isActive()) {
            quic.close(true, CloseReason.CANCELLED.code(), Unpooled.copiedBuffer("Cancelled", StandardCharsets.US_ASCII))
                    .addListener(f -> closed.complete(null));
            return;
        }
        quic.eventLoop().schedule(() -> closeWhenDrained(connection, quic, deadline, closed), 5, TimeUnit.MILLISECONDS);
    }

    private void shutDownThreads() {
        io.netty.channel.Channel server = serverSocket;
        io.netty.channel.Channel client = clientSocket;
        if (server != null) {
            server.close();
        }
        if (client != null) {
            client.close();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    /** How many authenticated connections to {@code peer} are open (for tests: one per peer is the goal). */
    public int connectionsTo(PeerId peer) {
        int n = 0;
        for (Connection c : connections) {
            if (peer.equals(c.peer()) && c.usable()) {
                n++;
            }
        }
        return n;
    }

    /** How many channels to {@code peer} are open, over all connections. */
    public int channelsTo(PeerId peer) {
        int n = 0;
        for (Connection c : connections) {
            if (peer.equals(c.peer())) {
                for (StreamChannel channel : c.channels()) {
                    n += channel.isOpen() ? 1 : 0;
                }
            }
        }
        return n;
    }

    @Override
    public String toString() {
        Endpoint endpoint = local;
        return "QuicTransport(" + config.identity().peerId().shortHex() + "@" + (endpoint == null ? config.listen() : endpoint) + ")";
    }
}
