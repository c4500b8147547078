package dev.groups.benchmarks.core;

import dev.groups.benchmarks.cluster.BenchCounter;
import dev.groups.id.UniqueId;
import dev.groups.machine.ApplyContext;
import dev.groups.machine.Codec;
import dev.groups.machine.Codecs;
import dev.groups.machine.StateMachine;
import dev.groups.machine.Unit;
import dev.groups.sync.LogReplaySync;
import dev.groups.sync.StateSync;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * Applying a committed batch of {@code batch} commands of {@code payloadBytes} each to a state machine
 * (what the runtime does once per commit advance): the harness's counter, and a key-value machine
 * that stores each command under its first 8 bytes (a map put, the shape of a real machine). Settings
 * suit a 2-core machine: one thread, 5 × 1 s iterations.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar ApplyBatchBenchmark}
 */
@State(Scope.Thread)
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
public class ApplyBatchBenchmark {
    @Param({"1", "64"})
    int batch;

    @Param({"256", "4096"})
    int payloadBytes;

    private final BenchCounter counter = new BenchCounter();
    private final KeyValue kv = new KeyValue();
    private List<byte[]> commands;

    /** Stores each command under its first 8 bytes; 4,096 distinct keys. */
    static final class KeyValue implements StateMachine<byte[], Unit, Long> {
        final Map<Long, byte[]> map = new HashMap<>();

        @Override
        public UniqueId signature() {
            return UniqueId.of("bench.kv.v1");
        }

        @Override
        public void apply(byte[] command, ApplyContext ctx) {
            map.put(ByteBuffer.wrap(command).getLong(0), command);
        }

        @Override
        public Long query(Unit query) {
            return (long) map.size();
        }

        @Override
        public void reset() {
            map.clear();
        }

        @Override
        public StateSync<byte[], ?> stateSync() {
            return new LogReplaySync<>();
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

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(5);
        commands = new ArrayList<>(batch);
        for (int i = 0; i < batch; i++) {
            byte[] c = new byte[payloadBytes];
            random.nextBytes(c);
            ByteBuffer.wrap(c).putLong(0, random.nextInt(4096));
            commands.add(c);
        }
    }

    @Benchmark
    public Long counter() {
        counter.applyBatch(commands, null);
        return counter.query(Unit.INSTANCE);
    }

    @Benchmark
    public Long keyValue() {
        kv.applyBatch(commands, null);
        return kv.query(Unit.INSTANCE);
    }
}
