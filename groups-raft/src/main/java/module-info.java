/**
 * The consensus core ({@code dev.groups.raft.core}): the modified Raft as a deterministic, I/O-free
 * state machine. The group runtime builds on it.
 */
module dev.groups.raft {
    requires transitive dev.groups.api;

    exports dev.groups.raft.core;
}
