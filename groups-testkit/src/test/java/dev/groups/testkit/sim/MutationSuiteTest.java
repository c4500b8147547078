package dev.groups.testkit.sim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A few seeds of every simulated dimension (mode, size, workload, schedule, snapshots), sized to run
 * in a few seconds: the suite that PIT's {@code -Pmutation} profile runs against each mutant of
 * {@code dev.groups.raft.core}. It also runs by default, as a cheap sweep across the matrix.
 *
 * <p>One small test per dimension, not one big one: PIT runs a mutant's covering tests until one
 * fails, so small tests let a killed mutant stop early. Seeds are fixed, so every run is the same.
 */
class MutationSuiteTest {
    private static final int SEEDS = 3;

    private static void assertClean(SimOptions base) {
        SimulateMain.Totals totals = SimulateMain.runAll(SEEDS, base, false);
        assertTrue(totals.clean(), totals.line() + "\n" + totals.failures().stream().map(SimResult::summary)
                .collect(Collectors.joining("\n")));
    }

    @Test
    void strictThreeMembersMixed() {
        assertClean(SimOptions.of(7_000_000, 3, 2, true));
    }

    @Test
    void dynamicThreeMembersMixed() {
        assertClean(SimOptions.of(7_100_000, 3, 2, false));
    }

    @Test
    void strictFiveMembersCounters() {
        assertClean(SimOptions.of(7_200_000, 5, 1, true).withWorkload(SimWorkload.COUNTER));
    }

    @Test
    void dynamicFiveMembersLists() {
        assertClean(SimOptions.of(7_300_000, 5, 1, false).withWorkload(SimWorkload.LIST));
    }

    @Test
    void strictRegisterWithSnapshots() {
        assertClean(SimOptions.of(7_400_000, 3, 2, true).withWorkload(SimWorkload.REGISTER).withSnapshots(true));
    }

    @Test
    void dynamicMixedWithSnapshots() {
        assertClean(SimOptions.of(7_500_000, 3, 2, false).withSnapshots(true));
    }

    @Test
    void strictFigure8() {
        assertClean(SimOptions.of(7_600_000, 5, 1, true).withSchedule(SimSchedule.FIGURE8));
    }

    @Test
    void dynamicFigure8() {
        assertClean(SimOptions.of(7_700_000, 5, 1, false).withSchedule(SimSchedule.FIGURE8));
    }

    @Test
    void strictVoteCrash() {
        assertClean(SimOptions.of(7_800_000, 3, 2, true).withSchedule(SimSchedule.VOTE_CRASH));
    }

    @Test
    void dynamicVoteCrash() {
        assertClean(SimOptions.of(7_900_000, 3, 2, false).withSchedule(SimSchedule.VOTE_CRASH));
    }

    @Test
    void strictAppendCrashWithSnapshots() {
        assertClean(SimOptions.of(8_000_000, 3, 2, true).withSchedule(SimSchedule.APPEND_CRASH)
                .withWorkload(SimWorkload.COUNTER).withSnapshots(true));
    }

    @Test
    void dynamicAppendCrash() {
        assertClean(SimOptions.of(8_100_000, 3, 2, false).withSchedule(SimSchedule.APPEND_CRASH)
                .withWorkload(SimWorkload.LIST));
    }
}
