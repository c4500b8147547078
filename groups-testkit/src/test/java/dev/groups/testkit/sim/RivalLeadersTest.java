package dev.groups.testkit.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.groups.consensus.ConsensusConfig;
import dev.groups.consensus.Role;
import dev.groups.testkit.kv.KvCommand;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * mosaik's rival scenarios (spec §9 leader.rs) in the simulator, dynamic mode. Beyond mosaik, every
 * member must end with the same state: its §10 item 1 bug left the loser's entries in place.
 */
class RivalLeadersTest {
    private static SimCluster isolatedLeaders(long seed) {
        SimCluster c = new SimCluster(seed, 3, ConsensusConfig.defaults());
        c.isolateAll();
        c.start();
        assertTrue(c.runUntil(15_000, () -> IntStream.range(0, 3).allMatch(i -> c.raft(i).role() == Role.LEADER)),
                "each isolated member elects itself");
        return c;
    }

    private static boolean allFollow(SimCluster c, int leader) {
        return IntStream.range(0, 3).allMatch(i -> c.raft(i).leader().map(c.id(leader)::equals).orElse(false))
                && c.raft(leader).role() == Role.LEADER;
    }

    private static String describe(SimCluster c) {
        return IntStream.range(0, 3).mapToObj(i -> c.raft(i) + " leader=" + c.raft(i).leader().map(p -> p.shortHex())
                .orElse("-")).toList() + " at t=" + c.now();
    }

    private static void assertSameState(SimCluster c) {
        assertTrue(c.runUntil(10_000, () -> IntStream.range(1, 3).allMatch(i ->
                c.raft(i).committed().equals(c.raft(0).committed())
                        && c.machine(i).stateDigest().equals(c.machine(0).stateDigest()))),
                "every member ends with the same state: " + IntStream.range(0, 3)
                        .mapToObj(i -> c.raft(i) + " " + c.machine(i).contents()).toList());
    }

    @Test
    void rivalsWithSameLogPositionConvergeOnOneLeader() {
        for (long seed = 1; seed <= 20; seed++) {
            SimCluster c = isolatedLeaders(seed);
            c.heal();
            assertTrue(c.runUntil(10_000, () -> IntStream.range(0, 3).anyMatch(l -> allFollow(c, l))),
                    "one leader within 10 s (seed " + seed + ")");
            assertSameState(c);
        }
    }

    @Test
    void rivalsWithDifferentLogPositionsFollowTheMostAdvancedAndConverge() {
        for (long seed = 1; seed <= 20; seed++) {
            SimCluster c = isolatedLeaders(seed);
            c.execute(0, List.of(new KvCommand.Put("a", 1), new KvCommand.Put("b", 2), new KvCommand.Put("c", 3)));
            c.execute(1, List.of(new KvCommand.Put("a", 100)));
            assertTrue(c.runUntil(2_000, () -> c.raft(0).committed().index().value() == 4
                    && c.raft(1).committed().index().value() == 2), "each side commits alone");
            c.heal();
            assertTrue(c.runUntil(10_000, () -> allFollow(c, 0)),
                    "everyone follows n0, whose log is the most advanced (seed " + seed + "): " + describe(c));
            assertSameState(c);
            assertEquals(1L, c.machine(1).contents().get("a"), "n1's superseded write is gone from its state");
        }
    }
}
