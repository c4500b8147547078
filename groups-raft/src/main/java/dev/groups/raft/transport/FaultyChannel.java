package dev.groups.raft.transport;

import dev.groups.id.PeerId;
import dev.groups.transport.Channel;
import dev.groups.transport.ChannelListener;
import dev.groups.transport.CloseReason;
import dev.groups.transport.Endpoint;
import java.lang.System.Logger.Level;
import java.util.Comparator;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.RejectedExecutionException;

/**
 * A channel of a {@link FaultyTransport}: applies its {@link Faults} to the frames sent through an
 * inner channel, and filters what the inner channel delivers.
 *
 * <p><b>Outbound.</b> Frames held back by a delay wait in {@code pending}, ordered by due time and
 * then by sending order. Without reordering each due time is at least the previous one, so frames
 * leave in the order they were sent. A frame sent while others wait queues behind them even if it
 * has no delay of its own. {@code close} is passed to the inner channel only once nothing waits, so
 * the inner channel flushes what came before it.
 *
 * <p><b>Threading.</b> {@code send}, {@code close} and {@code isOpen} never block: they take a short
 * private lock, which also keeps frames in order on their way into the inner channel. The delay
 * scheduler's one thread releases due frames. Listener callbacks run on the inner transport's thread,
 * never under that lock. A listener that throws is logged, gets no further frames, and the channel
 * is closed with {@link CloseReason#PROTOCOL_VIOLATION}.
 */
final class FaultyChannel implements Channel {
    private static final System.Logger LOG = System.getLogger(FaultyChannel.class.getName());
    /** By due time (nanoTime values: compared by difference), then by sending order. */
    private static final Comparator<Held> DUE_ORDER = (a, b) -> {
        int byDue = Long.signum(a.due - b.due);
        return byDue != 0 ? byDue : Long.compare(a.seq, b.seq);
    };

    private record Held(long due, long seq, byte[] frame) {}

    private final Channel inner;
    private final FaultyTransport transport;
    private final Faults faults;
    private final Object lock = new Object();
    private final PriorityQueue<Held> pending = new PriorityQueue<>(DUE_ORDER); // guarded by lock
    private long nextSeq; // guarded by lock
    private long lastDue; // guarded by lock: the latest due time in pending
    private boolean innerClosed; // guarded by lock: inner.close has been called
    private volatile CloseReason closing; // the close asked for; no frame is accepted after it
    private volatile boolean severed; // our sever closed the inner channel: report the link as lost

    FaultyChannel(Channel inner, FaultyTransport transport) {
        this.inner = inner;
        this.transport = transport;
        this.faults = transport.faults();
    }

    @Override
    public PeerId remotePeer() {
        return inner.remotePeer();
    }

    @Override
    public Endpoint remoteEndpoint() {
        return inner.remoteEndpoint();
    }

    @Override
    public void start(ChannelListener listener) {
        inner.start(new Inbound(Objects.requireNonNull(listener, "listener")));
    }

    /** {@inheritDoc} A frame dropped by a fault counts as sent: this returns true. */
    @Override
    public boolean send(byte[] frame) {
        Objects.requireNonNull(frame, "frame");
        if (frame.length > transport.maxFrameLength()) {
            throw new IllegalArgumentException("frame of " + frame.length + " bytes exceeds the maximum frame length of "
                    + transport.maxFrameLength() + " bytes");
        }
        synchronized (lock) {
            if (closing != null || !inner.isOpen()) {
                return false;
            }
            if (faults.isPartitioned(remotePeer()) || faults.drops()) {
                return true;
            }
            long delay = faults.nextDelayNanos();
            if (delay == 0 && pending.isEmpty()) {
                return inner.send(frame);
            }
            long now = System.nanoTime();
            long due = now + delay;
            if (!pending.isEmpty()) {
                if (!faults.reorders() && due - lastDue < 0) {
                    due = lastDue;
                }
                if (due - lastDue > 0) {
                    lastDue = due;
                }
            } else {
                lastDue = due;
            }
            Held held = new Held(due, nextSeq++, frame);
            pending.add(held);
            try {
                transport.schedule(this::releaseDue, due - now);
            } catch (RejectedExecutionException e) {
                pending.remove(held); // the transport closed under us
                return false;
            }
            return true;
        }
    }

    @Override
    public void close(CloseReason reason) {
        Objects.requireNonNull(reason, "reason");
        synchronized (lock) {
            if (closing != null) {
                return;
            }
            closing = reason;
            closeInnerIfFlushed();
        }
    }

    @Override
    public boolean isOpen() {
        return closing == null && inner.isOpen();
    }

    /** Closes at once, flushing held frames without waiting for their delay (the transport is closing). */
    void closeNow(CloseReason reason) {
        synchronized (lock) {
            if (closing == null) {
                closing = reason;
            }
            while (!pending.isEmpty()) {
                forward(pending.poll().frame());
            }
            closeInnerIfFlushed();
        }
    }

    /** Loses the link: held frames are discarded and both ends see {@code UNEXPECTED_CLOSE}, byRemote. */
    boolean sever() {
        synchronized (lock) {
            pending.clear();
            if (closing == null) {
                closing = CloseReason.UNEXPECTED_CLOSE;
            }
            if (innerClosed) {
                return false;
            }
            innerClosed = true;
            severed = true;
            inner.close(CloseReason.UNEXPECTED_CLOSE);
            return true;
        }
    }

    /** On the scheduler thread: sends every held frame that is due, in order. */
    private void releaseDue() {
        synchronized (lock) {
            long now = System.nanoTime();
            while (!pending.isEmpty() && pending.peek().due() - now <= 0) {
                forward(pending.poll().frame());
            }
            closeInnerIfFlushed();
        }
    }

    /** Holding lock. A partition that began while the frame was held drops it too. */
    private void forward(byte[] frame) {
        if (faults.isPartitioned(remotePeer())) {
            return;
        }
        try {
            inner.send(frame);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "the inner channel refused a delayed frame of " + frame.length + " bytes on " + this, e);
        }
    }

    /** Holding lock. */
    private void closeInnerIfFlushed() {
        if (closing != null && pending.isEmpty() && !innerClosed) {
            innerClosed = true;
            inner.close(closing);
        }
    }

    @Override
    public String toString() {
        return "faulty " + inner;
    }

    /** Filters what the inner channel delivers, on the inner transport's thread. */
    private final class Inbound implements ChannelListener {
        private final ChannelListener listener;
        private volatile boolean failed; // set on the inner transport's thread

        Inbound(ChannelListener listener) {
            this.listener = listener;
        }

        @Override
        public void onFrame(byte[] frame) {
            if (failed || faults.isPartitioned(remotePeer())) {
                return;
            }
            try {
                listener.onFrame(frame);
            } catch (Throwable e) {
                failed = true;
                LOG.log(Level.WARNING, "the listener of " + FaultyChannel.this
                        + " threw; closing the channel with PROTOCOL_VIOLATION", e);
                close(CloseReason.PROTOCOL_VIOLATION);
            }
        }

        @Override
        public void onClosed(CloseReason reason, boolean byRemote) {
            transport.forget(FaultyChannel.this);
            try {
                listener.onClosed(reason, byRemote || severed);
            } catch (Throwable e) {
                LOG.log(Level.WARNING, "the listener of " + FaultyChannel.this + " threw from onClosed(" + reason + ")", e);
            }
        }
    }
}
