package dev.groups.machine;

/** A value could not be encoded, or bytes are not a valid encoding. The only exception a {@link Codec} throws. */
public class CodecException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CodecException(String message) {
        super(message);
    }

    public CodecException(String message, Throwable cause) {
        super(message, cause);
    }
}
