package dev.groups.benchmarks.wire;

import dev.groups.log.LogPayload;
import dev.groups.machine.Codec;
import dev.groups.machine.Codecs;
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
 * One command through the codecs a command meets: the machine's command codec ({@code Codecs.bytes()})
 * and the log payload codec that tags it with the client session and sequence number (what a log
 * entry and an AppendEntries carry), each way. Settings suit a 2-core machine: one thread, 5 × 1 s
 * iterations.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar CommandCodecBenchmark}
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
public class CommandCodecBenchmark {
    @Param({"256", "4096"})
    int payloadBytes;

    private final Codec<byte[]> commands = Codecs.bytes();
    private final Codec<LogPayload<byte[]>> payloads = LogPayload.codec(Codecs.bytes());
    private byte[] command;
    private byte[] encodedCommand;
    private LogPayload<byte[]> payload;
    private byte[] encodedPayload;

    @Setup
    public void setUp() {
        command = new byte[payloadBytes];
        new SplittableRandom(7).nextBytes(command);
        encodedCommand = commands.encode(command);
        payload = new LogPayload.Command<>(command, 0x1234_5678_9ABCL, 42);
        encodedPayload = payloads.encode(payload);
    }

    @Benchmark
    public byte[] encodeCommand() {
        return commands.encode(command);
    }

    @Benchmark
    public byte[] decodeCommand() {
        return commands.decode(encodedCommand, 0, encodedCommand.length);
    }

    @Benchmark
    public byte[] encodeLogPayload() {
        return payloads.encode(payload);
    }

    @Benchmark
    public LogPayload<byte[]> decodeLogPayload() {
        return payloads.decode(encodedPayload, 0, encodedPayload.length);
    }
}
