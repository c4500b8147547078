package dev.groups.machine;

/**
 * Turns values of one type into bytes and back: how commands, queries, results and state-sync
 * messages cross the wire and reach durable storage. There is no Java serialization anywhere in the
 * system; every payload goes through a codec its author controls.
 *
 * <p><b>Contract.</b>
 * <ul>
 *   <li>Called from any thread (the group thread, transport threads, callers of {@code feed}); an
 *       implementation must be thread-safe, and is best stateless.</li>
 *   <li>Must not block and must be deterministic: equal values encode to equal bytes, and
 *       {@code decode(encode(v))} equals {@code v}.</li>
 *   <li>{@link #decode} sees bytes from the network: it must bound what it allocates by the input's
 *       length, and report malformed input with {@link CodecException}, never another exception.</li>
 *   <li>Must not retain the array passed to {@link #decode} (it may be reused by the caller) nor
 *       modify it; the array returned by {@link #encode} becomes the caller's.</li>
 * </ul>
 *
 * @param <T> the value type
 */
public interface Codec<T> {
    /**
     * Encodes one value.
     *
     * @throws CodecException if the value cannot be encoded
     */
    byte[] encode(T value);

    /**
     * Decodes one value from {@code length} bytes of {@code data} starting at {@code offset}.
     *
     * @throws CodecException if the bytes are not a valid encoding
     */
    T decode(byte[] data, int offset, int length);

    /** Decodes one value from all of {@code data}. */
    default T decode(byte[] data) {
        return decode(data, 0, data.length);
    }
}
