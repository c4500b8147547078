package dev.groups.transport.quic.internal;

import dev.groups.transport.CloseReason;

/** A stream carried bytes that are not a valid frame; {@link #reason()} is the close code to answer with. */
public final class FrameException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient CloseReason reason;

    public FrameException(CloseReason reason, String message) {
        super(message, null, false, false); // thrown for hostile input: no stack trace to fill
        this.reason = reason;
    }

    public CloseReason reason() {
        return reason;
    }
}
