package dev.groups.testkit.sim;

/**
 * The fault schedule of a simulated run. Random faults find what nobody thought of; the targeted
 * schedules steer the cluster into the interleavings that the classic Raft bugs need, which random
 * faults reach too rarely to be relied on.
 */
public enum SimSchedule {
    /** Crashes and restarts, partitions (also one-way), isolation, lossy storms, at random. */
    RANDOM,
    /**
     * Raft's Figure 8 (§5.4.2), then random faults: a leader appends a tail that only one follower gets,
     * the majority side elects a leader whose first entry stays on it alone (it is cut off at once and
     * crashed), a new leader of a later term brings the old tail to a majority, and at the moment its
     * commit index covers the old tail it is cut off while the crashed member comes back. A leader that
     * commits an earlier term's entries by counting replicas loses them here. Five hosts or more.
     */
    FIGURE8,
    /**
     * Random faults, tight election jitter (so candidacies collide), and every granted vote followed at
     * once by a crash and a quick restart of the voter, while its answer is on the wire: a member that
     * forgets its vote on restart votes twice in one term.
     */
    VOTE_CRASH,
    /**
     * Random faults plus frequent crashes of members whose disk has unflushed appends (leaders and
     * followers), so the unsynced tail is lost in every way it can be.
     */
    APPEND_CRASH,
    /**
     * Random faults plus, every few seconds, the host of some group's current leader cut off alone for
     * one to eight seconds while clients keep calling on both sides: the deposed leader must not answer a
     * strong read or acknowledge a write the majority side does not keep, and its side's requests end
     * truthfully.
     */
    ISOLATE_LEADER,
    /**
     * No other fault: the links between one follower's host (a host that leads no group) and every other
     * host go down and up every 300 ms for the whole fault period. With pre-vote and check-quorum no group
     * may elect anyone meanwhile: the leaders keep their terms.
     */
    FLAPPING_LINK;

    /** The name {@code bin/simulate --schedule} takes. */
    public String flag() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** Parses a {@code --schedule} value. */
    public static SimSchedule parse(String s) {
        for (SimSchedule v : values()) {
            if (v.flag().equals(s)) {
                return v;
            }
        }
        throw new IllegalArgumentException("--schedule is random, figure8, vote-crash, append-crash, isolate-leader or flapping-link, got " + s);
    }
}
