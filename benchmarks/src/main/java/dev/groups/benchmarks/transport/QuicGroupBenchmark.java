package dev.groups.benchmarks.transport;

import dev.groups.consensus.ConsensusConfig;
import dev.groups.id.GroupKey;
import dev.groups.id.NodeIdentity;
import dev.groups.id.UniqueId;
import dev.groups.log.Index;
import dev.groups.machine.ApplyContext;
import dev.groups.machine.Codec;
import dev.groups.machine.Codecs;
import dev.groups.machine.StateMachine;
import dev.groups.machine.Unit;
import dev.groups.raft.Group;
import dev.groups.raft.Network;
import dev.groups.sync.LogReplaySync;
import dev.groups.sync.StateSync;
import dev.groups.transport.Endpoint;
import dev.groups.transport.TransportConfig;
import dev.groups.transport.quic.QuicTransport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Commit throughput of a 3-node group in one JVM over real QUIC on 127.0.0.1 (in-memory logs): each
 * operation is one {@code execute} of a 256 B command, acknowledged once committed and applied on the
 * leader, with 1 or 64 commands outstanding (issued together, awaited together).
 * Commands go to the leader's {@link Group}; all three nodes and their QUIC threads share the 2 cores
 * with the benchmark thread.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar QuicGroupBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Threads(1)
@Fork(1)
public class QuicGroupBenchmark {
    private static final int COMMAND_BYTES = 256;
    private static final ConsensusConfig CONFIG = ConsensusConfig.builder()
            .heartbeatInterval(Duration.ofMillis(100)).heartbeatJitter(Duration.ofMillis(30)).maxMissedHeartbeats(30)
            .electionTimeout(Duration.ofMillis(1000)).electionTimeoutJitter(Duration.ofMillis(300))
            .bootstrapDelay(Duration.ofMillis(200)).build();

    private final List<Network> nodes = new ArrayList<>();
    private Group<byte[], Unit, Long> leader;
    private final byte[] command = new byte[COMMAND_BYTES];

    /** Counts applied bytes; enough state to be a real machine, cheap enough not to be what is measured. */
    static final class ByteCounter implements StateMachine<byte[], Unit, Long> {
        private final StateSync<byte[], ?> sync = new LogReplaySync<>();
        private long bytes;

        @Override
        public UniqueId signature() {
            return UniqueId.of("benchmarks.byte-counter");
        }

        @Override
        public void apply(byte[] command, ApplyContext ctx) {
            bytes += command.length;
        }

        @Override
        public Long query(Unit query) {
            return bytes;
        }

        @Override
        public void reset() {
            bytes = 0;
        }

        @Override
        public StateSync<byte[], ?> stateSync() {
            return sync;
        }

        @Override
        public Codec<byte[]> commandCodec() {
            return Codecs.bytes();
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

    @Setup(Level.Trial)
    public void start() throws Exception {
        GroupKey key = GroupKey.random();
        List<Group<byte[], Unit, Long>> groups = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            NodeIdentity id = NodeIdentity.generate();
            Network.Builder b = Network.builder().identity(id)
                    .transport(QuicTransport.create(TransportConfig.of(id, new Endpoint("127.0.0.1", 0))));
            if (!nodes.isEmpty()) {
                b.bootstrap(nodes.get(0).endpoint());
            }
            Network n = b.start();
            nodes.add(n);
            groups.add(n.groups().withKey(key).withConsensusConfig(CONFIG).withStateMachine(new ByteCounter()).join());
        }
        var leaderId = groups.get(0).when().leaderElected().get(30, TimeUnit.SECONDS);
        for (Group<byte[], Unit, Long> g : groups) {
            g.when().leaderElected().get(30, TimeUnit.SECONDS);
            if (nodes.get(groups.indexOf(g)).localId().equals(leaderId)) {
                leader = g;
            }
        }
        leader.when().isLeader().get(30, TimeUnit.SECONDS);
    }

    @TearDown(Level.Trial)
    public void stop() {
        nodes.forEach(Network::close);
    }

    /** One command at a time: the commit latency's inverse. */
    @Benchmark
    @OperationsPerInvocation(1)
    public Index outstanding1() throws Exception {
        return leader.execute(command).get(10, TimeUnit.SECONDS);
    }

    /** 64 commands in flight together, awaited together; JMH divides by 64. */
    @Benchmark
    @OperationsPerInvocation(64)
    public Index outstanding64() throws Exception {
        return waveOf(64);
    }

    private Index waveOf(int n) throws Exception {
        List<CompletableFuture<Index>> acks = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            acks.add(leader.execute(command));
        }
        Index last = null;
        for (CompletableFuture<Index> ack : acks) {
            last = ack.get(10, TimeUnit.SECONDS);
        }
        return last;
    }
}
