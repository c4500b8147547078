package dev.groups.raft.core;

/**
 * Replication knobs that are not part of the group's agreement: how many entries go in one
 * AppendEntries, how many may be in flight per follower, and how far behind a follower must be to catch
 * up through its state sync instead of the leader's stream. The simulator uses tiny values to exercise
 * every path; production uses {@link #defaults()}.
 */
public record RaftTuning(int maxBatch, int window, long catchUpThreshold) {
    public RaftTuning {
        if (maxBatch < 1 || window < 1 || catchUpThreshold < 1) {
            throw new IllegalArgumentException("tuning values must be positive");
        }
    }

    /** 512 entries per message, 4 in flight, state sync beyond 2,048 entries behind. */
    public static RaftTuning defaults() {
        return new RaftTuning(512, 4, 2_048);
    }
}
