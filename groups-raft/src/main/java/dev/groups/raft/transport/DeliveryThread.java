package dev.groups.raft.transport;

import java.lang.System.Logger.Level;
import java.util.ArrayDeque;

/**
 * One transport's callback thread: runs tasks one at a time, in submission order, on a single daemon
 * thread that is started on first use.
 *
 * <p>After {@link #shutdown} the thread finishes what is queued and exits. A task submitted later
 * (say, a listener started on a channel of a closed transport, which must still get its
 * {@code onClosed}) starts a fresh thread that runs it and exits again. So there is never more than
 * one thread at a time, and none once the transport is closed and its queue is empty.
 *
 * <p><b>Threading.</b> {@link #execute} and {@link #shutdown} are thread-safe and never block: they
 * only take this object's monitor for a queue operation. Tasks must not throw; anything they throw
 * anyway is logged and the thread carries on.
 */
final class DeliveryThread {
    private static final System.Logger LOG = System.getLogger(DeliveryThread.class.getName());

    private final String name;
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>(); // guarded by this
    private boolean running; // guarded by this: a thread is serving the queue
    private boolean shutdown; // guarded by this

    DeliveryThread(String name) {
        this.name = name;
    }

    void execute(Runnable task) {
        synchronized (this) {
            tasks.add(task);
            if (running) {
                notifyAll();
                return;
            }
            running = true;
        }
        Thread thread = new Thread(this::serve, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Lets the thread exit once the queue is empty. Idempotent. */
    void shutdown() {
        synchronized (this) {
            shutdown = true;
            notifyAll();
        }
    }

    private void serve() {
        while (true) {
            Runnable task;
            synchronized (this) {
                while (tasks.isEmpty()) {
                    if (shutdown) {
                        running = false;
                        return;
                    }
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        // Nothing of ours interrupts this thread; keep serving until shutdown.
                    }
                }
                task = tasks.poll();
            }
            try {
                task.run();
            } catch (Throwable e) {
                LOG.log(Level.ERROR, "a task on " + name + " threw", e);
            }
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
