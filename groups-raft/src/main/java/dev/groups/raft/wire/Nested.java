package dev.groups.raft.wire;

import dev.groups.machine.Codec;
import dev.groups.machine.CodecException;

/**
 * Calls the machine's codecs. Their {@link CodecException}s pass through; any other runtime exception,
 * or a null result, becomes a {@link CodecException}, so a faulty user codec cannot break the contract.
 */
final class Nested {
    private Nested() {}

    static <T> byte[] encode(Codec<T> codec, T value, String what) {
        byte[] bytes;
        try {
            bytes = codec.encode(value);
        } catch (CodecException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new CodecException("the " + what + " codec failed to encode", e);
        }
        if (bytes == null) {
            throw new CodecException("the " + what + " codec encoded to null");
        }
        return bytes;
    }

    static <T> T decode(Codec<T> codec, byte[] data, int offset, int length, String what) {
        T value;
        try {
            value = codec.decode(data, offset, length);
        } catch (CodecException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new CodecException("the " + what + " codec failed to decode", e);
        }
        if (value == null) {
            throw new CodecException("the " + what + " codec decoded to null");
        }
        return value;
    }
}
