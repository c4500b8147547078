package dev.groups.raft.transport;

import static dev.groups.testkit.contract.Recorder.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.groups.testkit.contract.Recorder;
import dev.groups.testkit.contract.TransportContract;
import dev.groups.transport.Channel;
import dev.groups.transport.CloseReason;
import dev.groups.transport.Transport;
import dev.groups.transport.TransportConfig;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * {@link FaultyTransport} over the in-process transport: with no faults it passes the whole transport
 * contract (the inherited tests); then each fault on its own. Every node gets the same seed, so a
 * scenario that sends the same frames makes the same random choices.
 */
class FaultyTransportTest extends TransportContract {
    private static final long SEED = 42;
    private final InProcessNetwork network = InProcessNetwork.create();

    @Override
    protected Transport newTransport(TransportConfig config) {
        return new FaultyTransport(InProcessTransport.on(network, config), config.maxFrameLength(), SEED);
    }

    @Override
    protected boolean isTransportThread(Thread thread) {
        return thread.getName().startsWith("groups-faulty-") || thread.getName().startsWith("groups-inprocess-");
    }

    private static Faults faults(Node node) {
        return ((FaultyTransport) node.transport).faults();
    }

    private static List<Integer> range(int from, int to) {
        return IntStream.range(from, to).boxed().toList();
    }

    @Test
    void droppingEveryFrameDeliversNothingAndRaisesNoError() throws InterruptedException {
        Node a = node();
        Link l = link(a, node());
        faults(a).dropRate(1.0);
        for (int i = 0; i < 100; i++) {
            assertTrue(l.client().send(frame(i)), "a dropped frame counts as sent");
        }
        faults(a).dropRate(0);
        roundTrip(l.client(), l.atServer(), -1);
        assertEquals(List.of(-1), l.atServer().values(), "only the frame sent after the drops arrived");
        assertTrue(l.client().isOpen() && l.server().isOpen(), "loss is silence, not a close");
        assertEquals(0, l.atServer().closeCalls() + l.atClient().closeCalls());
    }

    @Test
    void partialDropsAreSeededAndKeepTheSurvivorsInOrder() throws InterruptedException {
        List<Integer> first = survivorsOfHalfDrop();
        List<Integer> second = survivorsOfHalfDrop();
        assertEquals(first, second, "same seed, same frames: same drops");
        assertTrue(first.size() > 0 && first.size() < 1000, "some dropped, some kept: " + first.size());
        assertSequence(first.stream().sorted().toList(), first);
    }

    private List<Integer> survivorsOfHalfDrop() throws InterruptedException {
        Node a = node();
        Link l = link(a, node());
        faults(a).dropRate(0.5);
        for (int i = 0; i < 1000; i++) {
            l.client().send(frame(i));
        }
        faults(a).dropRate(0);
        roundTrip(l.client(), l.atServer(), -1);
        List<Integer> got = l.atServer().values();
        return got.subList(0, got.size() - 1);
    }

    @Test
    void delayedFramesKeepTheirOrder() throws InterruptedException {
        Node a = node();
        Link l = link(a, node());
        faults(a).delayUpTo(Duration.ofMillis(5));
        for (int i = 0; i < 1000; i++) {
            assertTrue(l.client().send(frame(i)));
        }
        faults(a).delay(Duration.ofMillis(2));
        for (int i = 1000; i < 1500; i++) {
            assertTrue(l.client().send(frame(i)));
        }
        faults(a).clear();
        for (int i = 1500; i < 2000; i++) {
            assertTrue(l.client().send(frame(i)), "undelayed frames queue behind delayed ones");
        }
        l.atServer().awaitFrames(2000);
        assertSequence(range(0, 2000), l.atServer().values());
    }

    @Test
    void closeWaitsForDelayedFrames() throws InterruptedException {
        Node a = node();
        Link l = link(a, node());
        faults(a).delay(Duration.ofMillis(20));
        for (int i = 0; i < 200; i++) {
            assertTrue(l.client().send(frame(i)));
        }
        l.client().close(CloseReason.CANCELLED);
        assertFalse(l.client().isOpen());
        assertFalse(l.client().send(frame(200)));
        Recorder.Closed end = l.atServer().assertClosed(CloseReason.CANCELLED, true);
        assertEquals(200, end.framesBefore());
        assertSequence(range(0, 200), l.atServer().values());
        l.atClient().assertClosed(CloseReason.CANCELLED, false);
    }

    @Test
    void closingTheTransportFlushesFramesStillDelayed() throws InterruptedException {
        Node a = node();
        Link l = link(a, node());
        faults(a).delay(Duration.ofHours(1)); // only the flush on close can deliver these
        for (int i = 0; i < 50; i++) {
            assertTrue(l.client().send(frame(i)));
        }
        a.transport.close();
        Recorder.Closed end = l.atServer().assertClosed(CloseReason.CANCELLED, true);
        assertSequence(range(0, 50), l.atServer().values());
        assertEquals(50, end.framesBefore());
        l.atClient().assertClosed(CloseReason.CANCELLED, false);
    }

    @Test
    void reorderingDeliversEveryFrameExactlyOnce() throws InterruptedException {
        Node a = node();
        Link l = link(a, node());
        faults(a).delayUpTo(Duration.ofMillis(5)).reorder(true);
        for (int i = 0; i < 500; i++) {
            assertTrue(l.client().send(frame(i)));
        }
        l.client().close(CloseReason.CANCELLED);
        Recorder.Closed end = l.atServer().assertClosed(CloseReason.CANCELLED, true);
        assertEquals(500, end.framesBefore(), "the close still comes last");
        assertSequence(range(0, 500), l.atServer().values().stream().sorted().toList());
    }

    @Test
    void aPartitionDropsFramesBothWaysUntilHealed() throws InterruptedException {
        Node a = node();
        Node b = node();
        Node c = node();
        Link ab = link(a, b);
        Link ac = link(a, c);
        faults(a).partition(b.id());
        assertTrue(faults(a).isPartitioned(b.id()));
        for (int i = 0; i < 10; i++) {
            assertTrue(ab.client().send(frame(i)));
            assertTrue(ab.server().send(frame(i)));
        }
        roundTrip(ac.client(), ac.atServer(), 1);
        roundTrip(ac.server(), ac.atClient(), 2);
        faults(a).heal();
        roundTrip(ab.client(), ab.atServer(), -1);
        roundTrip(ab.server(), ab.atClient(), -2);
        assertEquals(List.of(-1), ab.atServer().values(), "nothing from a reached b during the partition");
        assertEquals(List.of(-2), ab.atClient().values(), "nothing from b reached a during the partition");
        assertTrue(ab.client().isOpen() && ab.server().isOpen());
    }

    @Test
    void aRefusingPartitionFailsNewConnectionsEitherWay() throws InterruptedException {
        Node a = node();
        Node b = node();
        faults(a).partition(b.id()).refuseConnections(true);
        failure(a.transport.connect(b.id(), b.endpoint));
        Channel fromB = b.connectTo(a);
        Recorder atB = new Recorder();
        fromB.start(atB);
        atB.assertClosed(CloseReason.UNEXPECTED_CLOSE, true);
        faults(a).heal();
        Link healed = link(b, a);
        roundTrip(healed.client(), healed.atServer(), 1);
        assertNull(a.accepted.poll(), "the refused channel never reached a's acceptor");
        Link outbound = link(a, b);
        roundTrip(outbound.client(), outbound.atServer(), 2);
    }

    @Test
    void severClosesLiveChannelsToOnePeerAsLostOnBothEnds() throws InterruptedException {
        Node a = node();
        Node b = node();
        Node c = node();
        Link out = link(a, b);
        Link in = link(b, a);
        Link other = link(a, c);
        faults(a).delay(Duration.ofHours(1));
        assertTrue(out.client().send(frame(1)), "held back, then lost with the link");
        faults(a).clear();
        assertEquals(2, faults(a).sever(b.id()));
        out.atClient().assertClosed(CloseReason.UNEXPECTED_CLOSE, true);
        out.atServer().assertClosed(CloseReason.UNEXPECTED_CLOSE, true);
        in.atClient().assertClosed(CloseReason.UNEXPECTED_CLOSE, true);
        in.atServer().assertClosed(CloseReason.UNEXPECTED_CLOSE, true);
        assertEquals(List.of(), out.atServer().values());
        assertEquals(0, faults(a).sever(b.id()), "nothing left to sever");
        roundTrip(other.client(), other.atServer(), 3);
        Link again = link(a, b);
        roundTrip(again.client(), again.atServer(), 4);
    }

    @Test
    void theDelaySchedulerStopsWithTheTransport() throws InterruptedException {
        Node a = node();
        Link l = link(a, node());
        faults(a).delay(Duration.ofMillis(1));
        roundTrip(l.client(), l.atServer(), 1);
        assertNotEquals(List.of(), transportThreads().stream().map(Thread::getName)
                .filter(n -> n.startsWith("groups-faulty-delay-")).toList(), "a delayed frame started the scheduler");
        closeTransports();
        for (Thread thread : transportThreads()) {
            thread.join(TIMEOUT.toMillis());
        }
        assertEquals(List.of(), transportThreads().stream().map(Thread::getName).toList(), "threads left after close");
    }

    @Test
    void faultSettingsAreValidated() {
        Faults f = faults(node());
        assertThrows(IllegalArgumentException.class, () -> f.dropRate(1.5));
        assertThrows(IllegalArgumentException.class, () -> f.dropRate(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> f.delay(Duration.ofMillis(-1)));
        assertThrows(IllegalArgumentException.class, () -> f.delayUpTo(Duration.ofMillis(-1)));
        assertThrows(IllegalArgumentException.class, () -> new FaultyTransport(node().transport, 0, SEED));
    }
}
