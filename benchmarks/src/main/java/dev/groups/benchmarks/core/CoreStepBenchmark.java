package dev.groups.benchmarks.core;

import dev.groups.benchmarks.cluster.BenchCounter;
import dev.groups.machine.Unit;
import dev.groups.raft.core.RaftNode;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The consensus core's step on the hot path, without codec, transport or threads: a 3-node group of
 * {@link RaftNode}s wired synchronously ({@link CoreGroup}), in-memory logs, the harness's counter.
 * One operation is one replication round of {@code batch} commands of {@code payloadBytes} each: the
 * leader accepts them and emits AppendEntries, each follower appends and answers, the leader commits
 * and applies and completes the request. The {@code leaderNanos} and {@code followerNanos} counters
 * split the round's time between the leader's calls and the two followers' calls (divide by
 * {@code rounds} for per-round figures). The group is rebuilt for every iteration so logs stay small.
 * Settings suit a 2-core machine: one thread, 5 × 1 s iterations.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar CoreStepBenchmark}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {
        "-Xmx4g",
        "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
        "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
        "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
        "-Dchronicle.analytics.disable=true",
        "-Dchronicle.announcer.disable=true"})
public class CoreStepBenchmark {
    @State(Scope.Thread)
    public static class Group {
        @Param({"1", "16", "64"})
        int batch;

        @Param({"256", "4096"})
        int payloadBytes;

        CoreGroup group;
        RaftNode<byte[], Unit, Long> leader;
        int leaderIndex;
        List<byte[]> commands;
        long requestId;

        @Setup(Level.Iteration)
        public void build() {
            group = new CoreGroup(3, BenchCounter::new);
            leader = group.elect();
            leaderIndex = group.nodes.indexOf(leader);
            byte[] payload = new byte[payloadBytes];
            new SplittableRandom(3).nextBytes(payload);
            commands = new ArrayList<>(batch);
            for (int i = 0; i < batch; i++) {
                commands.add(payload); // the core never copies or mutates a command
            }
            java.util.Arrays.fill(group.busyNanos, 0);
        }
    }

    /** Where a round's time went, per iteration. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Split {
        public long leaderNanos;
        public long followerNanos;
        public long rounds;

        @Setup(Level.Iteration)
        public void reset() {
            leaderNanos = 0;
            followerNanos = 0;
            rounds = 0;
        }
    }

    @Benchmark
    public int replicationRound(Group g, Split split) {
        long[] busy = g.group.busyNanos;
        long before = busy[0] + busy[1] + busy[2];
        long leaderBefore = busy[g.leaderIndex];
        long t0 = System.nanoTime();
        g.leader.propose(++g.requestId, g.commands, true, g.group.now);
        busy[g.leaderIndex] += System.nanoTime() - t0;
        int delivered = g.group.pump();
        long leaderSpent = busy[g.leaderIndex] - leaderBefore;
        split.leaderNanos += leaderSpent;
        split.followerNanos += busy[0] + busy[1] + busy[2] - before - leaderSpent;
        split.rounds++;
        return delivered;
    }
}
