package dev.groups.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.groups.consensus.ConsensusConfig;
import dev.groups.id.GroupKey;
import dev.groups.machine.Unit;
import dev.groups.plugin.PluginNotFoundException;
import dev.groups.transport.Endpoint;
import dev.groups.transport.TransportException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class NetworkTest {
    private static final ConsensusConfig FAST = ConsensusConfig.builder()
            .heartbeatInterval(Duration.ofMillis(100)).heartbeatJitter(Duration.ofMillis(30))
            .electionTimeout(Duration.ofMillis(600)).electionTimeoutJitter(Duration.ofMillis(200))
            .bootstrapDelay(Duration.ofMillis(200)).build();

    @Test
    void theTransportIsFoundThroughServiceLoaderAndBootstrapPeersFindEachOther() throws Exception {
        // Only the in-process transport is on this module's class path: it is found by name.
        try (Network n0 = Network.builder().transportName("inprocess").listen(new Endpoint("bootstrap-test", 0)).start();
             Network n1 = Network.builder().transportName("inprocess").listen(new Endpoint("bootstrap-test", 0))
                     .bootstrap(n0.localId(), n0.endpoint()).start()) {
            GroupKey key = GroupKey.random();
            Group<Unit, Unit, Unit> g0 = n0.groups().withKey(key).withConsensusConfig(FAST).join();
            Group<Unit, Unit, Unit> g1 = n1.groups().withKey(key).withConsensusConfig(FAST).join();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (!(g0.bonds().contains(n1.localId()) && g1.bonds().contains(n0.localId()))
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(g0.bonds().contains(n1.localId()), "bonded through the bootstrap peer's catalog");
            assertEquals(g0.when().leaderElected().get(15, TimeUnit.SECONDS),
                    g1.when().leaderElected().get(15, TimeUnit.SECONDS), "one leader");
        }
    }

    @Test
    void aBootstrapAddressAloneIsEnough() throws Exception {
        try (Network n0 = Network.builder().transportName("inprocess").listen(new Endpoint("address-only", 0)).start();
             Network n1 = Network.builder().transportName("inprocess").listen(new Endpoint("address-only", 0))
                     .bootstrap(n0.endpoint()).start()) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while ((n1.discovery().get(n0.localId()).isEmpty() || n0.discovery().get(n1.localId()).isEmpty())
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(n1.discovery().get(n0.localId()).isPresent(), "learned the peer id behind the address");
            assertTrue(n0.discovery().get(n1.localId()).isPresent(), "and was learned in return");
        }
    }

    @Test
    void listeningOnANetworkAddressWithoutANetworkTransportFailsNamingTheQuicModule() {
        // Only the in-process transport is installed here; it must not be picked for a network address.
        PluginNotFoundException e = assertThrows(PluginNotFoundException.class,
                () -> Network.builder().listen(new Endpoint("127.0.0.1", 7688)).start());
        assertTrue(e.getMessage().contains("no network transport is installed to listen on 127.0.0.1:7688"), e.getMessage());
        assertTrue(e.getMessage().contains("dev.groups:groups-transport-quic"), e.getMessage());
        assertTrue(e.getMessage().contains("transportName(\"inprocess\")"), e.getMessage());
        // the default address too: nothing falls back to the in-process transport unasked
        assertThrows(PluginNotFoundException.class, () -> Network.builder().start());
        PluginNotFoundException named = assertThrows(PluginNotFoundException.class,
                () -> Network.builder().transportName("quic").start());
        assertTrue(named.getMessage().contains("dev.groups:groups-transport-quic"), named.getMessage());
    }

    @Test
    void startThrowsTheTransportsOwnExceptionWhenTheAddressIsTaken() {
        try (Network first = Network.builder().transportName("inprocess").listen(new Endpoint("taken-test", 5)).start()) {
            TransportException e = assertThrows(TransportException.class,
                    () -> Network.builder().transportName("inprocess").listen(first.endpoint()).start());
            assertTrue(e.getMessage().contains("taken-test:5 is already taken"), e.getMessage());
        }
    }
}
