package dev.groups.transport.quic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.groups.consensus.ConsensusConfig;
import dev.groups.id.GroupKey;
import dev.groups.id.NodeIdentity;
import dev.groups.machine.Unit;
import dev.groups.raft.Group;
import dev.groups.raft.Network;
import dev.groups.transport.Endpoint;
import dev.groups.transport.TransportConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.RepeatedTest;

/**
 * Two nodes that know each other join a group at the same moment, so both dial: the AlreadyBonded
 * tie-breaker must leave exactly one bond, which over QUIC is exactly one open stream between them
 * (on their one shared connection), in every group.
 */
class TieBreakTest {
    private static final ConsensusConfig CONFIG = ConsensusConfig.builder()
            .heartbeatInterval(Duration.ofMillis(100)).heartbeatJitter(Duration.ofMillis(30)).maxMissedHeartbeats(20)
            .electionTimeout(Duration.ofMillis(600)).electionTimeoutJitter(Duration.ofMillis(200))
            .bootstrapDelay(Duration.ofMillis(200)).build();

    @RepeatedTest(3)
    void simultaneousJoinsLeaveExactlyOneBondPerGroup() throws Exception {
        int groups = 3;
        QuicTransport ta = transport();
        QuicTransport tb = transport();
        try (Network a = Network.builder().identity(ta.engine().config().identity()).transport(ta).start();
             Network b = Network.builder().identity(tb.engine().config().identity()).transport(tb).start()) {
            a.syncWith(b.localId(), b.endpoint()).get(10, TimeUnit.SECONDS);
            List<GroupKey> keys = new ArrayList<>();
            for (int i = 0; i < groups; i++) {
                keys.add(GroupKey.random());
            }
            CountDownLatch go = new CountDownLatch(1);
            List<Group<Unit, Unit, Unit>> atA = new ArrayList<>();
            List<Group<Unit, Unit, Unit>> atB = new ArrayList<>();
            Thread joinA = new Thread(() -> join(go, a, keys, atA));
            Thread joinB = new Thread(() -> join(go, b, keys, atB));
            joinA.start();
            joinB.start();
            go.countDown();
            joinA.join(10_000);
            joinB.join(10_000);
            for (int i = 0; i < groups; i++) {
                assertEquals(atA.get(i).when().leaderElected().get(20, TimeUnit.SECONDS),
                        atB.get(i).when().leaderElected().get(20, TimeUnit.SECONDS), "one leader in group " + i);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while ((ta.engine().channelsTo(b.localId()) != groups || tb.engine().channelsTo(a.localId()) != groups)
                    && System.nanoTime() < deadline) {
                Thread.sleep(20); // losing dials and catalog exchanges close
            }
            assertEquals(groups, ta.engine().channelsTo(b.localId()), "one bond per group, seen from a");
            assertEquals(groups, tb.engine().channelsTo(a.localId()), "one bond per group, seen from b");
            assertEquals(1, ta.engine().connectionsTo(b.localId()), "one connection carries them");
            for (int i = 0; i < groups; i++) {
                assertTrue(atA.get(i).bonds().contains(b.localId()) && atB.get(i).bonds().contains(a.localId()));
            }
        }
    }

    private static QuicTransport transport() {
        NodeIdentity id = NodeIdentity.generate();
        return QuicTransport.create(TransportConfig.of(id, new Endpoint("127.0.0.1", 0)));
    }

    private static void join(CountDownLatch go, Network n, List<GroupKey> keys, List<Group<Unit, Unit, Unit>> out) {
        try {
            go.await();
            for (GroupKey key : keys) {
                out.add(n.groups().withKey(key).withConsensusConfig(CONFIG).join());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
