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
