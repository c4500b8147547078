/**
 * The QUIC transport ({@code "quic"}): authenticated, multiplexed channels over Netty's QUIC codec
 * (quiche), with each node's Ed25519 identity proven in the TLS handshake. Netty's jars are named
 * modules; its native library lives in a platform module of its own ({@code
 * io.netty.codec.quic.linux.x86_64} and the like) that nothing requires by name, so a launch on the
 * module path adds it with {@code --add-modules} (README, "The module path").
 */
module dev.groups.transport.quic {
    requires transitive dev.groups.api;
    requires io.netty.buffer;
    requires io.netty.codec;
    requires io.netty.codec.classes.quic;
    requires io.netty.common;
    requires io.netty.handler;
    requires io.netty.transport;
    requires org.bouncycastle.pkix;
    requires org.bouncycastle.provider;
    requires org.bouncycastle.util;
    requires static com.google.auto.service;

    exports dev.groups.transport.quic;

    provides dev.groups.transport.TransportProvider with dev.groups.transport.quic.QuicTransportProvider;
}
