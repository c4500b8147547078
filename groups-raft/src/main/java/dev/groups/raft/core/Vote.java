package dev.groups.raft.core;

/** An answer to a candidacy or to replicated entries. */
public enum Vote {
    GRANTED,
    DENIED,
    /** Counted neither for nor against: the voter is behind, or an observer. It leaves the quorum's denominator (dynamic mode). */
    ABSTAINED
}
