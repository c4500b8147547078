package dev.groups.raft.transport;

import dev.groups.id.PeerId;
import dev.groups.transport.Channel;
import dev.groups.transport.ChannelListener;
import dev.groups.transport.CloseReason;
import dev.groups.transport.Endpoint;
import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One end of an in-process channel. The two ends of a channel share one open flag; each end has an
 * inbox (the frames the other end sent, then at most one close event) that its owner transport's
 * {@link DeliveryThread} drains into the listener.
 *
 * <p><b>Ordering.</b> Once an inbox holds its close event it refuses frames, so every frame is either
 * delivered before {@code onClosed} or refused ({@code send} returns false); there is no third case.
 * {@code close} adds the close event to the peer's inbox after the frames this end already sent, which
 * is how "queued frames are sent first" holds. Frames are handed over without copying: the sender
 * gave up the array ({@link Channel#send}) and the receiver may keep it.
 *
 * <p><b>Threading.</b> {@code send}, {@code close} and {@code start} may be called from any thread and
 * never block (a short monitor around the inbox). Callbacks run on the owner's delivery thread, in
 * order. A listener that throws is logged, gets no further frames, and its channel is closed with
 * {@link CloseReason#PROTOCOL_VIOLATION}.
 */
final class InProcessChannel implements Channel {
    private static final System.Logger LOG = System.getLogger(InProcessChannel.class.getName());
    /** Frames delivered before the drain yields the thread to the transport's other channels. */
    private static final int BATCH = 256;

    private final InProcessTransport owner;
    private final PeerId remotePeer;
    private final Endpoint remoteEndpoint;
    private final AtomicBoolean open;
    private InProcessChannel peer; // set once by pair(), before either end is published

    // The inbox, guarded by this.
    private final ArrayDeque<byte[]> frames = new ArrayDeque<>();
    private ChannelListener listener;
    private CloseReason closeReason; // set once: the terminal event, after every accepted frame
    private boolean closedByRemote;
    private boolean drainScheduled;
    private boolean discardFrames; // after the listener failed or a frame was too large
    private boolean finished; // onClosed has been handed to the listener

    private InProcessChannel(InProcessTransport owner, InProcessTransport remote, AtomicBoolean open) {
        this.owner = owner;
        this.remotePeer = remote.peerId();
        this.remoteEndpoint = remote.localEndpoint();
        this.open = open;
    }

    /** The two ends of a new channel from {@code connector} to {@code listener}. */
    static Ends pair(InProcessTransport connector, InProcessTransport listener) {
        AtomicBoolean open = new AtomicBoolean(true);
        InProcessChannel atConnector = new InProcessChannel(connector, listener, open);
        InProcessChannel atListener = new InProcessChannel(listener, connector, open);
        atConnector.peer = atListener;
        atListener.peer = atConnector;
        return new Ends(atConnector, atListener);
    }

    record Ends(InProcessChannel atConnector, InProcessChannel atListener) {}

    @Override
    public PeerId remotePeer() {
        return remotePeer;
    }

    @Override
    public Endpoint remoteEndpoint() {
        return remoteEndpoint;
    }

    @Override
    public void start(ChannelListener listener) {
        Objects.requireNonNull(listener, "listener");
        boolean schedule;
        synchronized (this) {
            if (this.listener != null) {
                throw new IllegalStateException("channel already started: " + this);
            }
            this.listener = listener;
            schedule = claimDrain();
        }
        if (schedule) {
            owner.deliveryThread().execute(this::drain);
        }
    }

    @Override
    public boolean send(byte[] frame) {
        Objects.requireNonNull(frame, "frame");
        int max = owner.maxFrameLength();
        if (frame.length > max) {
            throw new IllegalArgumentException("frame of " + frame.length + " bytes exceeds the maximum frame length of "
                    + max + " bytes");
        }
        return open.get() && peer.receive(frame);
    }

    @Override
    public void close(CloseReason reason) {
        Objects.requireNonNull(reason, "reason");
        if (!open.compareAndSet(true, false)) {
            return;
        }
        peer.terminate(reason, true);
        terminate(reason, false);
    }

    @Override
    public boolean isOpen() {
        return open.get();
    }

    /** Adds a frame from the peer; false once this inbox holds its close event. */
    private boolean receive(byte[] frame) {
        boolean schedule;
        synchronized (this) {
            if (closeReason != null) {
                return false;
            }
            frames.add(frame);
            schedule = claimDrain();
        }
        if (schedule) {
            owner.deliveryThread().execute(this::drain);
        }
        return true;
    }

    private void terminate(CloseReason reason, boolean byRemote) {
        boolean schedule;
        synchronized (this) {
            if (closeReason != null) {
                return;
            }
            closeReason = reason;
            closedByRemote = byRemote;
            schedule = claimDrain();
        }
        owner.forget(this);
        if (schedule) {
            owner.deliveryThread().execute(this::drain);
        }
    }

    /** Whether the caller must schedule a drain; marks one scheduled if so. Holding this. */
    private boolean claimDrain() {
        if (listener == null || drainScheduled || finished || (frames.isEmpty() && closeReason == null)) {
            return false;
        }
        drainScheduled = true;
        return true;
    }

    /** On the delivery thread: hands up to a batch of events to the listener, then yields. */
    private void drain() {
        for (int i = 0; i < BATCH; i++) {
            ChannelListener target;
            byte[] frame;
            CloseReason reason;
            boolean byRemote;
            synchronized (this) {
                if (discardFrames) {
                    frames.clear();
                }
                frame = frames.poll();
                if (frame == null) {
                    drainScheduled = false;
                    if (closeReason == null) {
                        return;
                    }
                    finished = true;
                }
                target = listener;
                reason = closeReason;
                byRemote = closedByRemote;
            }
            if (frame == null) {
                notifyClosed(target, reason, byRemote);
                return;
            }
            deliver(target, frame);
        }
        // Still scheduled: come back after the other channels of this transport had their turn.
        owner.deliveryThread().execute(this::drain);
    }

    private void deliver(ChannelListener target, byte[] frame) {
        int max = owner.maxFrameLength();
        if (frame.length > max) {
            // The sender allows longer frames than we do; a real decoder would refuse the length prefix.
            LOG.log(Level.WARNING, "{0}: refusing a frame of {1} bytes (maximum {2})", this, frame.length, max);
            fail(CloseReason.FRAME_TOO_LARGE);
            return;
        }
        try {
            target.onFrame(frame);
        } catch (Throwable e) {
            LOG.log(Level.WARNING, "the listener of " + this + " threw; closing the channel with PROTOCOL_VIOLATION", e);
            fail(CloseReason.PROTOCOL_VIOLATION);
        }
    }

    private void fail(CloseReason reason) {
        synchronized (this) {
            discardFrames = true;
        }
        close(reason);
    }

    private static void notifyClosed(ChannelListener target, CloseReason reason, boolean byRemote) {
        try {
            target.onClosed(reason, byRemote);
        } catch (Throwable e) {
            LOG.log(Level.WARNING, "a channel listener threw from onClosed(" + reason + ")", e);
        }
    }

    @Override
    public String toString() {
        return "in-process channel " + owner.peerId().shortHex() + " -> " + remotePeer.shortHex() + "@" + remoteEndpoint;
    }
}
