/**
 * Consensus groups: the user API ({@code dev.groups.raft}: {@code Network}, {@code Groups},
 * {@code Group}, {@code When}, {@code Bonds}), the discovery catalog it exposes
 * ({@code dev.groups.raft.discovery}: {@code Network.discovery()}, {@code Bond.peerEntry()}) and the
 * transports that need no network ({@code dev.groups.raft.transport}: in-process, chosen by name or
 * given to {@code Network.Builder.transport}, and the fault-injecting wrapper), for tests.
 *
 * <p>Internal, exported only to the test kit (its simulator drives the core directly; the benchmarks
 * use them from the class path): the sans-I/O consensus core ({@code dev.groups.raft.core}), its wire codec
 * ({@code dev.groups.raft.wire}) and the bond protocol ({@code dev.groups.raft.bond}). On the class
 * path nothing of this applies; it is what a program on the module path sees.
 */
@SuppressWarnings("module") // the qualified targets are not modules of this build's module path
module dev.groups.raft {
    requires transitive dev.groups.api;

    exports dev.groups.raft;
    exports dev.groups.raft.discovery;
    exports dev.groups.raft.transport;

    exports dev.groups.raft.core to dev.groups.testkit;
    exports dev.groups.raft.wire to dev.groups.testkit;
    exports dev.groups.raft.bond to dev.groups.testkit;

    uses dev.groups.storage.StorageProvider;
    uses dev.groups.transport.TransportProvider;

    provides dev.groups.transport.TransportProvider with dev.groups.raft.transport.InProcessTransportProvider;
}
