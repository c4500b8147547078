package dev.groups.transport.quic.internal;

import dev.groups.id.PeerId;
import dev.groups.transport.Channel;
import dev.groups.transport.ChannelListener;
import dev.groups.transport.CloseReason;
import dev.groups.transport.Endpoint;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.util.concurrent.EventExecutor;
import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * One {@link Channel} = one bidirectional QUIC stream of a connection shared with the peer.
 *
 * <p>Closing: the closing side queues a {@link WireFrame.Goodbye} with the close code after whatever
 * it sent before, then ends its half of the stream (FIN). The other side delivers the reason, answers
 * with its own FIN, and the stream is released once both halves are done. Because a goodbye can be
 * lost with the connection, a connection close code ({@link Connection#closeReason()}) and the link
 * loss (UNEXPECTED_CLOSE) are the fall-backs.
 *
 * <p>Threading: {@link #send} and {@link #close} may be called from any thread; everything else, and
 * every listener callback, runs on the stream's event loop.
 */
public final class StreamChannel implements Channel {
    private static final System.Logger LOG = System.getLogger(StreamChannel.class.getName());
    /** How long a closed stream waits for the peer's end before it is dropped regardless. */
    private static final long LINGER_MILLIS = 5_000;

    private final QuicStreamChannel stream;
    private final Connection connection;
    private final Endpoint remote;
    private final FrameCodec codec;
    private final EventExecutor loop;
    /**
     * Set once, under this object's lock, by whichever side closes first, together with the outcome
     * the listener will get: no frame is sent or delivered after it.
     */
    private volatile boolean closed;
    private CloseReason outcome; // guarded by this
    private boolean outcomeByRemote; // guarded by this

    // Event-loop state.
    private ChannelListener listener;
    private boolean started; // guarded by this
    private final ArrayDeque<byte[]> early = new ArrayDeque<>();
    private boolean closeDelivered;

    /** @param remote where the peer is, as far as we know: the address dialled, else the connection's source */
    StreamChannel(QuicStreamChannel stream, Connection connection, Endpoint remote, FrameCodec codec) {
        this.stream = stream;
        this.connection = connection;
        this.remote = remote;
        this.codec = codec;
        this.loop = stream.eventLoop();
    }

    @Override
    public PeerId remotePeer() {
        return connection.peer();
    }

    @Override
    public Endpoint remoteEndpoint() {
        return remote;
    }

    QuicStreamChannel stream() {
        return stream;
    }

    @Override
    public void start(ChannelListener listener) {
        java.util.Objects.requireNonNull(listener, "listener");
        synchronized (this) {
            if (started) {
                throw new IllegalStateException("channel " + this + " was already started");
            }
            started = true;
        }
        onLoop(() -> {
            this.listener = listener;
            while (!early.isEmpty() && !closeDelivered) {
                deliver(early.poll());
            }
            early.clear();
            if (closed) {
                deliverClose();
            }
        });
    }

    @Override
    public boolean send(byte[] frame) {
        if (frame.length > codec.maxPayload()) {
            throw new IllegalArgumentException("frame of " + frame.length
                    + " bytes exceeds the maximum frame length of " + codec.maxPayload());
        }
        synchronized (this) {
            if (closed) {
                return false;
            }
            // Under the lock, so a close() that follows cannot queue its goodbye ahead of this frame.
            // A QUIC stream hands each write to quiche at once (its flush is a no-op): no flush to batch.
            stream.writeAndFlush(codec.encodeData(stream.alloc(), frame), stream.voidPromise());
        }
        return true;
    }

    @Override
    public void close(CloseReason reason) {
        java.util.Objects.requireNonNull(reason, "reason");
        synchronized (this) {
            if (!markClosed(reason, false)) {
                return;
            }
            ByteBuf goodbye = codec.encode(stream.alloc(), new WireFrame.Goodbye(reason.code()));
            stream.writeAndFlush(goodbye).addListener(f -> stream.shutdownOutput());
        }
        onLoop(() -> {
            deliverClose();
            // The peer answers with its FIN; if it never does, drop the stream anyway.
            try {
                loop.schedule(() -> stream.close(), LINGER_MILLIS, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                stream.close(); // shutting down: no lingering
            }
        });
    }

    @Override
    public boolean isOpen() {
        return !closed;
    }

    /**
     * Records the end and its outcome if the channel was open: the first closer, local or remote,
     * decides what the listener hears, even if the other side's end is processed before it is told.
     */
    private synchronized boolean markClosed(CloseReason reason, boolean byRemote) {
        if (closed) {
            return false;
        }
        closed = true;
        outcome = reason;
        outcomeByRemote = byRemote;
        return true;
    }

    // ---- called by the stream handler, on the event loop ----

    void onData(byte[] payload) {
        if (closed) {
            return; // nothing after the end
        }
        if (listener == null) {
            early.add(payload);
        } else {
            deliver(payload);
        }
    }

    /** The peer said goodbye with {@code code}. */
    void onGoodbye(int code) {
        if (markClosed(CloseReason.fromCodeOrUnexpected(code), true)) {
            stream.shutdownOutput(); // answer with our FIN; the stream closes when both halves are done
        }
        deliverClose();
    }

    /** The peer ended its half (FIN); a goodbye, if any, came before. */
    void onInputEnded() {
        if (markClosed(CloseReason.UNEXPECTED_CLOSE, true)) {
            stream.shutdownOutput();
        }
        deliverClose();
        if (stream.isOutputShutdown()) {
            stream.close();
        }
    }

    /** A bad frame arrived: close with {@code reason} (the peer learns it from our goodbye). */
    void onBadInput(CloseReason reason, String why) {
        LOG.log(Level.DEBUG, "closing {0}: {1}", this, why);
        close(reason);
    }

    /** The peer reset its half of the stream with an application code. */
    void onReset(long code) {
        markClosed(CloseReason.fromCodeOrUnexpected(code), true);
        deliverClose();
        stream.close();
    }

    /** The stream is gone (closed here, or the whole connection ended). */
    void onStreamClosed() {
        CloseReason reason = connection.closeReason();
        markClosed(reason == null ? CloseReason.UNEXPECTED_CLOSE : reason, true);
        deliverClose();
    }

    private void deliver(byte[] payload) {
        try {
            listener.onFrame(payload);
        } catch (Throwable e) {
            LOG.log(Level.WARNING, "the listener of " + this + " threw; closing the channel with PROTOCOL_VIOLATION", e);
            close(CloseReason.PROTOCOL_VIOLATION);
        }
    }

    /** Tells a started listener how the channel ended (once); an unstarted one hears it at start. */
    private void deliverClose() {
        if (closeDelivered || listener == null) {
            return;
        }
        CloseReason reason;
        boolean byRemote;
        synchronized (this) {
            reason = outcome;
            byRemote = outcomeByRemote;
        }
        closeDelivered = true;
        try {
            listener.onClosed(reason, byRemote);
        } catch (Throwable e) {
            LOG.log(Level.WARNING, "the listener of " + this + " threw in onClosed", e);
        }
    }

    /** Runs {@code task} on the event loop (inline when already there); on the caller when the loop is gone. */
    private void onLoop(Runnable task) {
        if (loop.inEventLoop()) {
            task.run();
            return;
        }
        try {
            loop.execute(task);
        } catch (RejectedExecutionException e) {
            synchronized (this) {
                task.run(); // the transport shut down: nothing else runs on this channel any more
            }
        }
    }

    @Override
    public String toString() {
        return "quic stream " + stream.streamId() + " to " + connection.peerLabel() + "@" + remote;
    }
}
