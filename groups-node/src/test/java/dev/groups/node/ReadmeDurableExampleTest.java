package dev.groups.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.groups.id.GroupKey;
import dev.groups.id.NodeIdentity;
import dev.groups.id.UniqueId;
import dev.groups.machine.ApplyContext;
import dev.groups.machine.Codec;
import dev.groups.machine.Codecs;
import dev.groups.machine.Consistency;
import dev.groups.machine.StateMachine;
import dev.groups.machine.Unit;
import dev.groups.raft.Group;
import dev.groups.raft.Network;
import dev.groups.sync.LogReplaySync;
import dev.groups.sync.StateSync;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's durable-log example ("Using the library"), compiled and run over the QUIC transport
 * with the Chronicle log: what a node wrote is there again after a restart from the same directory.
 */
class ReadmeDurableExampleTest {
    @TempDir
    Path dir;

    /** The README's counter. */
    static final class Counter implements StateMachine<Long, Unit, Long> {
        private long value;

        public UniqueId signature() {
            return UniqueId.of("example.counter.v1");
        }

        public void apply(Long delta, ApplyContext ctx) {
            value += delta;
        }

        public Long query(Unit q) {
            return value;
        }

        public void reset() {
            value = 0;
        }

        public StateSync<Long, ?> stateSync() {
            return new LogReplaySync<>();
        }

        public Codec<Long> commandCodec() {
            return Codecs.int64();
        }

        public Codec<Unit> queryCodec() {
            return Codecs.unit();
        }

        public Codec<Long> resultCodec() {
            return Codecs.int64();
        }
    }

    @Test
    void aDurableLogComesBackAfterARestart() {
        GroupKey key = GroupKey.fromSecret("my secret");
        Path data = dir.resolve("groups-data");
        // README: "A durable log"
        NodeIdentity me = NodeIdentity.generate();   // keep it too (privateKeyPkcs8): the log is this node's
        try (Network node = Network.builder().identity(me).start()) {
            Group<Long, Unit, Long> counter = node.groups().withKey(key).withStateMachine(new Counter())
                    .withLogStorage("chronicle", data)              // opens data/<group id>: log, term and vote
                    .join();
            counter.when().leaderElected().join();
            counter.execute(5L).join();
        }                                                           // leaving syncs and closes the log
        // The same directory later: the log, term and vote are found again, and the state rebuilt from it.
        try (Network node = Network.builder().identity(me).start()) {
            Group<Long, Unit, Long> counter = node.groups().withKey(key).withStateMachine(new Counter())
                    .withLogStorage("chronicle", data).join();
            counter.when().leaderElected().join();
            assertEquals(5L, counter.query(Unit.INSTANCE, Consistency.STRONG).join().result());
        }
    }
}
