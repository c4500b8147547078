package dev.groups.testkit.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code bin/simulate}: runs many seeds and prints, as its last line,
 * {@code simulated N seeds: V invariant violations, L non-linearizable histories, D divergent after heal};
 * exits 1 when any count is above zero (2 for bad arguments). {@code --snapshots} runs the members with
 * snapshot sync instead of log replay.
 */
public final class SimulateMain {
    private SimulateMain() {}

    public static void main(String[] args) {
        int seeds = 100;
        long first = 1;
        boolean strict = true;
        int nodes = 3;
        int groups = 2;
        boolean verbose = false;
        boolean snapshots = false;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--seeds" -> seeds = Integer.parseInt(args[++i]);
                    case "--first" -> first = Long.parseLong(args[++i]);
                    case "--mode" -> {
                        String mode = args[++i];
                        if (!mode.equals("strict") && !mode.equals("dynamic")) {
                            throw new IllegalArgumentException("--mode is strict or dynamic, got " + mode);
                        }
                        strict = mode.equals("strict");
                    }
                    case "--nodes" -> nodes = Integer.parseInt(args[++i]);
                    case "--groups" -> groups = Integer.parseInt(args[++i]);
                    case "--verbose" -> verbose = true;
                    case "--snapshots" -> snapshots = true;
                    default -> throw new IllegalArgumentException("unknown argument " + args[i]);
                }
            }
            if (seeds < 1 || nodes < 1 || groups < 1) {
                throw new IllegalArgumentException("--seeds, --nodes and --groups must be at least 1");
            }
        } catch (RuntimeException e) {
            System.err.println("usage: bin/simulate --seeds N [--first S] [--mode strict|dynamic] [--nodes K] [--groups G] [--snapshots] [--verbose]: "
                    + e.getMessage());
            System.exit(2);
            return;
        }
        Totals totals = runAll(seeds, first, strict, nodes, groups, snapshots, verbose);
        System.out.println(totals.line());
        System.exit(totals.clean() ? 0 : 1);
    }

    /** Counts over a batch of seeds. */
    public record Totals(int seeds, int violations, int nonLinearizable, int divergent, int unchecked,
                         List<SimResult> failures) {
        public boolean clean() {
            return violations == 0 && nonLinearizable == 0 && divergent == 0;
        }

        public String line() {
            return "simulated " + seeds + " seeds: " + violations + " invariant violations, " + nonLinearizable
                    + " non-linearizable histories, " + divergent + " divergent after heal";
        }
    }

    public static Totals runAll(int seeds, long first, boolean strict, int nodes, int groups, boolean verbose) {
        return runAll(seeds, first, strict, nodes, groups, false, verbose);
    }

    /** As {@link #runAll(int, long, boolean, int, int, boolean)}, with snapshot sync on or off. */
    public static Totals runAll(int seeds, long first, boolean strict, int nodes, int groups, boolean snapshots,
                                boolean verbose) {
        int v = 0;
        int l = 0;
        int d = 0;
        int unchecked = 0;
        List<SimResult> failures = new ArrayList<>();
        for (long seed = first; seed < first + seeds; seed++) {
            SimResult r = Simulation.run(SimOptions.of(seed, nodes, groups, strict).withSnapshots(snapshots));
            if (r.hasViolations()) {
                v++;
            }
            if (r.isNonLinearizable()) {
                l++;
            }
            if (r.isDivergent()) {
                d++;
            }
            if (!r.hasViolations() && r.linearizability().verdict() == dev.groups.testkit.linearizability.Verdict.UNKNOWN) {
                unchecked++;
            }
            if (!r.ok()) {
                failures.add(r);
                System.out.println(r.summary());
            } else if (verbose) {
                System.out.println(r.summary());
            }
        }
        if (unchecked > 0) {
            System.out.println(unchecked + " histories exceeded the checker's budget (not counted as violations)");
        }
        return new Totals(seeds, v, l, d, unchecked, failures);
    }
}
