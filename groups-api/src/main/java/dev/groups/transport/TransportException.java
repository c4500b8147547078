package dev.groups.transport;

import java.util.Optional;

/** A transport operation failed; carries the peer's close reason when one was received. */
public class TransportException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient CloseReason reason;

    public TransportException(String message) {
        this(message, null, null);
    }

    public TransportException(String message, CloseReason reason, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** The close reason the peer gave, if the failure was a close. */
    public Optional<CloseReason> reason() {
        return Optional.ofNullable(reason);
    }
}
