package dev.groups.testkit.sim;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.groups.consensus.ConsensusConfig;
import dev.groups.consensus.Role;
import dev.groups.log.Cursor;
import dev.groups.testkit.kv.KvCommand;
import dev.groups.snapshot.SnapshotSettings;
import dev.groups.snapshot.SnapshotSync;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Scripted snapshot catch-up in the simulator: a member that missed hundreds of entries the others
 * pruned comes back through a snapshot, and a member restarting from its pruned disk gets its state
 * back from its snapshot store. Strict mode, three members, one group.
 */
class SnapshotCatchUpTest {
    private static final int SEEDS = 5;
    /** A snapshot every 50 entries, in 64-byte chunks (the state spans several), 16 entries a batch. */
    private static final SnapshotSettings SETTINGS = new SnapshotSettings(50, 64, 16, Duration.ofSeconds(2));

    private static SimCluster cluster(long seed) {
        return new SimCluster(seed, 3, ConsensusConfig.builder().voters(SimCluster.peerId(0), SimCluster.peerId(1), SimCluster.peerId(2)).build())
                .withMachines(SimMachineFactory.snapshots(SETTINGS));
    }

    private static int awaitLeader(SimCluster c, List<Integer> candidates) {
        assertTrue(c.runUntil(20_000, () -> candidates.stream().anyMatch(i -> c.isAlive(i) && c.raft(i).role() == Role.LEADER)),
                "a leader is elected among " + candidates);
        return candidates.stream().filter(i -> c.raft(i).role() == Role.LEADER).findFirst().orElseThrow();
    }

    /**
     * Commits {@code count} puts through the leader, ten per request, each request committed on
     * {@code members} before the next; key {@code prefix + (i % keys)} gets value {@code i}.
     */
    private static void commit(SimCluster c, int leader, List<Integer> members, String prefix, int keys, int count) {
        for (int first = 0; first < count; first += 10) {
            List<KvCommand> batch = new ArrayList<>();
            for (int i = first; i < Math.min(count, first + 10); i++) {
                batch.add(new KvCommand.Put(prefix + (i % keys), i));
            }
            c.execute(leader, batch);
            long target = c.raft(leader).logPosition().index().value();
            assertTrue(c.runUntil(5_000, () -> members.stream()
                    .allMatch(m -> c.raft(m).committed().index().value() >= target)),
                    "commands up to " + target + " commit on " + members + ": " + describe(c));
        }
    }

    private static boolean sameState(SimCluster c, int a, int b) {
        return c.raft(a).committed().equals(c.raft(b).committed())
                && c.machine(a).stateDigest().equals(c.machine(b).stateDigest());
    }

    private static long offset(SimCluster c, int node) {
        return c.member(node, 0).disk.available().start().value();
    }

    private static long installs(SimCluster c, int node) {
        return ((SnapshotSync<?>) c.machine(node).stateSync()).snapshotsInstalled();
    }

    private static String describe(SimCluster c) {
        return IntStream.range(0, c.size()).mapToObj(i -> c.isAlive(i) ? c.raft(i) + " offset=" + offset(c, i) : "n" + i + " down")
                .toList() + " at t=" + c.now();
    }

    /** The laggard catches up, its log starts at a snapshot anchor, and later commands reach it. */
    private static void assertCaughtUpFromSnapshot(SimCluster c, int laggard, int leader) {
        assertTrue(c.runUntil(30_000, () -> sameState(c, laggard, leader)), "the laggard catches up: " + describe(c));
        assertEquals(c.machine(leader).contents(), c.machine(laggard).contents());
        assertTrue(offset(c, laggard) > 0, "its log starts at a snapshot anchor: " + describe(c));
        assertTrue(installs(c, laggard) >= 1, "it installed a snapshot");
        Cursor caughtUp = c.raft(laggard).committed();
        int now = awaitLeader(c, List.of(0, 1, 2));
        commit(c, now, List.of(0, 1, 2), "after-", 5, 30);
        assertTrue(c.raft(laggard).committed().index().isAfter(caughtUp.index()), "later commands reach it");
        assertTrue(c.runUntil(5_000, () -> sameState(c, laggard, now)), "and it applies them: " + describe(c));
        assertEquals(c.machine(now).contents(), c.machine(laggard).contents());
    }

    @Test
    void aMemberIsolatedForTheWholeRunCatchesUpFromASnapshot() {
        for (long seed = 1; seed <= SEEDS; seed++) {
            long s = seed;
            assertAll("seed " + s, () -> isolatedMemberCatchesUp(s));
        }
    }

    private static void isolatedMemberCatchesUp(long seed) {
        SimCluster c = cluster(seed);
        c.isolate(2);
        c.start();
        int leader = awaitLeader(c, List.of(0, 1));
        commit(c, leader, List.of(0, 1), "k", 37, 500);
        c.runFor(500);
        assertTrue(offset(c, 0) > 0 && offset(c, 1) > 0, "the others pruned their logs: " + describe(c));
        assertEquals(0, c.raft(2).committed().index().value(), "the isolated member has nothing");

        c.heal();
        assertCaughtUpFromSnapshot(c, 2, leader);
    }

    @Test
    void aMemberThatJoinsWithAnEmptyDiskCatchesUpFromASnapshot() {
        for (long seed = 1; seed <= SEEDS; seed++) {
            long s = seed;
            assertAll("seed " + s, () -> emptyMemberCatchesUp(s));
        }
    }

    private static void emptyMemberCatchesUp(long seed) {
        SimCluster c = cluster(seed);
        c.start();
        c.crash(2); // before it wrote anything: it comes back as a new, empty member
        int leader = awaitLeader(c, List.of(0, 1));
        commit(c, leader, List.of(0, 1), "k", 29, 500);
        c.runFor(500);
        assertTrue(offset(c, 0) > 0 && offset(c, 1) > 0, "the others pruned their logs: " + describe(c));
        assertEquals(Cursor.ZERO, c.member(2, 0).disk.durableView().last(), "its disk is empty");

        c.restart(2);
        assertCaughtUpFromSnapshot(c, 2, leader);
    }

    @Test
    void aMemberRestartingFromItsPrunedDiskGetsItsStateBackFromItsSnapshotStore() {
        for (long seed = 1; seed <= SEEDS; seed++) {
            long s = seed;
            assertAll("seed " + s, () -> restartedMemberRecovers(s));
        }
    }

    private static void restartedMemberRecovers(long seed) {
        SimCluster c = cluster(seed);
        c.start();
        int leader = awaitLeader(c, List.of(0, 1, 2));
        int follower = leader == 0 ? 1 : 0;
        commit(c, leader, List.of(0, 1, 2), "early-", 10, 100); // keys never written again
        commit(c, leader, List.of(0, 1, 2), "late-", 7, 300);
        c.runFor(500);
        assertTrue(offset(c, follower) > 100, "the follower pruned the early keys' entries: " + describe(c));

        c.crash(follower);
        c.restart(follower);
        Cursor restored = c.raft(follower).committed();
        assertTrue(restored.index().value() > 100, "it restarts at its pruned offset " + restored);
        Map<String, Long> state = c.machine(follower).contents();
        for (int k = 0; k < 10; k++) {
            assertTrue(state.containsKey("early-" + k), "the pruned prefix's state is back: " + state);
        }
        assertTrue(c.runUntil(10_000, () -> sameState(c, follower, leader)), "it converges: " + describe(c));
        assertEquals(c.machine(leader).contents(), c.machine(follower).contents());
    }
}
