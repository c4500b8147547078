package dev.groups.raft;

import java.lang.System.Logger.Level;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads every group of one {@link Network} runs on: a fixed pool of workers and one timer
 * thread. Each group is an actor: it owns a {@link Mailbox}, and a worker drains one mailbox at a time,
 * so a group's tasks run one after another, in the order they were submitted, never on two threads at
 * once, and with a happens-before edge from one task to the next (the mailbox's queue and flag). A
 * thousand idle groups therefore cost no thread and no wake-up of their own.
 *
 * <p>Deadlines go to the shared {@link ScheduledExecutorService} (one thread, a binary heap: O(log n)
 * per arm or cancel, fine for tens of thousands of groups because a group re-arms only when its
 * deadline moves earlier), whose task merely posts to the group's mailbox. A hashed wheel would make
 * arming O(1) but ticks on its own even when nothing is due; with quiescent groups holding no timer
 * at all, the heap is small and the timer thread sleeps.
 *
 * <p>Proposals from many callers reach a group through its mailbox, a lock-free multi-producer queue
 * ({@link ConcurrentLinkedQueue}); the group drains them and pumps once for all of them (one flush, one
 * round of messages). JCTools' MPSC array queue would save a node allocation per task, but
 * {@code groups-raft} depends on {@code groups-api} alone, and a task already allocates more than that.
 *
 * <p>Tasks may block only briefly (a log flush, a state machine's apply): a worker blocked is a worker
 * every other group waits for. Code continuing a group's futures runs on these workers too unless it
 * uses an async stage with its own executor.
 */
final class Workers {
    private static final System.Logger LOG = System.getLogger(Workers.class.getName());
    /** Tasks one mailbox runs before its worker moves on (fairness between busy groups). */
    private static final int BATCH = 256;

    private final ThreadPoolExecutor pool;
    private final ScheduledExecutorService timer;

    Workers(int threads, String suffix, ScheduledExecutorService timer) {
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "groups-worker-" + n.incrementAndGet() + "@" + suffix);
            t.setDaemon(true);
            return t;
        });
        this.timer = timer;
    }

    /** Default size: the number of cores, at least two (one may be in a log flush). */
    static int defaultThreads() {
        return Math.max(2, Runtime.getRuntime().availableProcessors());
    }

    int threads() {
        return pool.getCorePoolSize();
    }

    Mailbox mailbox() {
        return new Mailbox();
    }

    /** Lets running mailboxes finish their batch; later submissions are dropped. */
    void shutdown() {
        pool.shutdown();
    }

    /** One actor's queue of tasks. Thread-safe. */
    final class Mailbox implements Runnable {
        private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
        /** True while the mailbox is queued on the pool or being drained by a worker. */
        private final AtomicBoolean scheduled = new AtomicBoolean();
        private volatile boolean closed;

        /**
         * Queues {@code task} behind the ones already queued; never blocks.
         *
         * @throws RejectedExecutionException the mailbox was closed (the group stopped) or the pool shut down
         */
        void execute(Runnable task) {
            if (closed) {
                throw new RejectedExecutionException("closed");
            }
            tasks.add(task);
            schedule();
        }

        /**
         * Posts {@code task} to this mailbox after {@code delayMillis}; the returned future cancels it.
         * Null when the node's timer has shut down (the node is closing: nothing is due any more).
         */
        ScheduledFuture<?> schedule(Runnable task, long delayMillis) {
            try {
                return timer.schedule(() -> {
                    try {
                        execute(task);
                    } catch (RejectedExecutionException e) {
                        // stopped meanwhile
                    }
                }, delayMillis, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                return null;
            }
        }

        /** New tasks are refused; those already queued still run (as an executor's {@code shutdown}). */
        void close() {
            closed = true;
        }

        private void schedule() {
            if (scheduled.compareAndSet(false, true)) {
                try {
                    pool.execute(this);
                } catch (RejectedExecutionException e) {
                    scheduled.set(false);
                    throw e;
                }
            }
        }

        @Override
        public void run() {
            for (int i = 0; i < BATCH; i++) {
                Runnable task = tasks.poll();
                if (task == null) {
                    break;
                }
                try {
                    task.run();
                } catch (RuntimeException | Error e) { // the group's own wrapper handles its failures
                    LOG.log(Level.ERROR, "a group task failed", e);
                }
            }
            scheduled.set(false);
            // A task added after our last poll saw scheduled == true and did not submit: do it for it.
            if (!tasks.isEmpty()) {
                try {
                    schedule();
                } catch (RejectedExecutionException e) {
                    // the pool shut down: the node is closing
                }
            }
        }
    }
}
