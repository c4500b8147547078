package dev.groups.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.groups.consensus.ConsensusConfig;
import dev.groups.id.GroupKey;
import dev.groups.machine.Codec;
import dev.groups.machine.Unit;
import dev.groups.plugin.PluginNotFoundException;
import dev.groups.storage.Storage;
import dev.groups.storage.StorageProvider;
import dev.groups.storage.StorageSpec;
import dev.groups.transport.Endpoint;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The builder stage that opens a log through a provider, for the group id only the builder knows. */
class GroupBuilderStorageTest {
    private static final ConsensusConfig FAST = ConsensusConfig.builder()
            .heartbeatInterval(Duration.ofMillis(100)).heartbeatJitter(Duration.ofMillis(30))
            .electionTimeout(Duration.ofMillis(600)).electionTimeoutJitter(Duration.ofMillis(200))
            .bootstrapDelay(Duration.ofMillis(200)).build();

    /** Opens in-memory stores and remembers the specs it was asked for and the stores it opened. */
    private static final class Opening implements StorageProvider {
        final List<StorageSpec> specs = new ArrayList<>();
        final List<Storage<?>> stores = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public String name() {
            return "opening";
        }

        @Override
        public <C> Storage<C> open(StorageSpec spec, Codec<C> codec) {
            specs.add(spec);
            ProbeStorage<C> store = new ProbeStorage<>();
            stores.add(store);
            return store;
        }

        /**
         * Waits for the group to close the first store. (This test once read the store's toString from
         * the test thread while the group's thread closed it, and failed on that race under load.)
         */
        boolean closed() throws InterruptedException {
            return ((ProbeStorage<?>) stores.get(0)).closed.await(15, TimeUnit.SECONDS);
        }
    }

    @Test
    void theProviderOpensTheLogOfTheDerivedGroupIdInItsOwnDirectoryAndTheGroupClosesIt() throws Exception {
        Opening provider = new Opening();
        Path base = Path.of("/var/lib/groups");
        try (Network n = Network.builder().transportName("inprocess").listen(new Endpoint("storage-test", 0)).start()) {
            GroupKey key = GroupKey.random();
            Group<Unit, Unit, Unit> g = n.groups().withKey(key).withStateMachine(new NoOp()).withConsensusConfig(FAST)
                    .withLogStorage(provider, base, Map.of("k", "v")).join();
            assertEquals(1, provider.specs.size());
            StorageSpec spec = provider.specs.get(0);
            assertEquals(g.id(), spec.groupId());
            assertEquals(base.resolve(g.id().toString()), spec.directory().orElseThrow());
            assertEquals(Map.of("k", "v"), spec.options());

            // A second handle shares the running group's store: nothing else is opened.
            Group<Unit, Unit, Unit> again = n.groups().withKey(key).withStateMachine(new NoOp()).withConsensusConfig(FAST)
                    .withLogStorage(provider, base).join();
            assertEquals(1, provider.specs.size());
            g.when().leaderElected().get(15, TimeUnit.SECONDS);
            g.close();
            again.close();
            assertTrue(provider.closed(), "leaving the group closed its store");
        }
    }

    @Test
    void aProviderNameThatIsNotInstalledIsAClearError() {
        try (Network n = Network.builder().transportName("inprocess").listen(new Endpoint("storage-test", 0)).start()) {
            GroupBuilder.WithMachine<Unit, Unit, Unit> b = n.groups().withKey(GroupKey.random()).withStateMachine(new NoOp());
            PluginNotFoundException e = assertThrows(PluginNotFoundException.class,
                    () -> b.withLogStorage("chronicle", Path.of("/tmp/x")));
            assertTrue(e.getMessage().contains("groups-storage-chronicle"), e.getMessage());
        }
    }

    @Test
    void theMemoryProviderRefusesADirectory() {
        try (Network n = Network.builder().transportName("inprocess").listen(new Endpoint("storage-test", 0)).start()) {
            GroupBuilder.WithStorage<Unit, Unit, Unit> b = n.groups().withKey(GroupKey.random())
                    .withStateMachine(new NoOp()).withLogStorage("memory", Path.of("/tmp/x"));
            assertThrows(IllegalArgumentException.class, b::join);
            assertTrue(n.groups().ids().isEmpty(), "a store that cannot open leaves no group behind");
        }
    }
}
