package dev.groups.raft.core;

/** A member's role in its current term. */
public enum Role {
    FOLLOWER,
    CANDIDATE,
    LEADER
}
