package dev.groups.bench.peers;

import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The closed-loop load every implementation of the comparison runs: {@code outstanding} clients, each
 * with one command in flight at a time, a new command (a fresh array of {@code payload} bytes copied
 * from a random pool at a random offset, its first 8 bytes a sequence number) sent as soon as the
 * previous one completes. Warm-up first (nothing recorded), then a measured window:
 * a command counts when it completes inside the window, and its latency (submit to completion, from
 * per-command timestamps) is recorded when it was also submitted inside the window.
 *
 * <p>Completions run on whatever thread the implementation completes its future on, and the next
 * command is submitted from there, as an application would.
 */
public final class ClosedLoop {
    /** Submits one command; the future completes when the command is committed and applied. */
    public interface Submitter {
        CompletableFuture<?> submit(byte[] command);
    }

    /** What a run measured. */
    public record Result(long commits, double seconds, long errors, long p50, long p99, long p999) {
        public double opsPerSec() {
            return commits / seconds;
        }
    }

    private final int outstanding;
    private final int payload;
    private final Submitter submitter;
    /** Random bytes commands are copied from (cheaper than generating them per command). */
    private final byte[] pool = new byte[1 << 16];
    private final LatencyHistogram histogram = new LatencyHistogram();
    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final ScheduledExecutorService retry = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "closed-loop-retry");
        t.setDaemon(true);
        return t;
    });
    private volatile long measureFrom = Long.MAX_VALUE;
    private volatile long measureTo = Long.MAX_VALUE;
    private volatile boolean stopping;
    private CountDownLatch drained;

    public ClosedLoop(int outstanding, int payload, Submitter submitter) {
        this.outstanding = outstanding;
        this.payload = payload;
        this.submitter = submitter;
        new SplittableRandom(42).nextBytes(pool);
    }

    /** Runs warm-up then measurement, and waits (a little) for the commands still in flight. */
    public Result run(double warmupSeconds, double seconds) throws InterruptedException {
        drained = new CountDownLatch(outstanding);
        long start = System.nanoTime();
        measureFrom = start + (long) (warmupSeconds * 1e9);
        measureTo = measureFrom + (long) (seconds * 1e9);
        for (int i = 0; i < outstanding; i++) {
            new Client(i).next();
        }
        long sleep = measureTo - System.nanoTime();
        if (sleep > 0) {
            TimeUnit.NANOSECONDS.sleep(sleep);
        }
        stopping = true;
        if (!drained.await(10, TimeUnit.SECONDS)) {
            System.err.println("closed loop: " + drained.getCount() + " commands still in flight after 10 s");
        }
        retry.shutdownNow();
        return new Result(commits.get(), seconds, errors.get(), histogram.percentile(0.50),
                histogram.percentile(0.99), histogram.percentile(0.999));
    }

    private final class Client {
        private final SplittableRandom random;
        private long seq;

        Client(int id) {
            random = new SplittableRandom(id * 7919L + 1);
        }

        void next() {
            if (stopping) {
                drained.countDown();
                return;
            }
            byte[] command = new byte[payload];
            int from = random.nextInt(pool.length);
            int first = Math.min(payload, pool.length - from);
            System.arraycopy(pool, from, command, 0, first);
            for (int at = first; at < payload; at += pool.length) {
                System.arraycopy(pool, 0, command, at, Math.min(pool.length, payload - at));
            }
            long n = seq++;
            for (int i = 0; i < Math.min(8, command.length); i++) {
                command[i] = (byte) (n >>> (8 * i));
            }
            long sent = System.nanoTime();
            CompletableFuture<?> f;
            try {
                f = submitter.submit(command);
            } catch (RuntimeException e) {
                f = CompletableFuture.failedFuture(e);
            }
            f.whenComplete((ok, err) -> done(sent, err));
        }

        private void done(long sent, Throwable err) {
            long now = System.nanoTime();
            if (err != null) {
                if (errors.incrementAndGet() <= 5) {
                    System.err.println("command failed: " + err);
                }
                // not from the completing thread: a failing implementation must not recurse here
                retry.schedule(this::next, 1, TimeUnit.MILLISECONDS);
                return;
            }
            if (now >= measureFrom && now <= measureTo) {
                commits.incrementAndGet();
                if (sent >= measureFrom) {
                    histogram.record((now - sent) / 1_000);
                }
            }
            next();
        }
    }

    /** Prints the one line bin/bench-compare parses; {@code settings} is {@code k=v;k=v}. */
    public static void printResult(String impl, BenchArgs a, Result r, String settings) {
        System.out.println(String.format(Locale.ROOT,
                "RESULT impl=%s nodes=%d payload=%d outstanding=%d log=%s seconds=%s commits=%d ops_per_sec=%.1f "
                        + "p50_us=%d p99_us=%d p999_us=%d settings=\"%s\"",
                impl, a.nodes, a.payload, a.outstanding, a.log, trim(a.seconds), r.commits(), r.opsPerSec(),
                r.p50(), r.p99(), r.p999(), settings.replace('"', '\'')));
        if (r.errors() > 0) {
            System.err.println("NOTE impl=" + impl + " errors=" + r.errors());
        }
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
