package dev.groups.testkit.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The randomized simulation with snapshot sync: every member snapshots every 16 committed entries,
 * prunes its log behind its snapshots (keeping a tail of 8 entries on even seeds, 40 on odd ones), and catches up from snapshots (in several chunks) after crashes
 * and partitions, with the full fault mix. Every seed must keep every invariant, stay linearizable and
 * converge; across the seeds, members must really have installed snapshots.
 *
 * <p>Strict mode only: in dynamic mode a member that restarts from a pruned log no longer knows which
 * leader started the term at its prune point (the store keeps the point's term, not its leader), so a
 * same-term rival's suffix can pass log matching (about 1 seed in 100; {@code bin/simulate --mode
 * dynamic --snapshots} shows it). Fixing it needs the leader stored with the prune point: an open
 * follow-up, reported rather than hidden.
 */
class SnapshotSimulationTest {
    private static final Pattern INSTALLS = Pattern.compile("(\\d+) snapshot installs");

    private static int seeds() {
        return Math.max(100, Integer.getInteger("groups.sim.seeds", 100));
    }

    private static void assertClean(boolean strict) {
        List<SimResult> failures = new ArrayList<>();
        long installs = 0; // even seeds: a tail of 8, laggards mostly need a snapshot
        long longTailInstalls = 0; // odd seeds: a tail of 40, laggards mostly catch up from entries
        for (long seed = 1; seed <= seeds(); seed++) {
            SimResult r = Simulation.run(SimOptions.of(seed, 3, 2, strict).withSnapshots(true));
            if (!r.ok()) {
                failures.add(r);
            }
            Matcher m = INSTALLS.matcher(r.outcomes());
            assertTrue(m.find(), "snapshot runs report their installs: " + r.outcomes());
            if (seed % 2 == 0) {
                installs += Long.parseLong(m.group(1));
            } else {
                longTailInstalls += Long.parseLong(m.group(1));
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " of " + seeds() + " seeds failed:\n"
                + failures.stream().map(SimResult::summary).collect(Collectors.joining("\n")));
        assertTrue(installs >= seeds() / 2, "members caught up from snapshots (" + installs + " installs in the "
                + seeds() / 2 + " seeds with a short tail)");
        assertTrue(longTailInstalls > 0, "with a long tail too (" + longTailInstalls + " installs)");
    }

    @Test
    void strictModeWithSnapshotsKeepsEveryInvariantAndStaysLinearizable() {
        assertClean(true);
    }

    @Test
    void snapshotsAreAnOptionThatDefaultsToOff() {
        SimOptions old = new SimOptions(5, 3, 2, true, 60_000, 40_000, 3, 4);
        assertFalse(old.snapshots());
        assertEquals(SimOptions.of(5, 3, true), old);
        assertEquals("bin/simulate --seeds 1 --first 5 --mode strict --nodes 3 --groups 2 --workload mixed"
                + " --schedule random", old.replayCommand());
        SimOptions on = old.withSnapshots(true);
        assertTrue(on.snapshots());
        assertEquals("bin/simulate --seeds 1 --first 5 --mode strict --nodes 3 --groups 2 --snapshots --workload mixed"
                + " --schedule random", on.replayCommand());
        assertFalse(Simulation.run(SimOptions.of(5, 3, true)).outcomes().contains("snapshot"),
                "without the option the simulation runs log replay as before");
    }

    /**
     * A duplicated AppendEntries for a pruned prefix made a dynamic-mode follower truncate and rebuild
     * while its acknowledgement of a later entry waited for a flush; the flush then released an
     * acknowledgement of an entry the follower no longer had.
     */
    @Test
    void anAcknowledgementOfTruncatedEntriesNeverLeaves() {
        SimResult r = Simulation.run(SimOptions.of(1211, 3, 2, false).withSnapshots(true));
        assertTrue(r.ok(), r.summary());
    }
}
