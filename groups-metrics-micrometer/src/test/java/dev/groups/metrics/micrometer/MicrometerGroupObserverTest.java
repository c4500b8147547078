package dev.groups.metrics.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.groups.consensus.ConsensusConfig;
import dev.groups.id.GroupKey;
import dev.groups.log.Index;
import dev.groups.machine.Unit;
import dev.groups.metrics.GroupListener;
import dev.groups.metrics.GroupObserver;
import dev.groups.raft.Group;
import dev.groups.raft.Network;
import dev.groups.transport.Endpoint;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** Two real members over the in-process transport, their meters in one registry each. */
class MicrometerGroupObserverTest {
    private static final ConsensusConfig FAST = ConsensusConfig.builder()
            .heartbeatInterval(Duration.ofMillis(100)).heartbeatJitter(Duration.ofMillis(30))
            .electionTimeout(Duration.ofMillis(600)).electionTimeoutJitter(Duration.ofMillis(200))
            .bootstrapDelay(Duration.ofMillis(200)).build();

    @Test
    void aGroupsMetersMoveWithItsWorkAndLeaveWithIt() throws Exception {
        SimpleMeterRegistry ra = new SimpleMeterRegistry();
        SimpleMeterRegistry rb = new SimpleMeterRegistry();
        List<GroupListener> listeners = new CopyOnWriteArrayList<>();
        GroupObserver observeA = new MicrometerGroupObserver(ra, Tags.of("node", "a"));
        GroupObserver spyA = g -> {
            GroupListener l = observeA.groupStarted(g);
            listeners.add(l);
            return l;
        };
        String host = "micrometer-" + Long.toHexString(System.nanoTime());
        GroupKey key = GroupKey.random();
        try (Network a = Network.builder().transportName("inprocess").listen(new Endpoint(host, 0)).observer(spyA).start();
             Network b = Network.builder().transportName("inprocess").listen(new Endpoint(host, 0))
                     .bootstrap(a.localId(), a.endpoint()).observer(new MicrometerGroupObserver(rb)).start()) {
            Group<Unit, Unit, Unit> ga = a.groups().withKey(key).withConsensusConfig(FAST).join();
            Group<Unit, Unit, Unit> gb = b.groups().withKey(key).withConsensusConfig(FAST).join();
            String group = ga.id().shortHex();
            eventually(() -> ga.bonds().size() == 1 && ga.leader().isPresent() && ga.leader().equals(gb.leader()),
                    "bonded, one leader");
            assertEquals(1.0, ra.get("groups.leader").tag("group", group).gauge().value()
                    + rb.get("groups.leader").tag("group", group).gauge().value(), "exactly one leads");
            assertEquals(1.0, ra.get("groups.leader.known").gauge().value());
            assertEquals("a", ra.get("groups.term").gauge().getId().getTag("node"), "the observer's own tags");

            double before = ra.get("groups.commits").counter().count();
            for (int i = 0; i < 10; i++) {
                ga.execute(Unit.INSTANCE).get(15, TimeUnit.SECONDS);
            }
            eventually(() -> ra.get("groups.commits").counter().count() >= before + 10, "10 more commits counted");
            assertEquals(10, ra.get("groups.propose.apply").timer().count(), "one apply latency per execute");
            eventually(() -> ra.get("groups.propose.commit").timer().count() == 10, "one commit latency per execute");
            assertTrue(ra.get("groups.log.flush").timer().count() > 0, "flushes timed");
            assertTrue(ra.get("groups.term").gauge().value() >= 1);
            assertEquals(1.0, ra.get("groups.bonds").gauge().value());
            String peer = b.localId().shortHex();
            eventually(() -> ra.get("groups.bond.last.frame.age").tag("peer", peer).gauge().value() >= 0,
                    "the peer's last-frame age");
            long last = ga.logPosition().index().value();
            eventually(() -> ra.get("groups.commit.index").gauge().value() >= last
                    && ra.get("groups.applied.index").gauge().value() >= last, "positions published");
            assertEquals(0.0, ra.get("groups.apply.lag").gauge().value());
            assertTrue(ra.get("groups.log.entries").gauge().value() >= 11);
            assertTrue(Double.isNaN(ra.get("groups.log.bytes").gauge().value()), "the in-memory log has no size");
            assertEquals(0.0, ra.get("groups.sync.active").gauge().value());
            assertTrue(ra.get("groups.leader.changes").counter().count() >= 1);
            assertTrue(ra.get("groups.elections").counter().count() + rb.get("groups.elections").counter().count() >= 1,
                    "someone stood for election");

            // The snapshot events, as a snapshot-based state sync reports them.
            GroupListener l = listeners.get(0);
            l.snapshotTaken(Index.of(5), 4096, TimeUnit.MILLISECONDS.toNanos(20));
            l.snapshotInstalled(Index.of(9), 8192, TimeUnit.MILLISECONDS.toNanos(50));
            assertEquals(1, ra.get("groups.snapshots").tag("kind", "taken").counter().count());
            assertEquals(4096, ra.get("groups.snapshot.size").tag("kind", "taken").summary().totalAmount());
            assertEquals(8192, ra.get("groups.snapshot.size").tag("kind", "installed").summary().totalAmount());
            assertEquals(50, ra.get("groups.snapshot.duration").tag("kind", "installed").timer()
                    .totalTime(TimeUnit.MILLISECONDS), 0.001);

            gb.close(); // b leaves: a's bond closes, its age gauge goes
            eventually(() -> ra.find("groups.bond.last.frame.age").tag("peer", peer).gauge() == null
                    && ra.find("groups.bond.closes").tag("reason", "CANCELLED").counter() != null,
                    "the closed bond's gauge removed, its close counted");
            assertEquals(0.0, ra.get("groups.bonds").gauge().value());
            ga.close();
            eventually(() -> ra.find("groups.commits").counter() == null, "a's meters removed when it left");
            assertNull(ra.find("groups.term").gauge());
            assertTrue(ra.getMeters().isEmpty(), "every meter of the group removed: " + ra.getMeters());
        }
    }

    private static void eventually(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 60 s: " + what);
            }
            Thread.sleep(20);
        }
    }
}
