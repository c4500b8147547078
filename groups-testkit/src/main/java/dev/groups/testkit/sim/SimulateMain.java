package dev.groups.testkit.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code bin/simulate}: runs many seeds and prints, as its last line,
 * {@code simulated N seeds: V invariant violations, L non-linearizable histories, D divergent after heal, E exactly-once violations};
 * exits 1 when any count is above zero (2 for bad arguments). {@code --snapshots} runs the members with
 * snapshot sync instead of log replay; {@code --workload} and {@code --schedule} choose what the clients
 * ask and which faults come; {@code --matrix} runs every combination of mode, size, workload, schedule and
 * snapshots for the given number of seeds each.
 */
public final class SimulateMain {
    /** The snapshot sync's logger, held so that its level stays set (JUL keeps loggers weakly). */
    private static final java.util.logging.Logger QUIET = java.util.logging.Logger.getLogger("dev.groups.snapshot");

    private SimulateMain() {}

    public static void main(String[] args) {
        int seeds = 100;
        long first = 1;
        boolean strict = true;
        int nodes = 3;
        int groups = 2;
        boolean verbose = false;
        boolean snapshots = false;
        boolean matrix = false;
        boolean mixedRoles = false;
        SimWorkload workload = SimWorkload.MIXED;
        SimSchedule schedule = SimSchedule.RANDOM;
        int voters = 0;
        boolean reconfigure = false;
        boolean transfers = false;
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
                    case "--workload" -> workload = SimWorkload.parse(args[++i]);
                    case "--schedule" -> schedule = SimSchedule.parse(args[++i]);
                    case "--voters" -> voters = Integer.parseInt(args[++i]);
                    case "--matrix" -> matrix = true;
                    case "--mixed-roles" -> mixedRoles = true;
                    case "--reconfigure" -> reconfigure = true;
                    case "--transfers" -> transfers = true;
                    default -> throw new IllegalArgumentException("unknown argument " + args[i]);
                }
            }
            if (seeds < 1 || nodes < 1 || groups < 1) {
                throw new IllegalArgumentException("--seeds, --nodes and --groups must be at least 1");
            }
            if ((voters != 0 || reconfigure) && (!strict || voters < 0 || voters > nodes)) {
                throw new IllegalArgumentException("--voters K (1 <= K <= --nodes) and --reconfigure need --mode strict");
            }
            if (schedule == SimSchedule.FIGURE8 && nodes < 5 && !matrix) {
                throw new IllegalArgumentException("--schedule figure8 needs --nodes 5 or more");
            }
        } catch (RuntimeException e) {
            System.err.println("usage: bin/simulate --seeds N [--first S] [--mode strict|dynamic] [--nodes K] [--groups G]"
                    + " [--snapshots] [--workload register|counter|list|mixed] [--schedule random|figure8|vote-crash|append-crash|isolate-leader|flapping-link|wiped-disk|wiped-disk-new-id|torn-tail]"
                    + " [--mixed-roles] [--voters K] [--reconfigure] [--transfers] [--matrix] [--verbose]: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (!verbose) {
            // Thousands of simulated members snapshot and install: their INFO story is noise here.
            QUIET.setLevel(java.util.logging.Level.WARNING);
        }
        Totals totals;
        if (matrix) {
            totals = runMatrix(seeds, first, groups, verbose);
        } else {
            SimOptions base = SimOptions.of(first, nodes, groups, strict).withSnapshots(snapshots)
                    .withWorkload(workload).withSchedule(schedule).withMixedRoles(mixedRoles).withTransfers(transfers);
            if (strict) {
                base = base.withVoters(voters).withReconfigure(reconfigure);
            }
            totals = runAll(seeds, base, verbose);
        }
        if (!matrix) {
            schedule.expectedViolations(strict).ifPresent(why -> System.out.println("expected: " + why + "."));
        }
        System.out.println(totals.line());
        System.exit(totals.clean() ? 0 : 1);
    }

    /** Counts over a batch of seeds. */
    public record Totals(int seeds, int violations, int nonLinearizable, int divergent, int unchecked,
                         List<SimResult> failures, int exactlyOnce) {
        public boolean clean() {
            return violations == 0 && nonLinearizable == 0 && divergent == 0 && exactlyOnce == 0;
        }

        public String line() {
            return "simulated " + seeds + " seeds: " + violations + " invariant violations, " + nonLinearizable
                    + " non-linearizable histories, " + divergent + " divergent after heal, " + exactlyOnce
                    + " exactly-once violations";
        }

        Totals plus(Totals o) {
            List<SimResult> f = new ArrayList<>(failures);
            f.addAll(o.failures);
            return new Totals(seeds + o.seeds, violations + o.violations, nonLinearizable + o.nonLinearizable,
                    divergent + o.divergent, unchecked + o.unchecked, f, exactlyOnce + o.exactlyOnce);
        }
    }

    /**
     * Every combination of mode (strict, dynamic), size (3, 5, 7 nodes), workload, schedule (figure8 only
     * from 5 nodes), snapshots (on, off) and roles (all normal, or an observer and a reluctant member):
     * {@code seeds} seeds each. The long run.
     */
    public static Totals runMatrix(int seeds, long first, int groups, boolean verbose) {
        Totals all = new Totals(0, 0, 0, 0, 0, List.of(), 0);
        for (boolean strict : new boolean[] {true, false}) {
            for (int nodes : new int[] {3, 5, 7}) {
                for (SimWorkload w : SimWorkload.values()) {
                    for (SimSchedule s : SimSchedule.values()) {
                        if ((s == SimSchedule.FIGURE8 && nodes < 5) || s.expectedViolations(strict).isPresent()) {
                            continue; // outside the fault model on purpose: run it alone
                        }
                        for (boolean snapshots : new boolean[] {false, true}) {
                            for (boolean roles : new boolean[] {false, true}) {
                                SimOptions base = SimOptions.of(first, nodes, groups, strict).withWorkload(w)
                                        .withSchedule(s).withSnapshots(snapshots).withMixedRoles(roles);
                                Totals t = runAll(seeds, base, verbose);
                                System.out.println((strict ? "strict" : "dynamic") + " " + nodes + " nodes " + w.flag()
                                        + " " + s.flag() + (snapshots ? " snapshots" : "") + (roles ? " mixed-roles" : "")
                                        + ": " + t.line());
                                all = all.plus(t);
                            }
                        }
                    }
                }
            }
        }
        return all;
    }

    public static Totals runAll(int seeds, long first, boolean strict, int nodes, int groups, boolean verbose) {
        return runAll(seeds, first, strict, nodes, groups, false, verbose);
    }

    /** As {@link #runAll(int, long, boolean, int, int, boolean)}, with snapshot sync on or off. */
    public static Totals runAll(int seeds, long first, boolean strict, int nodes, int groups, boolean snapshots,
                                boolean verbose) {
        return runAll(seeds, SimOptions.of(first, nodes, groups, strict).withSnapshots(snapshots), verbose);
    }

    /** Runs {@code seeds} seeds from {@code base.seed()} on, each otherwise as {@code base}. */
    public static Totals runAll(int seeds, SimOptions base, boolean verbose) {
        long first = base.seed();
        int e = 0;
        int v = 0;
        int l = 0;
        int d = 0;
        int unchecked = 0;
        List<SimResult> failures = new ArrayList<>();
        for (long seed = first; seed < first + seeds; seed++) {
            SimResult r = Simulation.run(new SimOptions(seed, base.nodes(), base.groups(), base.strict(),
                    base.faultMillis(), base.settleMillis(), base.clients(), base.keys(), base.snapshots(),
                    base.workload(), base.schedule(), base.mixedRoles(), base.voters(), base.reconfigure(),
                    base.transfers()));
            if (r.hasExactlyOnceViolations()) {
                e++;
            }
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
        return new Totals(seeds, v, l, d, unchecked, failures, e);
    }
}
