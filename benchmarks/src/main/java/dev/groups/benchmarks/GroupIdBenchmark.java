package dev.groups.benchmarks;

import dev.groups.consensus.ConsensusConfig;
import dev.groups.id.Digest;
import dev.groups.id.NetworkId;
import dev.groups.id.PeerId;
import dev.groups.raft.bond.BondProof;
import dev.groups.id.GroupId;
import dev.groups.id.GroupKey;
import dev.groups.id.UniqueId;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Group id derivation and the bond proof: not on the hot path (once per join, once per bond), but
 * cheap to track so a regression in {@code Digest} or the HMAC shows. Settings suit a 2-core machine:
 * one thread, 5 × 1 s iterations.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar GroupIdBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {
        "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
        "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
        "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
        "-Dchronicle.analytics.disable=true",
        "-Dchronicle.announcer.disable=true"})
public class GroupIdBenchmark {
    private final GroupKey key = GroupKey.fromSecret("bench");
    private final ConsensusConfig config = ConsensusConfig.defaults();
    private final UniqueId machine = UniqueId.of("bench.machine");
    private final UniqueId sync = UniqueId.of("bench.sync");
    private final List<UniqueId> validators = List.of(UniqueId.of("bench.v1"));
    private final GroupId group = GroupId.derive(key, config.digest(), machine, sync, validators);
    private final NetworkId network = NetworkId.of("bench");
    private final PeerId initiator = PeerId.fromBytes(Digest.fromLong(1).toBytes());
    private final PeerId acceptor = PeerId.fromBytes(Digest.fromLong(2).toBytes());
    private final byte[] initiatorNonce = new byte[32];
    private final byte[] acceptorNonce = new byte[32];

    @Benchmark
    public GroupId deriveGroupId() {
        return GroupId.derive(key, config.digest(), machine, sync, validators);
    }

    /** The HMAC-SHA-256 each side of a bond computes to prove it knows the group secret. */
    @Benchmark
    public Digest bondProof() {
        return BondProof.of(key, BondProof.Role.INITIATOR, group, network, initiator, acceptor, initiatorNonce,
                acceptorNonce);
    }
}
