package dev.groups.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.groups.consensus.ConsensusConfig;
import dev.groups.id.GroupKey;
import dev.groups.id.NodeIdentity;
import dev.groups.id.PeerId;
import dev.groups.machine.Consistency;
import dev.groups.machine.Unit;
import dev.groups.raft.transport.FaultyTransport;
import dev.groups.raft.transport.InProcessTransportProvider;
import dev.groups.transport.Endpoint;
import dev.groups.transport.TransportConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Idle groups hibernate: with nothing to replicate every member stops its Raft timers (the leader its
 * heartbeats, the followers their election timers), the first request wakes the group, and a leader
 * whose node falls silent is still replaced (the node-level heartbeats are the failure detector).
 */
class QuiescenceTest {
    private static final ConsensusConfig FAST = ConsensusConfig.builder()
            .heartbeatInterval(Duration.ofMillis(100)).heartbeatJitter(Duration.ofMillis(30))
            .electionTimeout(Duration.ofMillis(600)).electionTimeoutJitter(Duration.ofMillis(200))
            .bootstrapDelay(Duration.ofMillis(200)).build();
    private static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final List<Network> nodes = new ArrayList<>();
    private final List<FaultyTransport> transports = new ArrayList<>();
    private final List<Group<Long, Unit, Long>> groups = new ArrayList<>();

    @AfterEach
    void stop() {
        for (Network n : nodes) {
            n.close();
        }
    }

    /** Three nodes on the in-process transport, each behind a fault injector, all in one group. */
    private void cluster(String name) {
        GroupKey key = GroupKey.random();
        for (int i = 0; i < 3; i++) {
            NodeIdentity identity = NodeIdentity.generate();
            Endpoint listen = new Endpoint(name + "-" + i, 0);
            TransportConfig tc = TransportConfig.of(identity, listen);
            FaultyTransport t = new FaultyTransport(new InProcessTransportProvider().create(tc), tc.maxFrameLength(), i);
            Network.Builder b = Network.builder().identity(identity).transport(t).listen(listen).workerThreads(2);
            if (!nodes.isEmpty()) {
                b.bootstrap(nodes.get(0).localId(), nodes.get(0).endpoint());
            }
            Network n = b.start();
            nodes.add(n);
            transports.add(t);
            groups.add(n.groups().withKey(key).withStateMachine(new SumMachine()).withConsensusConfig(FAST).join());
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT_NANOS;
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting until " + what);
            Thread.sleep(10);
        }
    }

    private int leaderIndex() {
        for (int i = 0; i < groups.size(); i++) {
            if (groups.get(i).isLeader()) {
                return i;
            }
        }
        return -1;
    }

    private boolean allQuiescent(List<Group<Long, Unit, Long>> members) {
        return members.stream().allMatch(g -> g.isQuiescent() && g.leader().isPresent());
    }

    @Test
    void anIdleGroupHibernatesAndTheFirstRequestWakesIt() throws Exception {
        cluster("quiet-wake");
        await("a leader is elected and every member bonded", () -> leaderIndex() >= 0
                && groups.stream().allMatch(g -> g.bonds().size() == 2));
        await("every member hibernates", () -> allQuiescent(groups));
        int leader = leaderIndex();
        Group<Long, Unit, Long> follower = groups.get((leader + 1) % 3);

        follower.execute(5L).get(30, TimeUnit.SECONDS); // forwarded to the hibernating leader
        assertEquals(5L, follower.query(Unit.INSTANCE, Consistency.STRONG).get(30, TimeUnit.SECONDS).result());
        await("the group hibernates again", () -> allQuiescent(groups));
        int now = leaderIndex();
        groups.get(now).execute(2L).get(30, TimeUnit.SECONDS);
        assertEquals(7L, groups.get(now).query(Unit.INSTANCE, Consistency.STRONG).get(30, TimeUnit.SECONDS).result());
    }

    @Test
    void hibernatingFollowersReplaceALeaderWhoseNodeFallsSilent() throws Exception {
        cluster("quiet-crash");
        await("a leader is elected and every member bonded", () -> leaderIndex() >= 0
                && groups.stream().allMatch(g -> g.bonds().size() == 2));
        groups.get(leaderIndex()).execute(1L).get(30, TimeUnit.SECONDS);
        await("every member hibernates", () -> allQuiescent(groups));
        int old = leaderIndex();
        PeerId oldLeader = nodes.get(old).localId();
        List<PeerId> others = new ArrayList<>();
        List<Group<Long, Unit, Long>> survivors = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            if (i != old) {
                others.add(nodes.get(i).localId());
                survivors.add(groups.get(i));
            }
        }
        // Silence, not a close: channels stay open and nothing tells the followers; only the missing
        // node-level heartbeats can.
        transports.get(old).faults().partition(others);

        await("a survivor leads", () -> survivors.stream().anyMatch(Group::isLeader));
        Group<Long, Unit, Long> newLeader = survivors.stream().filter(Group::isLeader).findFirst().orElseThrow();
        assertNotEquals(oldLeader, newLeader.leader().orElseThrow());
        newLeader.execute(10L).get(30, TimeUnit.SECONDS);
        assertEquals(11L, newLeader.query(Unit.INSTANCE, Consistency.STRONG).get(30, TimeUnit.SECONDS).result());
    }
}
