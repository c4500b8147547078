package dev.groups.testkit.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.groups.transport.ChannelListener;
import dev.groups.transport.CloseReason;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A listener that records what a channel delivers, for tests. Waiting methods time out after
 * {@link TransportContract#TIMEOUT} only so that a broken transport fails instead of hanging.
 */
public class Recorder implements ChannelListener {
    /** How one channel ended, and how many frames had arrived by then. */
    public record Closed(CloseReason reason, boolean byRemote, int framesBefore, String thread) {}

    private final List<byte[]> frames = new ArrayList<>(); // guarded by this
    private final Semaphore arrived = new Semaphore(0);
    private final AtomicInteger closeCalls = new AtomicInteger();
    private final AtomicInteger framesAfterClose = new AtomicInteger();
    public final CompletableFuture<Closed> closed = new CompletableFuture<>();

    public static byte[] frame(int value) {
        return ByteBuffer.allocate(4).putInt(value).array();
    }

    public static int value(byte[] frame) {
        return ByteBuffer.wrap(frame).getInt();
    }

    @Override
    public void onFrame(byte[] frame) {
        if (closed.isDone()) {
            framesAfterClose.incrementAndGet();
        }
        synchronized (this) {
            frames.add(frame);
        }
        arrived.release();
    }

    @Override
    public void onClosed(CloseReason reason, boolean byRemote) {
        closeCalls.incrementAndGet();
        int before;
        synchronized (this) {
            before = frames.size();
        }
        closed.complete(new Closed(reason, byRemote, before, Thread.currentThread().getName()));
    }

    /** Waits until {@code count} frames (in total) have arrived; returns them all. */
    public List<byte[]> awaitFrames(int count) throws InterruptedException {
        assertTrue(arrived.tryAcquire(count, TransportContract.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS),
                "timed out waiting for " + count + " frames, got " + arrived.availablePermits());
        arrived.release(count);
        return frames();
    }

    /** Waits for the next frame after the {@code seen} already arrived and returns it. */
    public byte[] awaitFrame(int seen) throws InterruptedException {
        return awaitFrames(seen + 1).get(seen);
    }

    public synchronized List<byte[]> frames() {
        return List.copyOf(frames);
    }

    public List<Integer> values() {
        return frames().stream().map(Recorder::value).toList();
    }

    public Closed awaitClosed() {
        return TransportContract.await(closed);
    }

    /** Waits for the end and checks reason, side, exactly one call and nothing after it. */
    public Closed assertClosed(CloseReason reason, boolean byRemote) {
        Closed c = awaitClosed();
        assertEquals(reason, c.reason(), "close reason");
        assertEquals(byRemote, c.byRemote(), "byRemote");
        assertEquals(1, closeCalls.get(), "onClosed calls");
        assertEquals(0, framesAfterClose.get(), "frames after onClosed");
        return c;
    }

    public int closeCalls() {
        return closeCalls.get();
    }

    public int framesAfterClose() {
        return framesAfterClose.get();
    }
}
