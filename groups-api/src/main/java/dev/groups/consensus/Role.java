package dev.groups.consensus;

/** A member's role in its current term (what {@code Group.role()} reports). */
public enum Role {
    FOLLOWER,
    CANDIDATE,
    LEADER
}
