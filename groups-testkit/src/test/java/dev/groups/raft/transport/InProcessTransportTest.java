package dev.groups.raft.transport;

import static dev.groups.testkit.contract.Recorder.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.groups.id.NodeIdentity;
import dev.groups.testkit.contract.Recorder;
import dev.groups.testkit.contract.TransportContract;
import dev.groups.plugin.Plugins;
import dev.groups.transport.Channel;
import dev.groups.transport.ChannelAcceptor;
import dev.groups.transport.CloseReason;
import dev.groups.transport.Endpoint;
import dev.groups.transport.Transport;
import dev.groups.transport.TransportConfig;
import dev.groups.transport.TransportException;
import dev.groups.transport.TransportProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** The transport contract, and what is particular to the in-process transport. */
class InProcessTransportTest extends TransportContract {
    /** For transports that are not meant to get connections. */
    private static final ChannelAcceptor REFUSE = channel -> channel.close(CloseReason.CANCELLED);

    private final InProcessNetwork network = InProcessNetwork.create();

    @Override
    protected Transport newTransport(TransportConfig config) {
        return InProcessTransport.on(network, config);
    }

    @Override
    protected boolean isTransportThread(Thread thread) {
        return thread.getName().startsWith("groups-inprocess-");
    }

    private Transport transportAt(Endpoint listen) {
        return track(InProcessTransport.on(network, TransportConfig.of(NodeIdentity.generate(), listen)));
    }

    @Test
    void aTakenEndpointFailsStartUntilItIsFree() {
        Endpoint fixed = new Endpoint("node-a", 7000);
        Transport first = transportAt(fixed);
        Transport second = transportAt(fixed);
        assertEquals(fixed, await(first.start(REFUSE)));
        TransportException e = failure(second.start(REFUSE));
        assertTrue(e.getMessage().contains("node-a:7000") && e.getMessage().contains("taken"), e.getMessage());
        first.close();
        assertEquals(fixed, await(second.start(REFUSE)), "a failed start can be retried");
        assertInstanceOf(IllegalStateException.class,
                assertThrows(ExecutionException.class, () -> second.start(REFUSE).get()).getCause());
    }

    @Test
    void portZeroAssignsAFreePortPerTransport() {
        Set<Endpoint> bound = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            Transport t = transportAt(new Endpoint("shared-host", 0));
            assertThrows(IllegalStateException.class, t::localEndpoint, "no endpoint before start");
            Endpoint e = await(t.start(REFUSE));
            assertEquals("shared-host", e.host());
            assertNotEquals(0, e.port());
            assertEquals(e, t.localEndpoint());
            assertTrue(bound.add(e), "ports are unique: " + e);
            t.close();
        }
    }

    @Test
    void networksAreIsolated() {
        Node here = node();
        Transport elsewhere = track(InProcessTransport.on(InProcessNetwork.create(),
                TransportConfig.of(NodeIdentity.generate(), new Endpoint("elsewhere", 0))));
        await(elsewhere.start(REFUSE));
        TransportException e = failure(elsewhere.connect(here.id(), here.endpoint));
        assertTrue(e.getMessage().contains("nothing listens"), e.getMessage());
    }

    @Test
    void theProviderIsFoundByNameAndUsesTheNamedNetwork() throws InterruptedException {
        TransportProvider provider = Plugins.select(ServiceLoader.load(TransportProvider.class), "transport",
                InProcessTransportProvider.NAME, "groups-raft");
        assertInstanceOf(InProcessTransportProvider.class, provider);
        Endpoint listen = new Endpoint("provider-test", 0);
        Map<String, String> options = Map.of(InProcessTransportProvider.NETWORK_OPTION, "provider-test-network");
        NodeIdentity a = NodeIdentity.generate();
        NodeIdentity b = NodeIdentity.generate();
        Duration idle = TransportConfig.DEFAULT_IDLE_TIMEOUT;
        Transport ta = track(provider.create(new TransportConfig(a, listen, SMALL_MAX_FRAME, idle, options)));
        Transport tb = track(provider.create(new TransportConfig(b, listen, SMALL_MAX_FRAME, idle, options)));
        Transport onDefault = track(provider.create(TransportConfig.of(NodeIdentity.generate(), listen)));
        CompletableFuture<Channel> inbound = new CompletableFuture<>();
        Endpoint bEndpoint = await(tb.start(inbound::complete));
        await(ta.start(REFUSE));
        await(onDefault.start(REFUSE));
        assertEquals(bEndpoint, InProcessNetwork.named("provider-test-network").listenerAt(bEndpoint).localEndpoint());
        Channel c = await(ta.connect(b.peerId(), bEndpoint));
        Channel s = await(inbound);
        Recorder atServer = new Recorder();
        s.start(atServer);
        c.start(new Recorder());
        roundTrip(c, atServer, 5);
        // On the default network that endpoint is free or someone else's: b is not there either way.
        failure(onDefault.connect(b.peerId(), bEndpoint));
    }

    @Test
    void aReceiverRefusesFramesLongerThanItsOwnMaximum() throws InterruptedException {
        Node sender = new Node(2 * SMALL_MAX_FRAME);
        Node receiver = new Node(SMALL_MAX_FRAME);
        Link l = link(sender, receiver);
        assertTrue(l.client().send(new byte[SMALL_MAX_FRAME + 1]), "within the sender's own limit");
        Recorder.Closed end = l.atServer().assertClosed(CloseReason.FRAME_TOO_LARGE, false);
        assertEquals(0, end.framesBefore(), "the receiver never got the frame");
        l.atClient().assertClosed(CloseReason.FRAME_TOO_LARGE, true);
    }

    @Test
    void connectNeedsAStartedTransport() {
        Node server = node();
        Transport idle = transportAt(listenAddress());
        TransportException e = failure(idle.connect(server.id(), server.endpoint));
        assertTrue(e.getMessage().contains("not started"), e.getMessage());
    }

    @Test
    void everyCallbackOfATransportRunsOnItsOneDeliveryThread() throws InterruptedException {
        Node client = node();
        Node server = node();
        Set<String> serverThreads = new HashSet<>();
        List<Link> links = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            links.add(link(client, server));
        }
        for (Link l : links) {
            roundTrip(l.client(), l.atServer(), 1);
            l.client().close(CloseReason.CANCELLED);
            serverThreads.add(l.atServer().awaitClosed().thread());
        }
        String expected = "groups-inprocess-" + server.id().shortHex();
        assertEquals(Set.of(expected), serverThreads);
        long serverOwned = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(expected)).count();
        assertEquals(1, serverOwned, "one thread however many channels");
    }

    @Test
    void aChannelCanBeStartedOnlyOnce() throws InterruptedException {
        Link l = link(node(), node());
        assertThrows(IllegalStateException.class, () -> l.client().start(new Recorder()));
    }

    @Test
    void aThrowingAcceptorClosesTheChannelItWasGiven() {
        Node client = node();
        InProcessTransport server = (InProcessTransport) transportAt(listenAddress());
        Endpoint at = await(server.start(channel -> {
            throw new IllegalStateException("acceptor failure injected by the test");
        }));
        Channel c = await(client.transport.connect(server.peerId(), at));
        Recorder atClient = new Recorder();
        c.start(atClient);
        atClient.assertClosed(CloseReason.PROTOCOL_VIOLATION, true);
    }

    @Test
    void aListenerStartedAfterItsTransportClosedStillGetsOnClosed() throws InterruptedException {
        Node client = node();
        Node server = node();
        Channel c = client.connectTo(server);
        Channel s = server.nextAccepted();
        assertTrue(c.send(frame(9)));
        server.transport.close();
        String serverThread = "groups-inprocess-" + server.id().shortHex();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals(serverThread)) {
                t.join(TIMEOUT.toMillis());
            }
        }
        Recorder late = new Recorder();
        s.start(late);
        Recorder.Closed end = late.assertClosed(CloseReason.CANCELLED, false);
        assertEquals(List.of(9), late.values(), "frames that arrived before the close are still delivered");
        assertEquals(serverThread, end.thread());
        Recorder atClient = new Recorder();
        c.start(atClient);
        atClient.assertClosed(CloseReason.CANCELLED, true);
    }
}
