package dev.groups.testkit.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.groups.id.GroupKey;
import dev.groups.id.UniqueId;
import dev.groups.log.IndexRange;
import dev.groups.machine.ApplyContext;
import dev.groups.machine.Codec;
import dev.groups.machine.Codecs;
import dev.groups.machine.Consistency;
import dev.groups.machine.QueryResultAt;
import dev.groups.machine.StateMachine;
import dev.groups.machine.Unit;
import dev.groups.raft.Group;
import dev.groups.raft.Network;
import dev.groups.sync.LogReplaySync;
import dev.groups.sync.StateSync;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's usage example, compiled and run, so the README cannot drift from the API. */
class ReadmeExampleTest {
    /** README: "A state machine is generic in its command, query and result types…" */
    static final class Counter implements StateMachine<Long, Unit, Long> {
        private long value;

        @Override
        public UniqueId signature() {
            return UniqueId.of("example.counter.v1");
        }

        @Override
        public void apply(Long delta, ApplyContext ctx) {
            value += delta; // deterministic, never throws
        }

        @Override
        public Long query(Unit q) {
            return value;
        }

        @Override
        public void reset() {
            value = 0;
        }

        @Override
        public StateSync<Long, ?> stateSync() {
            return new LogReplaySync<>(); // laggards fetch missing entries from their peers
        }

        @Override
        public Codec<Long> commandCodec() {
            return Codecs.int64();
        }

        @Override
        public Codec<Unit> queryCodec() {
            return Codecs.unit();
        }

        @Override
        public Codec<Long> resultCodec() {
            return Codecs.int64();
        }
    }

    @Test
    void theReadmeExampleRuns() {
        // README: "Joining a group and using it". The README leaves the transport to ServiceLoader;
        // here the in-process one is named because it is the one on this module's test class path.
        try (Network a = Network.builder().transportName("inprocess").start();
             Network b = Network.builder().transportName("inprocess").bootstrap(a.localId(), a.endpoint()).start()) {
            GroupKey key = GroupKey.fromSecret("my secret");
            Group<Long, Unit, Long> counter = a.groups().withKey(key).withStateMachine(new Counter()).join();
            Group<Long, Unit, Long> replica = b.groups().withKey(key).withStateMachine(new Counter()).join();

            counter.when().leaderElected().join();
            IndexRange done = counter.executeMany(List.of(3L, 4L)).join(); // these very entries are applied
            QueryResultAt<Long> total = replica.query(Unit.INSTANCE, Consistency.STRONG).join();

            assertEquals(7L, total.result());
            assertEquals(true, total.position().value() >= done.end().value(), "a strong read sees the write");
        }
    }
}
