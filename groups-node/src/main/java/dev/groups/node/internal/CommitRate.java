package dev.groups.node.internal;

import java.util.ArrayDeque;

/**
 * The recent commit rate of one group: samples of the committed index, kept for a window, and the
 * rate between the oldest and the newest. Thread-safe (sampled by the node's timer, read by status).
 */
public final class CommitRate {
    private final long windowNanos;
    private final ArrayDeque<long[]> samples = new ArrayDeque<>(); // {nanoTime, committed}

    public CommitRate(long windowMillis) {
        this.windowNanos = windowMillis * 1_000_000;
    }

    public synchronized void sample(long nanoTime, long committed) {
        samples.addLast(new long[] {nanoTime, committed});
        while (samples.size() > 2 && nanoTime - samples.peekFirst()[0] > windowNanos) {
            samples.removeFirst();
        }
    }

    /** Commits per second over the window; 0 without two samples. A reverted index counts as none. */
    public synchronized double perSecond() {
        if (samples.size() < 2) {
            return 0;
        }
        long[] first = samples.peekFirst();
        long[] last = samples.peekLast();
        long dt = last[0] - first[0];
        return dt <= 0 ? 0 : Math.max(0, last[1] - first[1]) * 1e9 / dt;
    }

    /** The span the rate covers, in seconds. */
    public synchronized double windowSeconds() {
        return samples.size() < 2 ? 0 : (samples.peekLast()[0] - samples.peekFirst()[0]) / 1e9;
    }
}
