package dev.groups.testkit.contract;

import static dev.groups.testkit.contract.Recorder.frame;
import static dev.groups.testkit.contract.Recorder.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.groups.id.NodeIdentity;
import dev.groups.id.PeerId;
import dev.groups.transport.Channel;
import dev.groups.transport.ChannelListener;
import dev.groups.transport.CloseReason;
import dev.groups.transport.Endpoint;
import dev.groups.transport.Transport;
import dev.groups.transport.TransportConfig;
import dev.groups.transport.TransportException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link Transport} contract as scenarios, run against every transport (one subclass each).
 *
 * <p>For transport authors: subclass it in a test, implement {@link #newTransport} and
 * {@link #isTransportThread}, and every scenario runs against your transport.
 *
 * <p>Nothing here measures time. {@link #TIMEOUT} only bounds waits so that a broken transport fails
 * instead of hanging the build.
 */
public abstract class TransportContract {
    public static final Duration TIMEOUT = Duration.ofSeconds(30);
    protected static final int SMALL_MAX_FRAME = 4096;

    private final List<Transport> transports = new ArrayList<>();
    /** Threads alive before the test: other tests' threads are not this test's to account for. */
    private final Set<Thread> preexisting = Set.copyOf(Thread.getAllStackTraces().keySet());

    /** A new, unstarted transport; all transports made in one test must be able to reach each other. */
    protected abstract Transport newTransport(TransportConfig config);

    /** Whether {@code thread} belongs to a transport under test (for the thread-leak check). */
    protected abstract boolean isTransportThread(Thread thread);

    /** Where nodes listen; port 0. */
    protected Endpoint listenAddress() {
        return new Endpoint("127.0.0.1", 0);
    }

    /** Closes {@code transport} after the test. */
    protected <T extends Transport> T track(T transport) {
        transports.add(transport);
        return transport;
    }

    @AfterEach
    protected void closeTransports() {
        transports.forEach(Transport::close);
    }

    /** A started node whose acceptor queues inbound channels without starting them. */
    public final class Node {
        public final NodeIdentity identity = NodeIdentity.generate();
        public final Transport transport;
        public final Endpoint endpoint;
        public final BlockingQueue<Channel> accepted = new LinkedBlockingQueue<>();

        public Node(int maxFrameLength) {
            transport = track(newTransport(new TransportConfig(identity, listenAddress(), maxFrameLength,
                    TransportConfig.DEFAULT_IDLE_TIMEOUT, Map.of())));
            endpoint = await(transport.start(accepted::add));
        }

        public PeerId id() {
            return identity.peerId();
        }

        public Channel connectTo(Node other) {
            return await(transport.connect(other.id(), other.endpoint));
        }

        public Channel nextAccepted() throws InterruptedException {
            Channel channel = accepted.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            assertNotNull(channel, "timed out waiting for an inbound channel");
            return channel;
        }
    }

    /** Both ends of one channel, each started with a {@link Recorder}. */
    public record Link(Channel client, Recorder atClient, Channel server, Recorder atServer) {}

    protected Node node() {
        return new Node(TransportConfig.DEFAULT_MAX_FRAME_LENGTH);
    }

    protected Link link(Node client, Node server) throws InterruptedException {
        Channel c = client.connectTo(server);
        Channel s = server.nextAccepted();
        Recorder atClient = new Recorder();
        Recorder atServer = new Recorder();
        c.start(atClient);
        s.start(atServer);
        return new Link(c, atClient, s, atServer);
    }

    protected static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("future failed", e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("timed out after " + TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Like assertEquals on the frame values, but names the first frame out of place instead of printing thousands. */
    protected static void assertSequence(List<Integer> expected, List<Integer> actual) {
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
            if (!expected.get(i).equals(actual.get(i))) {
                fail("frame " + i + " is " + actual.get(i) + ", expected " + expected.get(i));
            }
        }
        assertEquals(expected.size(), actual.size(), "frame count");
    }

    protected static TransportException failure(CompletableFuture<?> future) {
        try {
            Object result = future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return fail("expected a TransportException, got " + result);
        } catch (ExecutionException e) {
            return assertInstanceOf(TransportException.class, e.getCause());
        } catch (TimeoutException | InterruptedException e) {
            return fail("no failure within " + TIMEOUT, e);
        }
    }

    /**
     * Sends the marker {@code value} from one end and waits until it arrives at the other. Channels are
     * ordered, so everything sent on that channel before the marker has arrived too.
     */
    protected static void roundTrip(Channel from, Recorder to, int value) throws InterruptedException {
        int seen = to.frames().size();
        assertTrue(from.send(frame(value)));
        while (value(to.awaitFrame(seen)) != value) {
            seen++;
        }
    }

    @Test
    void connectAndAcceptSeeEachOthersPeerIdsBothWays() throws InterruptedException {
        Node a = node();
        Node b = node();
        Link ab = link(a, b);
        assertEquals(b.id(), ab.client().remotePeer());
        assertEquals(b.endpoint, ab.client().remoteEndpoint());
        assertEquals(a.id(), ab.server().remotePeer());
        Link ba = link(b, a);
        assertEquals(a.id(), ba.client().remotePeer());
        assertEquals(a.endpoint, ba.client().remoteEndpoint());
        assertEquals(b.id(), ba.server().remotePeer());
        for (Link l : List.of(ab, ba)) {
            assertTrue(l.client().isOpen() && l.server().isOpen());
            roundTrip(l.client(), l.atServer(), 1);
            roundTrip(l.server(), l.atClient(), 2);
        }
    }

    @Test
    void tenThousandFramesArriveInOrderInBothDirectionsAtOnce() throws InterruptedException {
        int count = 10_000;
        Link l = link(node(), node());
        concurrently(List.of(() -> sendSequence(l.client(), count), () -> sendSequence(l.server(), count)));
        List<Integer> expected = IntStream.range(0, count).boxed().toList();
        l.atServer().awaitFrames(count);
        l.atClient().awaitFrames(count);
        assertSequence(expected, l.atServer().values());
        assertSequence(expected, l.atClient().values());
    }

    private static void sendSequence(Channel channel, int count) {
        for (int i = 0; i < count; i++) {
            assertTrue(channel.send(frame(i)));
        }
    }

    /** Runs {@code tasks} on threads of their own, released together; rethrows the first failure. */
    protected static void concurrently(List<Runnable> tasks) throws InterruptedException {
        CountDownLatch go = new CountDownLatch(1);
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (Runnable task : tasks) {
            Thread thread = new Thread(() -> {
                try {
                    go.await();
                    task.run();
                } catch (Throwable e) {
                    failures.add(e);
                }
            }, "contract-test-sender");
            thread.start();
            threads.add(thread);
        }
        go.countDown();
        for (Thread thread : threads) {
            thread.join(TIMEOUT.toMillis());
            assertFalse(thread.isAlive(), "a concurrent task did not finish within " + TIMEOUT);
        }
        if (!failures.isEmpty()) {
            throw new AssertionError("a concurrent task failed", failures.get(0));
        }
    }

    @Test
    void framesSentBeforeStartAreDelivered() throws InterruptedException {
        Node client = node();
        Node server = node();
        Channel c = client.connectTo(server);
        for (int i = 0; i < 3; i++) {
            assertTrue(c.send(frame(i)));
        }
        Channel s = server.nextAccepted();
        for (int i = 10; i < 13; i++) {
            assertTrue(s.send(frame(i)));
        }
        Recorder atClient = new Recorder();
        Recorder atServer = new Recorder();
        s.start(atServer);
        c.start(atClient);
        atServer.awaitFrames(3);
        atClient.awaitFrames(3);
        assertEquals(List.of(0, 1, 2), atServer.values());
        assertEquals(List.of(10, 11, 12), atClient.values());
    }

    @Test
    void sendRefusesFramesLongerThanTheMaximum() throws InterruptedException {
        Link l = link(new Node(SMALL_MAX_FRAME), new Node(SMALL_MAX_FRAME));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> l.client().send(new byte[SMALL_MAX_FRAME + 1]));
        assertTrue(e.getMessage().contains(String.valueOf(SMALL_MAX_FRAME)), e.getMessage());
        assertTrue(l.client().send(new byte[SMALL_MAX_FRAME]), "a frame of exactly the maximum is fine");
        assertTrue(l.client().isOpen(), "refusing a frame does not close the channel");
        roundTrip(l.client(), l.atServer(), 7);
        List<byte[]> got = l.atServer().frames();
        assertEquals(2, got.size(), "the long frame never arrived");
        assertEquals(SMALL_MAX_FRAME, got.get(0).length);
    }

    @Test
    void closeDeliversItsReasonToBothSides() throws InterruptedException {
        Node a = node();
        Node b = node();
        Link first = link(a, b);
        first.client().close(CloseReason.GROUP_NOT_FOUND);
        first.atClient().assertClosed(CloseReason.GROUP_NOT_FOUND, false);
        first.atServer().assertClosed(CloseReason.GROUP_NOT_FOUND, true);

        Link second = link(a, b);
        second.server().close(CloseReason.NOT_ALLOWED);
        second.atServer().assertClosed(CloseReason.NOT_ALLOWED, false);
        second.atClient().assertClosed(CloseReason.NOT_ALLOWED, true);

        for (Channel closed : List.of(first.client(), first.server(), second.client(), second.server())) {
            assertFalse(closed.isOpen());
            assertFalse(closed.send(frame(1)), "send on a closed channel reports the drop");
        }
    }

    @Test
    void onClosedIsCalledExactlyOnceWhenBothSidesCloseAtOnce() throws InterruptedException {
        Node a = node();
        Node b = node();
        Link l = link(a, b);
        CloseReason[] reasons = {CloseReason.CANCELLED, CloseReason.TIMEOUT, CloseReason.ALREADY_BONDED};
        List<Runnable> closers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Channel end = i % 2 == 0 ? l.client() : l.server();
            CloseReason reason = reasons[i % reasons.length];
            closers.add(() -> end.close(reason));
        }
        concurrently(closers);
        Recorder.Closed atClient = l.atClient().awaitClosed();
        Recorder.Closed atServer = l.atServer().awaitClosed();
        // Another channel between the same nodes: once it has carried a frame each way, any late
        // duplicate callback on the closed channel would have run.
        Link probe = link(a, b);
        roundTrip(probe.client(), probe.atServer(), 1);
        roundTrip(probe.server(), probe.atClient(), 2);
        assertEquals(1, l.atClient().closeCalls());
        assertEquals(1, l.atServer().closeCalls());
        assertTrue(List.of(reasons).contains(atClient.reason()) && List.of(reasons).contains(atServer.reason()));
        l.client().close(CloseReason.SUCCESS);
        l.server().close(CloseReason.SUCCESS);
        roundTrip(probe.client(), probe.atServer(), 3);
        roundTrip(probe.server(), probe.atClient(), 4);
        assertEquals(1, l.atClient().closeCalls(), "closing again is a no-op");
        assertEquals(1, l.atServer().closeCalls(), "closing again is a no-op");
    }

    @Test
    void framesQueuedBeforeCloseAreDeliveredFirst() throws InterruptedException {
        int count = 1000;
        Link l = link(node(), node());
        for (int i = 0; i < count; i++) {
            assertTrue(l.client().send(frame(i)));
        }
        l.client().close(CloseReason.CANCELLED);
        assertFalse(l.client().send(frame(count)), "nothing is accepted after close");
        Recorder.Closed end = l.atServer().assertClosed(CloseReason.CANCELLED, true);
        assertEquals(count, end.framesBefore(), "every frame arrived before onClosed");
        assertSequence(IntStream.range(0, count).boxed().toList(), l.atServer().values());
        l.atClient().assertClosed(CloseReason.CANCELLED, false);
    }

    @Test
    void connectingToTheWrongIdentityFails() throws InterruptedException {
        Node client = node();
        Node server = node();
        TransportException e = failure(client.transport.connect(NodeIdentity.generate().peerId(), server.endpoint));
        assertNotNull(e.getMessage());
        Link good = link(client, server);
        assertEquals(client.id(), good.server().remotePeer());
        assertNull(server.accepted.poll(), "the rejected connection never reached the acceptor");
    }

    @Test
    void connectAnyLearnsWhoListensAtAnAddress() throws InterruptedException {
        Node client = node();
        Node server = node();
        Channel c = await(client.transport.connectAny(server.endpoint));
        assertEquals(server.id(), c.remotePeer(), "the identity proven by the handshake");
        Channel s = server.nextAccepted();
        assertEquals(client.id(), s.remotePeer());
        Recorder atServer = new Recorder();
        s.start(atServer);
        c.start(new Recorder());
        roundTrip(c, atServer, 11);
        Node gone = node();
        gone.transport.close();
        failure(client.transport.connectAny(gone.endpoint));
    }

    @Test
    void connectingWhereNothingListensFails() {
        Node client = node();
        Node gone = node();
        gone.transport.close();
        failure(client.transport.connect(gone.id(), gone.endpoint));
    }

    @Test
    void aClosedTransportNeitherConnectsNorStarts() {
        Node client = node();
        Node server = node();
        client.transport.close();
        failure(client.transport.connect(server.id(), server.endpoint));
        Transport unstarted = track(newTransport(TransportConfig.of(NodeIdentity.generate(), listenAddress())));
        unstarted.close();
        failure(unstarted.start(channel -> channel.close(CloseReason.CANCELLED)));
    }

    @Test
    void closingTheTransportCancelsEveryChannel() throws InterruptedException {
        Node server = node();
        Node a = node();
        Node b = node();
        List<Link> inbound = List.of(link(a, server), link(a, server), link(b, server));
        Link outbound = link(server, b);
        server.transport.close();
        server.transport.close();
        for (Link l : inbound) {
            l.atServer().assertClosed(CloseReason.CANCELLED, false);
            l.atClient().assertClosed(CloseReason.CANCELLED, true);
        }
        outbound.atClient().assertClosed(CloseReason.CANCELLED, false);
        outbound.atServer().assertClosed(CloseReason.CANCELLED, true);
        failure(a.transport.connect(server.id(), server.endpoint));
        Link stillFine = link(a, b);
        roundTrip(stillFine.client(), stillFine.atServer(), 1);
    }

    @Test
    void aThrowingListenerClosesOnlyItsOwnChannel() throws InterruptedException {
        Node client = node();
        Node server = node();
        Channel c1 = client.connectTo(server);
        Channel s1 = server.nextAccepted();
        Link other = link(client, server);
        Recorder atClient = new Recorder();
        AtomicInteger calls = new AtomicInteger();
        CompletableFuture<Recorder.Closed> serverEnd = new CompletableFuture<>();
        c1.start(atClient);
        s1.start(new ChannelListener() {
            @Override
            public void onFrame(byte[] frame) {
                calls.incrementAndGet();
                throw new IllegalStateException("listener failure injected by the test");
            }

            @Override
            public void onClosed(CloseReason reason, boolean byRemote) {
                serverEnd.complete(new Recorder.Closed(reason, byRemote, calls.get(), Thread.currentThread().getName()));
            }
        });
        assertTrue(c1.send(frame(1)));
        c1.send(frame(2)); // may race with the close; either way the failed listener must not see it
        Recorder.Closed end = await(serverEnd);
        assertEquals(CloseReason.PROTOCOL_VIOLATION, end.reason());
        assertFalse(end.byRemote());
        atClient.assertClosed(CloseReason.PROTOCOL_VIOLATION, true);
        assertEquals(1, calls.get(), "no frame after the listener threw");
        assertTrue(other.client().isOpen() && other.server().isOpen());
        roundTrip(other.client(), other.atServer(), 3);
        roundTrip(other.server(), other.atClient(), 4);
    }

    @Test
    void fiftyChannelsToOnePeerWorkIndependently() throws InterruptedException {
        int channels = 50;
        int perChannel = 100;
        Node client = node();
        Node server = node();
        List<Channel> clientEnds = new ArrayList<>();
        List<Recorder> echoes = new ArrayList<>();
        for (int i = 0; i < channels; i++) {
            Channel c = client.connectTo(server);
            Channel s = server.nextAccepted();
            s.start(echo(s));
            Recorder r = new Recorder();
            c.start(r);
            clientEnds.add(c);
            echoes.add(r);
        }
        for (int k = 0; k < perChannel; k++) {
            for (int i = 0; i < channels; i++) {
                assertTrue(clientEnds.get(i).send(frame(i * perChannel + k)));
            }
        }
        for (int i = 0; i < channels; i++) {
            echoes.get(i).awaitFrames(perChannel);
            // each channel gets exactly its own frames back, in order
            assertSequence(IntStream.range(i * perChannel, (i + 1) * perChannel).boxed().toList(), echoes.get(i).values());
        }
        for (int i = 0; i < channels; i += 2) {
            clientEnds.get(i).close(CloseReason.CANCELLED);
        }
        for (int i = 0; i < channels; i++) {
            if (i % 2 == 0) {
                echoes.get(i).assertClosed(CloseReason.CANCELLED, false);
            } else {
                roundTrip(clientEnds.get(i), echoes.get(i), -i);
                assertEquals(0, echoes.get(i).closeCalls());
            }
        }
    }

    /** A listener that sends every frame back on {@code channel}. */
    protected static ChannelListener echo(Channel channel) {
        return new ChannelListener() {
            @Override
            public void onFrame(byte[] frame) {
                channel.send(frame);
            }

            @Override
            public void onClosed(CloseReason reason, boolean byRemote) {
                // nothing to release
            }
        };
    }

    @Test
    void closingReleasesEveryThread() throws InterruptedException {
        Node a = node();
        Node b = node();
        Node c = node();
        for (Link l : List.of(link(a, b), link(b, c), link(c, a))) {
            roundTrip(l.client(), l.atServer(), 1);
            roundTrip(l.server(), l.atClient(), 2);
        }
        assertFalse(transportThreads().isEmpty(), "the transports under test have threads while open");
        closeTransports();
        for (Thread thread : transportThreads()) {
            thread.join(TIMEOUT.toMillis());
        }
        assertEquals(List.of(), transportThreads().stream().map(Thread::getName).toList(), "threads left after close");
    }

    /** The live transport threads this test started. */
    protected List<Thread> transportThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && isTransportThread(t) && !preexisting.contains(t))
                .toList();
    }
}
