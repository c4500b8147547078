package dev.groups.transport;

/**
 * Receives a {@link Channel}'s frames and its end. Called on a transport thread, one call at a time
 * per channel: implementations must return quickly and never block (hand work to the group's thread).
 * They must not throw; an exception is logged and closes the channel with {@code PROTOCOL_VIOLATION}.
 */
public interface ChannelListener {
    /**
     * One whole frame, in order. The array is the listener's to keep; it is at most the transport's
     * maximum frame length (longer frames close the channel with {@link CloseReason#FRAME_TOO_LARGE}).
     */
    void onFrame(byte[] frame);

    /**
     * The channel ended; called exactly once, after the last frame.
     *
     * @param reason   the reason given by whichever side closed, or {@code UNEXPECTED_CLOSE}
     * @param byRemote true if the peer closed (or the link was lost), false if this side did
     */
    void onClosed(CloseReason reason, boolean byRemote);
}
