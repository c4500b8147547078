package dev.groups.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WorkersTest {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final Workers workers = new Workers(4, "test", timer);

    @AfterEach
    void stop() {
        workers.shutdown();
        timer.shutdownNow();
    }

    /** An actor's tasks: never two at once, each producer's in its order, all of them run. */
    @Test
    void mailboxRunsEachActorsTasksOneAtATimeInSubmissionOrder() throws Exception {
        int actors = 8;
        int producers = 4;
        int perProducer = 5_000;
        List<Workers.Mailbox> boxes = new ArrayList<>();
        List<AtomicBoolean> running = new ArrayList<>();
        int[][] lastSeen = new int[actors][producers]; // written only by the actor's own tasks
        boolean[] overlapped = new boolean[actors];
        boolean[] reordered = new boolean[actors];
        for (int a = 0; a < actors; a++) {
            boxes.add(workers.mailbox());
            running.add(new AtomicBoolean());
            java.util.Arrays.fill(lastSeen[a], -1);
        }
        CountDownLatch done = new CountDownLatch(actors * producers * perProducer);
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int producer = p;
            Thread t = new Thread(() -> {
                for (int i = 0; i < perProducer; i++) {
                    for (int a = 0; a < actors; a++) {
                        int actor = a;
                        int seq = i;
                        boxes.get(a).execute(() -> {
                            if (!running.get(actor).compareAndSet(false, true)) {
                                overlapped[actor] = true;
                            }
                            if (lastSeen[actor][producer] != seq - 1) {
                                reordered[actor] = true;
                            }
                            lastSeen[actor][producer] = seq;
                            running.get(actor).set(false);
                            done.countDown();
                        });
                    }
                }
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertTrue(done.await(60, TimeUnit.SECONDS), "every task ran");
        CompletableFuture<Void> barrier = new CompletableFuture<>();
        boxes.get(0).execute(() -> barrier.complete(null)); // publishes the arrays' last writes
        barrier.get(10, TimeUnit.SECONDS);
        for (int a = 0; a < actors; a++) {
            assertFalse(overlapped[a], "actor " + a + " ran two tasks at once");
            assertFalse(reordered[a], "actor " + a + " ran a producer's tasks out of order");
            for (int p = 0; p < producers; p++) {
                assertEquals(perProducer - 1, lastSeen[a][p]);
            }
        }
    }

    @Test
    void closedMailboxRefusesNewTasksButRunsQueuedOnes() throws Exception {
        Workers.Mailbox box = workers.mailbox();
        CountDownLatch gate = new CountDownLatch(1);
        CompletableFuture<String> queued = new CompletableFuture<>();
        box.execute(() -> {
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        box.execute(() -> queued.complete("ran"));
        box.close();
        assertThrows(RejectedExecutionException.class, () -> box.execute(() -> { }));
        gate.countDown();
        assertEquals("ran", queued.get(10, TimeUnit.SECONDS));
    }

    @Test
    void scheduledTaskIsPostedToTheMailbox() throws Exception {
        Workers.Mailbox box = workers.mailbox();
        CompletableFuture<String> fired = new CompletableFuture<>();
        box.schedule(() -> fired.complete(Thread.currentThread().getName()), 1);
        assertTrue(fired.get(10, TimeUnit.SECONDS).startsWith("groups-worker-"), "runs on a worker, not the timer");
    }
}
