package dev.groups.machine;

/** How fresh a query's answer must be. */
public enum Consistency {
    /**
     * Answered from the local replica at its applied index: fast, possibly stale, never reordered
     * on one node. Its position ({@link QueryResultAt#position()}) says how stale.
     */
    WEAK,
    /**
     * Linearizable: the leader first confirms it still leads (a read-index round of
     * acknowledgements), then answers at an applied index at least its commit index at the time of
     * the request. Asked on a follower, the query is forwarded to the leader.
     */
    STRONG
}
