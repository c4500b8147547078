package dev.groups.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.groups.consensus.ConsensusConfig;
import dev.groups.id.GroupKey;
import dev.groups.id.UniqueId;
import dev.groups.log.LogPayload;
import dev.groups.machine.ApplyContext;
import dev.groups.machine.Consistency;
import dev.groups.machine.Unit;
import dev.groups.storage.StorageException;
import dev.groups.transport.Endpoint;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The SPIs say an exception from the state machine or the log stops the group: its requests fail with
 * {@code GroupTerminated} carrying the cause, nothing is applied twice, and the node's other groups go on.
 */
class GroupFailureTest {
    private static final ConsensusConfig FAST = ConsensusConfig.builder()
            .heartbeatInterval(Duration.ofMillis(100)).heartbeatJitter(Duration.ofMillis(30))
            .electionTimeout(Duration.ofMillis(600)).electionTimeoutJitter(Duration.ofMillis(200))
            .bootstrapDelay(Duration.ofMillis(200)).build();
    private static final long POISON = -1;

    /** Adds commands up; counts how often each was applied; throws on {@link #POISON}. */
    private static final class Poisonable extends SumMachine {
        final Map<Long, Integer> applications = new ConcurrentHashMap<>();

        @Override
        public UniqueId signature() {
            return UniqueId.of("test.poisonable.v1");
        }

        @Override
        public void apply(Long command, ApplyContext ctx) {
            if (command == POISON) {
                throw new IllegalStateException("poisoned command");
            }
            applications.merge(command, 1, Integer::sum);
            super.apply(command, ctx);
        }
    }

    private static Network node(String name) {
        return Network.builder().transportName("inprocess").listen(new Endpoint(name, 0)).start();
    }

    private static Throwable failureOf(CompletableFuture<?> f) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(15, TimeUnit.SECONDS));
        return e.getCause();
    }

    @Test
    void aMachineThatThrowsStopsItsGroupAndOnlyThatGroup() throws Exception {
        try (Network node = node("failure-machine")) {
            Poisonable poisoned = new Poisonable();
            Poisonable healthy = new Poisonable();
            Group<Long, Unit, Long> bad = node.groups().withKey(GroupKey.random()).withStateMachine(poisoned)
                    .withConsensusConfig(FAST).join();
            Group<Long, Unit, Long> good = node.groups().withKey(GroupKey.random()).withStateMachine(healthy)
                    .withConsensusConfig(FAST).join();
            bad.when().leaderElected().get(15, TimeUnit.SECONDS);
            good.when().leaderElected().get(15, TimeUnit.SECONDS);
            bad.executeMany(List.of(1L, 2L)).get(15, TimeUnit.SECONDS);

            // One batch: 3, the poison, 4. The batch throws part-way; the group must stop, not retry it.
            Throwable t = failureOf(bad.executeMany(List.of(3L, POISON, 4L)));
            GroupException.GroupTerminated terminated = assertInstanceOf(GroupException.GroupTerminated.class, t);
            assertInstanceOf(IllegalStateException.class, terminated.getCause(), "the machine's exception is the cause");
            assertTrue(terminated.getMessage().contains("poisoned command"), terminated.getMessage());

            Throwable later = failureOf(bad.execute(5L));
            assertInstanceOf(GroupException.GroupTerminated.class, later);
            assertInstanceOf(IllegalStateException.class, later.getCause(), "later requests say why too");
            for (Map.Entry<Long, Integer> e : poisoned.applications.entrySet()) {
                assertEquals(1, e.getValue(), "command " + e.getKey() + " applied once at most");
            }
            assertTrue(!poisoned.applications.containsKey(5L));

            // The node's other group goes on.
            good.execute(7L).get(15, TimeUnit.SECONDS);
            assertEquals(7L, good.query(Unit.INSTANCE, Consistency.STRONG).get(15, TimeUnit.SECONDS).result());
            assertTrue(!node.groups().ids().contains(bad.id()), "the failed group is gone from the node: " + node.groups().ids() + " bad=" + bad.id() + " good=" + good.id());
        }
    }

    @Test
    void aLogThatFailsStopsItsGroupAndOnlyThatGroup() throws Exception {
        try (Network node = node("failure-log")) {
            ProbeStorage<LogPayload<Long>> disk = new ProbeStorage<>();
            Group<Long, Unit, Long> bad = node.groups().withKey(GroupKey.random()).withStateMachine(new Poisonable())
                    .withConsensusConfig(FAST).withLogStorage(disk).join();
            Group<Long, Unit, Long> good = node.groups().withKey(GroupKey.random()).withStateMachine(new Poisonable())
                    .withConsensusConfig(FAST).join();
            bad.when().leaderElected().get(15, TimeUnit.SECONDS);
            good.when().leaderElected().get(15, TimeUnit.SECONDS);
            bad.execute(1L).get(15, TimeUnit.SECONDS);

            disk.failFlushes = true;
            Throwable t = failureOf(bad.execute(2L));
            GroupException.GroupTerminated terminated = assertInstanceOf(GroupException.GroupTerminated.class, t);
            assertInstanceOf(StorageException.class, terminated.getCause());
            assertTrue(disk.closed.await(15, TimeUnit.SECONDS), "the failed log is closed");

            good.execute(3L).get(15, TimeUnit.SECONDS);
            assertSame(Long.class, good.query(Unit.INSTANCE, Consistency.STRONG).get(15, TimeUnit.SECONDS)
                    .result().getClass());
        }
    }
}
