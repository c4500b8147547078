package dev.groups.testkit.sim;

/**
 * One simulated run.
 *
 * @param seed        reproduces the run exactly
 * @param nodes       hosts; every group has a member on each
 * @param groups      groups running side by side on the same hosts
 * @param strict      strict mode (voting membership = {@code nodes}) or dynamic mode
 * @param faultMillis simulated time with faults injected (crashes, partitions, loss, duplication, reordering)
 * @param settleMillis after the faults stop, the bound within which a leader must be elected, a command
 *                    committed and every member converge (the liveness bound)
 * @param clients     concurrent clients issuing writes and strong reads
 * @param keys        distinct keys they use
 * @param snapshots   members catch up through {@code SnapshotSync} (and prune their logs) instead of log
 *                    replay; off by default
 * @param workload    what the clients ask for (default {@link SimWorkload#MIXED})
 * @param schedule    the fault schedule (default {@link SimSchedule#RANDOM})
 * @param mixedRoles  host 0 is an observer (never leads; in dynamic mode never votes) and host 1 reluctant
 *                    (its election timeout three times as long); with fewer than 3 hosts only host 0 is reluctant
 * @param voters      strict mode: hosts 0 .. voters-1 are the founding voters (0: every host); the others
 *                    are members that never count
 * @param reconfigure strict mode: while faults run, voters are added and removed one at a time (through
 *                    a random member, so some requests are forwarded; sometimes the leader removes itself)
 * @param transfers   while faults run, leaders are asked to hand leadership over (to the most up-to-date
 *                    member or a random one), in either mode
 */
public record SimOptions(long seed, int nodes, int groups, boolean strict, long faultMillis, long settleMillis,
                         int clients, int keys, boolean snapshots, SimWorkload workload, SimSchedule schedule,
                         boolean mixedRoles, int voters, boolean reconfigure, boolean transfers) {
    public SimOptions {
        if (nodes < 1 || groups < 1 || clients < 0 || keys < 1 || faultMillis < 0 || settleMillis < 1) {
            throw new IllegalArgumentException("invalid simulation options");
        }
        java.util.Objects.requireNonNull(workload, "workload");
        java.util.Objects.requireNonNull(schedule, "schedule");
        if (voters < 0 || voters > nodes || (!strict && (voters != 0 || reconfigure))) {
            throw new IllegalArgumentException("--voters K (1 <= K <= nodes) and --reconfigure need --mode strict");
        }
        if (schedule == SimSchedule.FIGURE8 && nodes < 5) {
            throw new IllegalArgumentException("the figure8 schedule needs at least 5 nodes, got " + nodes);
        }
    }

    /** The default workload and schedule. */
    public SimOptions(long seed, int nodes, int groups, boolean strict, long faultMillis, long settleMillis,
                      int clients, int keys, boolean snapshots) {
        this(seed, nodes, groups, strict, faultMillis, settleMillis, clients, keys, snapshots, SimWorkload.MIXED,
                SimSchedule.RANDOM, false, 0, false, false);
    }

    /** Without snapshots: log replay, as before the option existed. */
    public SimOptions(long seed, int nodes, int groups, boolean strict, long faultMillis, long settleMillis,
                      int clients, int keys) {
        this(seed, nodes, groups, strict, faultMillis, settleMillis, clients, keys, false);
    }

    /** A copy with snapshot sync on or off. */
    public SimOptions withSnapshots(boolean snapshots) {
        return new SimOptions(seed, nodes, groups, strict, faultMillis, settleMillis, clients, keys, snapshots,
                workload, schedule, mixedRoles, voters, reconfigure, transfers);
    }

    /** A copy with another workload. */
    public SimOptions withWorkload(SimWorkload workload) {
        return new SimOptions(seed, nodes, groups, strict, faultMillis, settleMillis, clients, keys, snapshots,
                workload, schedule, mixedRoles, voters, reconfigure, transfers);
    }

    /** A copy with or without an observer and a reluctant member. */
    public SimOptions withMixedRoles(boolean mixedRoles) {
        return new SimOptions(seed, nodes, groups, strict, faultMillis, settleMillis, clients, keys, snapshots,
                workload, schedule, mixedRoles, voters, reconfigure, transfers);
    }

    /** A copy with another fault schedule. */
    public SimOptions withSchedule(SimSchedule schedule) {
        return new SimOptions(seed, nodes, groups, strict, faultMillis, settleMillis, clients, keys, snapshots,
                workload, schedule, mixedRoles, voters, reconfigure, transfers);
    }

    /** A copy whose founding voters are hosts 0 .. voters-1 (strict mode; 0: every host). */
    public SimOptions withVoters(int voters) {
        return new SimOptions(seed, nodes, groups, strict, faultMillis, settleMillis, clients, keys, snapshots,
                workload, schedule, mixedRoles, voters, reconfigure, transfers);
    }

    /** A copy with or without voter changes during the faults (strict mode). */
    public SimOptions withReconfigure(boolean reconfigure) {
        return new SimOptions(seed, nodes, groups, strict, faultMillis, settleMillis, clients, keys, snapshots,
                workload, schedule, mixedRoles, voters, reconfigure, transfers);
    }

    /** A copy with or without leadership transfers during the faults. */
    public SimOptions withTransfers(boolean transfers) {
        return new SimOptions(seed, nodes, groups, strict, faultMillis, settleMillis, clients, keys, snapshots,
                workload, schedule, mixedRoles, voters, reconfigure, transfers);
    }

    /** How many founding voters: {@link #voters()}, or every host. */
    public int foundingVoters() {
        return voters == 0 ? nodes : voters;
    }

    /** The default mix used by the test suite and {@code bin/simulate}. */
    public static SimOptions of(long seed, int nodes, boolean strict) {
        return of(seed, nodes, 2, strict);
    }

    public static SimOptions of(long seed, int nodes, int groups, boolean strict) {
        return new SimOptions(seed, nodes, groups, strict, 60_000, 40_000, 3, 4);
    }

    /** The command line that replays this run. */
    public String replayCommand() {
        return "bin/simulate --seeds 1 --first " + seed + " --mode " + (strict ? "strict" : "dynamic") + " --nodes " + nodes
                + " --groups " + groups + (snapshots ? " --snapshots" : "") + " --workload " + workload.flag()
                + " --schedule " + schedule.flag() + (mixedRoles ? " --mixed-roles" : "")
                + (voters != 0 ? " --voters " + voters : "") + (reconfigure ? " --reconfigure" : "")
                + (transfers ? " --transfers" : "");
    }
}
