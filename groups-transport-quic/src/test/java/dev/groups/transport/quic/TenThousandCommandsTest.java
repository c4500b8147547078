package dev.groups.transport.quic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.groups.consensus.ConsensusConfig;
import dev.groups.id.GroupKey;
import dev.groups.id.NodeIdentity;
import dev.groups.log.Index;
import dev.groups.machine.Consistency;
import dev.groups.machine.Unit;
import dev.groups.raft.Group;
import dev.groups.raft.Network;
import dev.groups.testkit.scenarios.Counter;
import dev.groups.transport.Endpoint;
import dev.groups.transport.TransportConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A group of 3 nodes over QUIC commits 10,000 commands and every node ends in the same state. */
class TenThousandCommandsTest {
    private static final ConsensusConfig CONFIG = ConsensusConfig.builder()
            .heartbeatInterval(Duration.ofMillis(100)).heartbeatJitter(Duration.ofMillis(30)).maxMissedHeartbeats(20)
            .electionTimeout(Duration.ofMillis(600)).electionTimeoutJitter(Duration.ofMillis(200))
            .bootstrapDelay(Duration.ofMillis(200)).build();

    @Test
    void threeNodesCommitTenThousandCommandsAndAgree() throws Exception {
        int commands = 10_000;
        GroupKey key = GroupKey.random();
        List<Network> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                NodeIdentity id = NodeIdentity.generate();
                Network.Builder b = Network.builder().identity(id)
                        .transport(QuicTransport.create(TransportConfig.of(id, new Endpoint("127.0.0.1", 0))));
                if (!nodes.isEmpty()) {
                    b.bootstrap(nodes.get(0).endpoint()); // by address only: the identity comes from the handshake
                }
                nodes.add(b.start());
            }
            List<Group<Counter.Op, Unit, Long>> groups = new ArrayList<>();
            for (Network n : nodes) {
                groups.add(n.groups().withKey(key).withConsensusConfig(CONFIG).withStateMachine(new Counter()).join());
            }
            for (Group<Counter.Op, Unit, Long> g : groups) {
                g.when().leaderElected().get(30, TimeUnit.SECONDS);
            }
            // 64 commands outstanding at a time, sent through every node (followers forward to the leader)
            Semaphore window = new Semaphore(64);
            List<CompletableFuture<Index>> acks = new ArrayList<>(commands);
            for (int i = 0; i < commands; i++) {
                window.acquire();
                CompletableFuture<Index> ack = groups.get(i % 3).execute(Counter.Op.inc(1));
                ack.whenComplete((index, error) -> window.release());
                acks.add(ack);
            }
            CompletableFuture.allOf(acks.toArray(new CompletableFuture<?>[0])).get(120, TimeUnit.SECONDS);
            long applied = groups.get(0).query(Unit.INSTANCE, Consistency.STRONG).get(20, TimeUnit.SECONDS).result();
            assertEquals(commands, applied, "every acknowledged command applied once");
            Index committed = groups.get(0).committed();
            for (Group<Counter.Op, Unit, Long> g : groups) {
                g.when().committed().reaches(committed).get(30, TimeUnit.SECONDS);
                assertEquals(commands, g.query(Unit.INSTANCE, Consistency.WEAK).get(20, TimeUnit.SECONDS).result(),
                        "the same state on " + g);
            }
        } finally {
            nodes.forEach(Network::close);
        }
    }
}
