package dev.groups.transport;

import dev.groups.id.PeerId;

/**
 * An authenticated, ordered, reliable, framed, bidirectional channel to one peer: what a bond runs
 * on. The remote {@link PeerId} was proven by the transport's handshake before the channel was handed
 * out. Several channels to the same peer may share one underlying connection.
 *
 * <p><b>Threading.</b> {@link #send} and {@link #close} may be called from any thread and never block.
 * Listener callbacks arrive on a transport thread, one at a time per channel, in order.
 */
public interface Channel {
    /** The authenticated identity of the other end. */
    PeerId remotePeer();

    /** The remote address, as far as the transport knows it. */
    Endpoint remoteEndpoint();

    /**
     * Starts delivering frames and the close event to {@code listener}; frames that arrived before are
     * buffered until then. Call exactly once.
     */
    void start(ChannelListener listener);

    /**
     * Queues one frame for sending (the transport adds its own length prefix). Never blocks; the
     * transport owns {@code frame} afterwards and the caller must not modify it.
     *
     * @return false if the channel is closed (the frame is dropped)
     * @throws IllegalArgumentException if the frame is longer than the transport's maximum frame length
     */
    boolean send(byte[] frame);

    /**
     * Closes the channel with {@code reason}: frames queued before are sent first, then the reason is
     * delivered to the peer as reliably as the transport can (a goodbye frame and the close code). The
     * local listener gets {@link ChannelListener#onClosed} with the same reason. Idempotent.
     */
    void close(CloseReason reason);

    boolean isOpen();
}
