package dev.groups.storage.chronicle.internal;

import dev.groups.id.GroupId;
import dev.groups.log.Index;
import dev.groups.log.LogEntry;
import dev.groups.machine.Codecs;
import dev.groups.storage.StorageException;
import dev.groups.storage.chronicle.ChronicleLogStore;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The crash test: rounds of start a {@link CrashChild} on one directory, kill it with
 * {@code destroyForcibly()} (SIGKILL) at a random moment, reopen the store here and check it: every
 * entry the child reported durable is present and intact, every entry found is one the child wrote,
 * and appending resumes. The next round's child continues the same log.
 *
 * <p>Usage: {@code CrashDriver [--rounds N] [--batch K] [--seed S] [--dir D]} (needs Chronicle's JVM
 * flags). The last line printed is {@code crash test: N rounds, L durable entries lost, C corrupt entries};
 * the exit status is 1 when L or C is not 0.
 */
public final class CrashDriver {
    static final GroupId GROUP = GroupId.fromHex("c4a5".repeat(16));

    /** The totals over all rounds; {@code durable} is the highest index any child reported durable. */
    public record Result(int rounds, long lost, long corrupt, long durable) {
        public String summary() {
            return "crash test: " + rounds + " rounds, " + lost + " durable entries lost, " + corrupt + " corrupt entries";
        }
    }

    private final Path dir;
    private final int batch;
    private final Random random;
    private final PrintStream out;

    public CrashDriver(Path dir, int batch, long seed, PrintStream out) {
        this.dir = dir;
        this.batch = batch;
        this.random = new Random(seed);
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        int rounds = 3;
        int batch = 64;
        long seed = System.nanoTime();
        Path dir = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--batch" -> batch = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--dir" -> dir = Path.of(args[++i]);
                default -> {
                    System.err.println("usage: CrashDriver [--rounds N] [--batch K] [--seed S] [--dir D]");
                    System.exit(2);
                }
            }
        }
        boolean temporary = dir == null;
        Path where = temporary ? Files.createTempDirectory("crash-test") : dir;
        System.out.println("crash test in " + where + ", batch " + batch + ", seed " + seed);
        Result result;
        try {
            result = new CrashDriver(where, batch, seed, System.out).run(rounds);
        } finally {
            if (temporary) {
                deleteTree(where);
            }
        }
        System.out.println(result.summary());
        System.exit(result.lost() == 0 && result.corrupt() == 0 ? 0 : 1);
    }

    /**
     * Runs {@code rounds} kill-and-check rounds on the directory. A round whose log cannot be reopened
     * counts everything reported so far as lost and ends the test.
     */
    public Result run(int rounds) throws IOException, InterruptedException {
        long lost = 0;
        long corrupt = 0;
        long durable = 0;
        long floor = 0; // what the previous round's check appended and flushed
        int round = 0;
        while (round < rounds) {
            round++;
            long reported = Math.max(floor, killChildAtRandom(round));
            durable = Math.max(durable, reported);
            long[] check = checkAndResume(reported);
            lost += check[0];
            corrupt += check[1];
            floor = check[2] + 1;
            out.printf("round %d: child reported %d durable, log ends at %d: %d lost, %d corrupt%n",
                    round, reported, check[2], check[0], check[1]);
            if (check[2] < 0) {
                break;
            }
        }
        return new Result(round, lost, corrupt, durable);
    }

    /**
     * Starts a child, kills it at a random moment and returns the highest index it reported durable
     * (or -1). Its stdout goes to a file, read again after its death: a pipe can lose the last lines
     * when the JDK drains it on process exit while it is being read.
     */
    private long killChildAtRandom(int round) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ChronicleJvm.FLAGS);
        command.addAll(List.of("-Xmx256m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                CrashChild.class.getName(), dir.toString(), GROUP.toString(), Integer.toString(batch)));
        Path output = Files.createTempFile("crash-child", ".out");
        Path errors = Files.createTempFile("crash-child", ".err");
        Process child = new ProcessBuilder(command).redirectOutput(output.toFile()).redirectError(errors.toFile()).start();
        try {
            // Mostly kill while it appends; one round in five at a random point of its start-up instead.
            boolean early = round > 1 && random.nextInt(5) == 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            long[] reports = reports(output);
            while (!early && reports[1] <= reports[0] && child.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(5);
                reports = reports(output);
            }
            if (!child.isAlive() || (!early && reports[1] <= reports[0])) {
                throw new IllegalStateException("crash child did not start appending (exit "
                        + (child.isAlive() ? "none" : child.exitValue()) + "): " + Files.readString(errors));
            }
            Thread.sleep(early ? random.nextInt(400) : random.nextInt(500));
        } finally {
            child.destroyForcibly();
            child.waitFor();
        }
        long reported = reports(output)[1];
        Files.deleteIfExists(output);
        Files.deleteIfExists(errors);
        return reported;
    }

    /** {ready index, last reported durable index} from the child's output so far (-1 when absent). */
    private static long[] reports(Path output) throws IOException {
        String text = Files.readString(output, StandardCharsets.UTF_8);
        long ready = -1;
        long reported = -1;
        int end = text.lastIndexOf('\n'); // a line cut by the kill is not a report
        for (String line : text.substring(0, end + 1).split("\n")) {
            if (line.startsWith("durable ")) {
                reported = Long.parseLong(line.substring(8));
            } else if (line.startsWith("ready ")) {
                ready = Long.parseLong(line.substring(6));
                reported = ready;
            }
        }
        return new long[] {ready, reported};
    }

    /**
     * Reopens the store, checks every entry and appends one more. Returns {lost, corrupt, last index}.
     */
    private long[] checkAndResume(long reported) {
        ChronicleLogStore<byte[]> store;
        try {
            store = ChronicleLogStore.open(dir, GROUP, Codecs.bytes());
        } catch (StorageException e) {
            out.println("reopening failed: " + e.getMessage());
            return new long[] {reported, 1, -1};
        }
        try {
            long last = store.last().index().value();
            long lost = Math.max(0, reported - last);
            long corrupt = store.available().start().isZero() ? 0 : 1;
            // past its last report a child can have flushed one more batch (killed before printing it)
            // and appended the next; anything beyond that was never written
            if (last > reported + 2L * batch) {
                corrupt += last - (reported + 2L * batch);
            }
            for (long i = 1; i <= last; i++) {
                if (!intact(store.get(Index.of(i)), i)) {
                    corrupt++;
                }
            }
            long next = last + 1;
            if (store.append(CrashChild.payload(next), CrashChild.term(next)).value() != next) {
                corrupt++;
            }
            store.flush();
            return new long[] {lost, corrupt, last};
        } catch (StorageException e) {
            out.println("reading failed: " + e.getMessage());
            return new long[] {reported, 1, -1};
        } finally {
            store.close();
        }
    }

    private static boolean intact(Optional<LogEntry<byte[]>> entry, long index) {
        return entry.isPresent() && entry.get().term().equals(CrashChild.term(index))
                && Arrays.equals(entry.get().command(), CrashChild.payload(index));
    }

    static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
