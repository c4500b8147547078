package dev.groups.node.demo;

import dev.groups.node.ConfigException;
import dev.groups.node.internal.AdminClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Clients of the demo: threads that execute batches of {@code put k-N v-N} through one node's admin
 * endpoint (a follower forwards them to the leader), until a number of commands is committed or
 * {@link #stop()}. A failed batch (no leader during an election) is retried after a short pause.
 */
final class Load {
    private final AdminClient client;
    private final int batch;
    private final long limit;
    private final AtomicLong keys;
    private final AtomicLong committed = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    /** Batches sent at or after this time count for {@link #firstCommitAfterMark()}. */
    private volatile long markNanos = Long.MAX_VALUE;
    private final AtomicLong firstAfterMark = new AtomicLong(Long.MAX_VALUE);
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stopped;

    /**
     * @param limit commands to commit before the load ends by itself ({@code Long.MAX_VALUE}: until stopped)
     * @param keys  the shared key counter, so every command of the demo writes a new key
     */
    Load(Path target, int batch, int senders, long limit, AtomicLong keys) {
        this.client = new AdminClient(target, Duration.ofSeconds(12));
        this.batch = batch;
        this.limit = limit;
        this.keys = keys;
        for (int i = 0; i < senders; i++) {
            Thread t = new Thread(this::send, "demo-client-" + i);
            t.setDaemon(true);
            threads.add(t);
        }
    }

    Load start() {
        threads.forEach(Thread::start);
        return this;
    }

    /** From now on, note when the first batch sent after this moment is committed. */
    void mark(long nanos) {
        markNanos = nanos;
    }

    long committed() {
        return committed.get();
    }

    long failures() {
        return failures.get();
    }

    /** When a batch sent after the {@link #mark} was first committed ({@code Long.MAX_VALUE}: not yet). */
    long firstCommitAfterMark() {
        return firstAfterMark.get();
    }

    boolean isDone() {
        return committed.get() >= limit;
    }

    void stop() {
        stopped = true;
        for (Thread t : threads) {
            try {
                t.join(15_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void send() {
        List<String> commands = null;
        while (!stopped) {
            if (commands == null) {
                long room = limit - committed.get();
                if (room <= 0) {
                    return;
                }
                int n = (int) Math.min(batch, room);
                long first = keys.getAndAdd(n);
                commands = new ArrayList<>(n);
                for (long k = first; k < first + n; k++) {
                    commands.add("put k-" + k + " v-" + k);
                }
            }
            long sentAt = System.nanoTime();
            try {
                client.execute(DemoNodes.GROUP, commands);
                committed.addAndGet(commands.size());
                if (sentAt >= markNanos) {
                    firstAfterMark.accumulateAndGet(System.nanoTime(), Math::min);
                }
                commands = null;
            } catch (ConfigException e) { // refused (no leader yet), or the node is down: try again
                failures.incrementAndGet();
                pause();
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
