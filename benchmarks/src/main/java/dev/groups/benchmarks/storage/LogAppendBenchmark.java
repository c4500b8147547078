package dev.groups.benchmarks.storage;

import dev.groups.id.GroupId;
import dev.groups.log.Index;
import dev.groups.log.LogEntry;
import dev.groups.log.Term;
import dev.groups.machine.Codecs;
import dev.groups.storage.InMemoryLogStore;
import dev.groups.storage.Storage;
import dev.groups.storage.chronicle.ChronicleLogStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The durable log: appends of 256-byte and 4 KiB entries into the Chronicle store with a flush (one fsync)
 * every {@code batch} entries, i.e. group commit, against {@link InMemoryLogStore}; and the latency of
 * a random {@code get} among 100,000 entries. Each append iteration starts from a new, empty store.
 * Settings suit a 2-core machine: one thread, 5 × 1 s iterations.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar LogAppendBenchmark}
 */
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {
        "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
        "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
        "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
        "-Dchronicle.analytics.disable=true",
        "-Dchronicle.announcer.disable=true"})
public class LogAppendBenchmark {
    static final GroupId GROUP = GroupId.fromHex("be".repeat(32));
    static final Term TERM = Term.of(3);

    static byte[] payload(Random random) {
        return payload(random, 256);
    }

    static byte[] payload(Random random, int size) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        return bytes;
    }

    /** A Chronicle store in a temporary directory, new for every iteration, flushed every {@code batch} appends. */
    @State(Scope.Thread)
    public static class ChronicleAppend {
        @Param({"1", "64", "512"})
        int batch;

        @Param({"256", "4096"})
        int payloadBytes;

        byte[] payload;
        Path dir;
        Storage<byte[]> log;
        int unflushed;

        @Setup(Level.Iteration)
        public void open() throws IOException {
            payload = payload(new Random(1), payloadBytes);
            dir = Files.createTempDirectory("log-append-bench");
            log = ChronicleLogStore.open(dir, GROUP, Codecs.bytes());
            unflushed = 0;
        }

        @TearDown(Level.Iteration)
        public void close() throws IOException {
            log.close();
            deleteTree(dir);
        }
    }

    /** The in-memory reference store, new for every iteration (so memory stays bounded). */
    @State(Scope.Thread)
    public static class MemoryAppend {
        @Param({"256", "4096"})
        int payloadBytes;

        byte[] payload;
        Storage<byte[]> log;

        @Setup(Level.Iteration)
        public void open() {
            payload = payload(new Random(1), payloadBytes);
            log = new InMemoryLogStore<>();
        }
    }

    /** 100,000 entries of 256 bytes, and a shuffled sequence of indices to read. */
    @State(Scope.Thread)
    public static class RandomRead {
        static final int ENTRIES = 100_000;

        @Param({"chronicle", "memory"})
        String store;

        Path dir;
        Storage<byte[]> log;
        final long[] order = new long[1 << 16];
        int next;

        @Setup(Level.Trial)
        public void fill() throws IOException {
            if (store.equals("chronicle")) {
                dir = Files.createTempDirectory("log-get-bench");
                log = ChronicleLogStore.open(dir, GROUP, Codecs.bytes());
            } else {
                log = new InMemoryLogStore<>();
            }
            Random random = new Random(2);
            for (int i = 0; i < ENTRIES; i++) {
                log.append(payload(random), TERM);
            }
            log.flush();
            for (int i = 0; i < order.length; i++) {
                order[i] = 1 + random.nextInt(ENTRIES);
            }
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            log.close();
            if (dir != null) {
                deleteTree(dir);
            }
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public Index chronicleAppend(ChronicleAppend s) {
        Index index = s.log.append(s.payload, TERM);
        if (++s.unflushed == s.batch) {
            s.log.flush();
            s.unflushed = 0;
        }
        return index;
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public Index memoryAppend(MemoryAppend s) {
        return s.log.append(s.payload, TERM);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public Optional<LogEntry<byte[]>> randomGet(RandomRead s) {
        long index = s.order[s.next++ & (s.order.length - 1)];
        return s.log.get(Index.of(index));
    }

    static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
