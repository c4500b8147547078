/**
 * Consensus groups: the user API ({@code dev.groups.raft}: {@code Network}, {@code Groups},
 * {@code Group}, {@code When}, {@code Bonds}), discovery, the consensus core
 * ({@code dev.groups.raft.core}: the modified Raft as a deterministic, I/O-free state machine), its
 * wire codec, and the in-process transport. The bond protocol ({@code dev.groups.raft.bond}) is internal.
 */
module dev.groups.raft {
    requires transitive dev.groups.api;

    exports dev.groups.raft;
    exports dev.groups.raft.core;
    exports dev.groups.raft.discovery;
    exports dev.groups.raft.transport;
    exports dev.groups.raft.wire;

    uses dev.groups.storage.StorageProvider;
    uses dev.groups.transport.TransportProvider;

    provides dev.groups.transport.TransportProvider with dev.groups.raft.transport.InProcessTransportProvider;
}
