package dev.groups.benchmarks.wire;

import dev.groups.id.Digest;
import dev.groups.id.PeerId;
import dev.groups.log.Cursor;
import dev.groups.log.Index;
import dev.groups.log.LogEntry;
import dev.groups.log.LogPayload;
import dev.groups.log.Term;
import dev.groups.machine.Codecs;
import dev.groups.machine.Unit;
import dev.groups.raft.core.RaftMessage;
import dev.groups.raft.wire.RaftCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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
 * The Raft wire codec on the replication hot path: encoding and decoding an AppendEntries of
 * {@code entries} tagged commands of {@code payloadBytes} raw bytes each. Settings suit a 2-core
 * machine: one thread, 5 × 1 s iterations.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar RaftCodecBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {
        "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
        "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
        "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
        "-Dchronicle.analytics.disable=true",
        "-Dchronicle.announcer.disable=true"})
public class RaftCodecBenchmark {
    @Param({"1", "64", "512"})
    int entries;

    @Param({"256", "4096"})
    int payloadBytes;

    private final RaftCodec<byte[], Unit, Unit> codec = new RaftCodec<>(Codecs.bytes(), Codecs.unit(), Codecs.unit());
    private RaftMessage<byte[], Unit, Unit> message;
    private byte[] encoded;

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(42);
        PeerId leader = PeerId.fromBytes(Digest.fromLong(1).toBytes());
        Cursor prev = Cursor.of(7, 1_000_000);
        List<LogEntry<LogPayload<byte[]>>> list = new ArrayList<>(entries);
        for (int i = 0; i < entries; i++) {
            byte[] command = new byte[payloadBytes];
            for (int j = 0; j < command.length; j++) {
                command[j] = (byte) random.nextInt(256);
            }
            LogPayload<byte[]> payload = new LogPayload.Command<>(command, 0x1234_5678_9ABCL, 10_000 + i);
            list.add(new LogEntry<>(prev.index().plus(i + 1L), Term.of(8), payload));
        }
        message = new RaftMessage.AppendEntries<>(Term.of(8), leader, prev, leader, list,
                Index.of(999_990), 123_456, false);
        encoded = codec.encode(message);
    }

    @Benchmark
    public byte[] encode() {
        return codec.encode(message);
    }

    @Benchmark
    public RaftMessage<byte[], Unit, Unit> decode() {
        return codec.decode(encoded);
    }
}
