package dev.groups.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.groups.consensus.ConsensusConfig;
import dev.groups.id.GroupKey;
import dev.groups.id.PeerId;
import dev.groups.machine.Consistency;
import dev.groups.machine.Unit;
import dev.groups.transport.Endpoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Leadership transfer through the public API (Raft dissertation §3.10), over in-process networks: a
 * transfer on request, and the hand-over of a leader that leaves its group. The election timeout is set
 * long (12 s), so a new leader within the test's waits (6 s) can only come from a hand-over, never from a
 * timed-out election.
 */
class LeadershipTransferTest {
    private static final ConsensusConfig.Builder SLOW_ELECTIONS = ConsensusConfig.builder()
            .heartbeatInterval(Duration.ofMillis(100)).heartbeatJitter(Duration.ofMillis(30))
            .electionTimeout(Duration.ofSeconds(12)).electionTimeoutJitter(Duration.ofMillis(200))
            .bootstrapDelay(Duration.ZERO);

    /** Three networks and a strict group of three with a leader; closes all on close. */
    private static final class Trio implements AutoCloseable {
        final List<Network> nodes = new ArrayList<>();
        final List<Group<Long, Unit, Long>> groups = new ArrayList<>();

        Trio(String name) throws Exception {
            GroupKey key = GroupKey.random();
            Network first = Network.builder().transportName("inprocess").listen(new Endpoint(name, 0)).start();
            nodes.add(first);
            for (int i = 1; i < 3; i++) {
                nodes.add(Network.builder().transportName("inprocess").listen(new Endpoint(name, 0))
                        .bootstrap(first.localId(), first.endpoint()).start());
            }
            ConsensusConfig strict = SLOW_ELECTIONS.voters(nodes.stream().map(Network::localId).toList()).build();
            for (Network n : nodes) {
                groups.add(n.groups().withKey(key).withStateMachine(new SumMachine()).withConsensusConfig(strict)
                        .join());
            }
            for (Group<Long, Unit, Long> g : groups) {
                g.when().leaderElected().get(60, TimeUnit.SECONDS);
            }
            groups.get(0).execute(1L).get(30, TimeUnit.SECONDS);
        }

        int leaderIndex() {
            PeerId leader = groups.get(0).leader().orElseThrow();
            for (int i = 0; i < nodes.size(); i++) {
                if (nodes.get(i).localId().equals(leader)) {
                    return i;
                }
            }
            throw new AssertionError("the leader " + leader + " is none of the three");
        }

        @Override
        public void close() {
            for (Network n : nodes) {
                n.close();
            }
        }
    }

    @Test
    void aLeaderHandsOverOnRequestAndWhenItLeavesAndTheGroupGoesOn() throws Exception {
        try (Trio trio = new Trio("transfer")) {
            int from = trio.leaderIndex();
            Group<Long, Unit, Long> leader = trio.groups.get(from);
            int to = (from + 1) % 3;
            PeerId target = trio.nodes.get(to).localId();
            PeerId newLeader = leader.transferLeadership(target).get(6, TimeUnit.SECONDS);
            assertEquals(target, newLeader, "well within the 12 s election timeout: a hand-over");
            assertEquals(Optional.of(target), leader.leader());
            // The old leader forwards now; the group commits through the new one.
            leader.execute(2L).get(10, TimeUnit.SECONDS);
            assertEquals(3L, trio.groups.get(to).query(Unit.INSTANCE, Consistency.STRONG)
                    .get(10, TimeUnit.SECONDS).result());
            // A member that does not lead cannot hand over.
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> leader.transferLeadership().get(6, TimeUnit.SECONDS));
            assertInstanceOf(GroupException.Offline.class, e.getCause());

            // The new leader leaves its group: it hands over first, so the last member does not wait out an
            // election timeout (12 s) for a leader.
            Group<Long, Unit, Long> survivor = trio.groups.get(from);
            trio.groups.get(to).close();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(6);
            while (survivor.leader().map(target::equals).orElse(true) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            PeerId next = survivor.leader().orElseThrow(() -> new AssertionError("no leader after the hand-over"));
            assertNotEquals(target, next);
            assertTrue(next.equals(trio.nodes.get(from).localId()) || next.equals(trio.nodes.get((from + 2) % 3).localId()));
            survivor.execute(5L).get(10, TimeUnit.SECONDS);
        }
    }
}
