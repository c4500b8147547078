package dev.groups.raft.core;

/**
 * What the leader knows of one follower (Raft's nextIndex / matchIndex, plus pipelining and
 * catch-up bookkeeping). Mutable; owned by the leader role, touched only on the group thread.
 */
final class Progress {
    /** The next index to send. */
    long next;
    /** The highest index known to match and be durable on the follower. */
    long match;
    /** AppendEntries sent and not yet answered (the pipelining window). */
    int inFlight;
    /** When the last AppendEntries went out (heartbeat timer). */
    long lastSentAt = Long.MIN_VALUE / 2;
    /** When the follower last answered in this term (check-quorum). */
    long lastHeardAt = Long.MIN_VALUE / 2;
    /** The commit index the last AppendEntries carried. */
    long sentCommit;
    /** The highest message sequence the follower has answered in this term (read-index confirmations). */
    long ackedSeq;
    /** The follower answered GRANTED last: it counts towards the dynamic quorum. */
    boolean inSync;
    /** The follower is an observer: never counted. */
    boolean observer;
    /** The follower catches up through its state sync; the leader only sends catch-up heartbeats. */
    boolean catchingUp;
    /** The follower's log conflicted with ours: stream to it until it is in sync, never ask it to self-sync. */
    boolean streamOnly;

    Progress(long next) {
        this.next = next;
    }

    @Override
    public String toString() {
        return "Progress(next=" + next + ", match=" + match + ", inFlight=" + inFlight + ", inSync=" + inSync
                + (catchingUp ? ", catching up" : "") + ")";
    }
}
