package dev.groups.examples.kv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.groups.id.GroupKey;
import dev.groups.log.Index;
import dev.groups.machine.Consistency;
import dev.groups.machine.StateMachine;
import dev.groups.machine.StateMachineProvider;
import dev.groups.plugin.Plugins;
import dev.groups.raft.Group;
import dev.groups.raft.Network;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** The README's "Deploying: in an application" code, compiled and run, so the README cannot drift. */
class ReadmeExampleTest {
    @Test
    void theReadmeExampleRuns() {
        // The README leaves the transport to ServiceLoader; here the in-process one is named, the only
        // one on this module's test class path. A lone member elects itself (dynamic mode).
        try (Network network = Network.builder().transportName("inprocess").start()) {
            GroupKey key = GroupKey.fromSecret("kv example secret");
            Group<KvCommand, KvQuery, KvResult> kv = network.groups().withKey(key)
                    .withStateMachine(new KvMachine()).join();

            kv.when().leaderElected().join();
            Index at = kv.execute(KvCommand.CompareAndSet.ifAbsent("leases/db", "node-7")).join();
            KvResult r = kv.query(new KvQuery.Get("leases/db"), Consistency.STRONG).join().result();
            boolean mine = r instanceof KvResult.Found f && f.entry().version() == at.value();

            assertTrue(mine, "the claim wrote the lease");
        }
    }

    @Test
    void theReadmeLookupByNameRuns() {
        StateMachineProvider provider = Plugins.select(ServiceLoader.load(StateMachineProvider.class),
                "state machine", "kv", "kv-plugin");
        StateMachine<?, ?, ?> machine = provider.create(Map.of("max-value-bytes", "4096"));

        assertEquals(new KvLimits(KvLimits.DEFAULT_KEY_BYTES, 4096), ((KvMachine) machine).limits());
    }
}
