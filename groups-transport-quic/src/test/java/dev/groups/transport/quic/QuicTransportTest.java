package dev.groups.transport.quic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.groups.id.NodeIdentity;
import dev.groups.plugin.Plugins;
import dev.groups.transport.Channel;
import dev.groups.transport.CloseReason;
import dev.groups.transport.Endpoint;
import dev.groups.transport.Transport;
import dev.groups.transport.TransportConfig;
import dev.groups.transport.TransportException;
import dev.groups.transport.TransportProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What is particular to QUIC: ALPN, identities, multiplexing, options, the provider. */
class QuicTransportTest {
    private static final Endpoint LOOPBACK = new Endpoint("127.0.0.1", 0);
    private final List<Transport> transports = new ArrayList<>();
    private final List<Channel> accepted = new java.util.concurrent.CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        transports.forEach(Transport::close);
    }

    private QuicTransport started(NodeIdentity identity, Map<String, String> options) throws Exception {
        QuicTransport t = QuicTransport.create(new TransportConfig(identity, LOOPBACK, TransportConfig.DEFAULT_MAX_FRAME_LENGTH,
                TransportConfig.DEFAULT_IDLE_TIMEOUT, options));
        transports.add(t);
        t.start(accepted::add).get(10, TimeUnit.SECONDS);
        return t;
    }

    private static TransportException failure(CompletableFuture<?> f) throws Exception {
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS));
        return assertInstanceOf(TransportException.class, e.getCause());
    }

    @Test
    void theProviderIsFoundByName() {
        TransportProvider provider = Plugins.single(ServiceLoader.load(TransportProvider.class), "transport", "quic",
                "groups-transport-quic");
        assertInstanceOf(QuicTransportProvider.class, provider);
        Transport t = provider.create(TransportConfig.of(NodeIdentity.generate(), LOOPBACK));
        transports.add(t);
        assertInstanceOf(QuicTransport.class, t);
    }

    @Test
    void anAlpnMismatchFailsWithInvalidAlpn() throws Exception {
        NodeIdentity serverId = NodeIdentity.generate();
        QuicTransport server = started(serverId, Map.of("quic.alpn", "/something/else/1"));
        QuicTransport client = started(NodeIdentity.generate(), Map.of());
        TransportException e = failure(client.connect(serverId.peerId(), server.localEndpoint()));
        assertEquals(CloseReason.INVALID_ALPN, e.reason().orElse(null), e.getMessage());
    }

    @Test
    void aServerWithAnotherIdentityIsRefusedBeforeAnyChannel() throws Exception {
        QuicTransport server = started(NodeIdentity.generate(), Map.of());
        QuicTransport client = started(NodeIdentity.generate(), Map.of());
        NodeIdentity expected = NodeIdentity.generate();
        TransportException e = failure(client.connect(expected.peerId(), server.localEndpoint()));
        assertTrue(e.getMessage().contains("not the expected"), e.getMessage());
        assertEquals(0, server.engine().channelsTo(client.engine().config().identity().peerId()));
    }

    @Test
    void oneConnectionPerPeerCarriesEveryChannelInBothDirections() throws Exception {
        NodeIdentity a = NodeIdentity.generate();
        NodeIdentity b = NodeIdentity.generate();
        List<Channel> inboundAtB = new java.util.concurrent.CopyOnWriteArrayList<>();
        QuicTransport ta = started(a, Map.of());
        QuicTransport tb = QuicTransport.create(TransportConfig.of(b, LOOPBACK));
        transports.add(tb);
        tb.start(inboundAtB::add).get(10, TimeUnit.SECONDS);
        List<Channel> fromA = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            fromA.add(ta.connect(b.peerId(), tb.localEndpoint()).get(10, TimeUnit.SECONDS));
        }
        for (int i = 0; i < 20; i++) {
            tb.connect(a.peerId(), ta.localEndpoint()).get(10, TimeUnit.SECONDS); // reuses a's connection
        }
        assertEquals(1, ta.engine().connectionsTo(b.peerId()), "one connection from a's side");
        assertEquals(1, tb.engine().connectionsTo(a.peerId()), "and the same one from b's side");
        assertEquals(40, ta.engine().channelsTo(b.peerId()));
        assertEquals(20, inboundAtB.size());
    }

    @Test
    void aTakenPortFailsStartWithTheAddressAndCanBeRetried() throws Exception {
        QuicTransport first = started(NodeIdentity.generate(), Map.of());
        Endpoint taken = first.localEndpoint();
        QuicTransport second = QuicTransport.create(TransportConfig.of(NodeIdentity.generate(), taken));
        transports.add(second);
        TransportException e = failure(second.start(ch -> ch.close(CloseReason.CANCELLED)));
        assertTrue(e.getMessage().contains(taken.toString()), e.getMessage());
        first.close();
        assertEquals(taken, second.start(ch -> ch.close(CloseReason.CANCELLED)).get(10, TimeUnit.SECONDS));
    }

    @Test
    void badOptionsAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> QuicTransport.create(
                new TransportConfig(NodeIdentity.generate(), LOOPBACK, 4096, TransportConfig.DEFAULT_IDLE_TIMEOUT,
                        Map.of("quic.maxStreams", "lots"))));
        assertTrue(e.getMessage().contains("quic.maxStreams"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> QuicTransport.create(
                new TransportConfig(NodeIdentity.generate(), LOOPBACK, 4096, TransportConfig.DEFAULT_IDLE_TIMEOUT,
                        Map.of("quic.threads", "0"))));
        assertTrue(e.getMessage().contains("quic.threads"), e.getMessage());
    }
}
