package dev.groups.testkit.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Seeded simulation with the full fault mix. The default run checks a few hundred seeds per mode;
 * the {@code soak} profile ({@code -Dgroups.sim.seeds=10000}) many more.
 */
class SimulationTest {
    private static int seeds() {
        return Integer.getInteger("groups.sim.seeds", 300);
    }

    private static void assertClean(SimulateMain.Totals totals) {
        assertTrue(totals.clean(), totals.line() + "\n" + totals.failures().stream().map(SimResult::summary)
                .collect(Collectors.joining("\n")));
    }

    @Test
    void strictModeKeepsEveryInvariantAndStaysLinearizable() {
        assertClean(SimulateMain.runAll(seeds(), 1, true, 3, 2, false));
    }

    @Test
    void dynamicModeConvergesAfterEveryHeal() {
        assertClean(SimulateMain.runAll(seeds(), 1, false, 3, 2, false));
    }

    @Test
    void fourGroupsShareTheirHostsFaults() {
        assertClean(SimulateMain.runAll(Math.max(10, seeds() / 10), 200_000, true, 3, 4, false));
        assertClean(SimulateMain.runAll(Math.max(10, seeds() / 10), 200_000, false, 3, 4, false));
    }

    @Test
    void fiveMemberGroupsInBothModes() {
        assertClean(SimulateMain.runAll(Math.max(10, seeds() / 5), 100_000, true, 5, 1, false));
        assertClean(SimulateMain.runAll(Math.max(10, seeds() / 5), 100_000, false, 5, 1, false));
    }

    /**
     * Raft's Figure 8: with a commit rule that counts replicas of an earlier term's entries, 5 of 200
     * seeds lost a committed entry (checked by injecting that bug into a scratch copy of the core).
     */
    @Test
    void figure8NeverLosesACommittedEntry() {
        assertClean(SimulateMain.runAll(Math.max(20, seeds() * 2 / 3),
                SimOptions.of(300_000, 5, 1, true).withSchedule(SimSchedule.FIGURE8), false));
        assertClean(SimulateMain.runAll(Math.max(10, seeds() / 6),
                SimOptions.of(300_000, 5, 1, false).withSchedule(SimSchedule.FIGURE8), false));
    }

    /** A voter that crashes right after voting and forgets its vote elects two leaders in one term. */
    @Test
    void votesSurviveACrashRightAfterThem() {
        assertClean(SimulateMain.runAll(seeds(), SimOptions.of(400_000, 3, 2, true)
                .withSchedule(SimSchedule.VOTE_CRASH), false));
        assertClean(SimulateMain.runAll(Math.max(10, seeds() / 3), SimOptions.of(400_000, 3, 2, false)
                .withSchedule(SimSchedule.VOTE_CRASH), false));
    }

    @Test
    void crashesBetweenAppendAndFlushLoseNothingAcknowledged() {
        assertClean(SimulateMain.runAll(Math.max(10, seeds() / 3), SimOptions.of(500_000, 3, 2, true)
                .withSchedule(SimSchedule.APPEND_CRASH), false));
        assertClean(SimulateMain.runAll(Math.max(10, seeds() / 3), SimOptions.of(500_000, 3, 2, false)
                .withSchedule(SimSchedule.APPEND_CRASH), false));
    }

    @Test
    void anIsolatedLeaderWithClientsOnBothSidesTellsNoLies() {
        assertClean(SimulateMain.runAll(Math.max(10, seeds() / 3), SimOptions.of(550_000, 5, 2, true)
                .withSchedule(SimSchedule.ISOLATE_LEADER), false));
        assertClean(SimulateMain.runAll(Math.max(10, seeds() / 3), SimOptions.of(550_000, 5, 2, false)
                .withSchedule(SimSchedule.ISOLATE_LEADER), false));
    }

    @Test
    void aFlappingLinkCausesNoElection() {
        // Pre-vote and check-quorum: a follower whose links go down and up every 300 ms for a minute never
        // deposes a leader (strict mode; in dynamic mode a member whose bonds drop is a group of its own).
        assertClean(SimulateMain.runAll(Math.max(10, seeds() / 3), SimOptions.of(560_000, 3, 2, true)
                .withSchedule(SimSchedule.FLAPPING_LINK), false));
    }

    @Test
    void sevenMemberGroupsWithNonIdempotentWorkloads() {
        for (SimWorkload w : new SimWorkload[] {SimWorkload.COUNTER, SimWorkload.LIST}) {
            assertClean(SimulateMain.runAll(Math.max(5, seeds() / 30), SimOptions.of(600_000, 7, 1, true)
                    .withWorkload(w), false));
            assertClean(SimulateMain.runAll(Math.max(5, seeds() / 30), SimOptions.of(600_000, 7, 1, false)
                    .withWorkload(w), false));
        }
    }

    /** An observer (never leads, never votes) and a reluctant member among the hosts, in both modes. */
    @Test
    void observersAndReluctantMembersChangeNothingThatMatters() {
        for (int nodes : new int[] {3, 5}) {
            assertClean(SimulateMain.runAll(Math.max(10, seeds() / 10), SimOptions.of(700_000, nodes, 2, true)
                    .withMixedRoles(true), false));
            assertClean(SimulateMain.runAll(Math.max(10, seeds() / 10), SimOptions.of(700_000, nodes, 2, false)
                    .withMixedRoles(true), false));
        }
    }

    /**
     * Strict mode with more members than voters (two members that never count), and with voters added and
     * removed one at a time while the faults run (some through followers, some leaders removing themselves).
     */
    @Test
    void votersAreIdentitiesAndChangeThroughTheLogUnderFaults() {
        assertClean(SimulateMain.runAll(Math.max(10, seeds() / 5), SimOptions.of(800_000, 5, 2, true).withVoters(3), false));
        assertClean(SimulateMain.runAll(Math.max(10, seeds() / 5), SimOptions.of(810_000, 5, 2, true).withVoters(3)
                .withReconfigure(true), false));
        assertClean(SimulateMain.runAll(Math.max(10, seeds() / 10), SimOptions.of(820_000, 5, 2, true)
                .withReconfigure(true).withSnapshots(true), false));
    }

    /** Leaders hand over (to the most up-to-date member or a random one) while the faults run, in both modes. */
    @Test
    void leadershipTransfersUnderFaultsTellTheTruth() {
        assertClean(SimulateMain.runAll(Math.max(10, seeds() / 10), SimOptions.of(830_000, 5, 2, true).withTransfers(true), false));
        assertClean(SimulateMain.runAll(Math.max(10, seeds() / 10), SimOptions.of(840_000, 5, 2, false).withTransfers(true), false));
    }

    /**
     * A disk that tears its last record on a crash: some but not all unflushed changes survive, the next
     * one torn; each disk finds the torn record when it reopens and drops it, and nothing else changes.
     */
    @Test
    void tornLastRecordsAreDroppedAtRestartAndLoseNothingAcknowledged() {
        assertClean(SimulateMain.runAll(30, SimOptions.of(930_000, 3, 2, true).withSchedule(SimSchedule.TORN_TAIL), false));
        assertClean(SimulateMain.runAll(30, SimOptions.of(930_000, 3, 2, false).withSchedule(SimSchedule.TORN_TAIL), false));
        String summary = Simulation.run(SimOptions.of(930_000, 3, 2, true).withSchedule(SimSchedule.TORN_TAIL)).summary();
        var dropped = java.util.regex.Pattern.compile("(\\d+) torn records dropped").matcher(summary);
        assertTrue(dropped.find() && Long.parseLong(dropped.group(1)) > 0, "the schedule tears records: " + summary);
    }

    /** Dynamic mode: a host wiped and back as a new peer is a new member, which catches up; every promise holds. */
    @Test
    void aWipedMemberBackAsANewPeerCatchesUpInDynamicMode() {
        assertClean(SimulateMain.runAll(30, SimOptions.of(920_000, 3, 2, false)
                .withSchedule(SimSchedule.WIPED_DISK_NEW_ID), false));
        assertClean(SimulateMain.runAll(15, SimOptions.of(920_000, 3, 2, false)
                .withSchedule(SimSchedule.WIPED_DISK_NEW_ID).withSnapshots(true), false));
    }

    /**
     * Outside the fault model on purpose, so the checker must see what breaks: one strict-mode voter,
     * wiped the moment its acknowledgement made an entry committed while the leader is cut off, forgets
     * the entry and its votes (about 4 seeds in 10 end with a violation); and a dynamic-mode member wiped
     * under its old identity may lead again a term it led before (log matching) or vote twice in a term.
     */
    @Test
    void theCheckerSeesWhatAWipedDiskUnderTheOldIdentityBreaks() {
        assertTrue(failingSeeds(SimOptions.of(900_000, 3, 2, true).withSchedule(SimSchedule.WIPED_DISK), 30) >= 5);
        assertTrue(failingSeeds(SimOptions.of(910_000, 3, 2, false).withSchedule(SimSchedule.WIPED_DISK), 60) >= 1);
    }

    /** How many of {@code seeds} seeds from {@code base} end with a violation of any kind (each is printed). */
    private static int failingSeeds(SimOptions base, int seeds) {
        return SimulateMain.runAll(seeds, base, false).failures().size();
    }

    @Test
    void aSeedReproducesItsRunExactly() {
        SimResult a = Simulation.run(SimOptions.of(4242, 3, true));
        SimResult b = Simulation.run(SimOptions.of(4242, 3, true));
        assertEquals(a.events(), b.events());
        assertEquals(a.operations(), b.operations());
        assertEquals(a.summary(), b.summary());
        assertTrue(a.operations() > 50, "clients did work: " + a.summary());
    }
}
