package dev.groups.machine;

import java.util.Objects;
import java.util.function.Function;

/**
 * A {@link Codec} that can also be one part of a larger message, so that codecs compose: a record of
 * strings and numbers, a list of records, a sealed family of records told apart by a tag. Build them
 * with {@link WireFormats}; a machine returns them where a {@code Codec} is expected.
 *
 * <pre>{@code
 * record Entry(String key, String value, long version) {}
 * static final WireFormat<Entry> ENTRY = WireFormats.record(
 *         Entry::key, WireFormats.utf8(1, 1024), Entry::value, WireFormats.utf8(16 * 1024),
 *         Entry::version, WireFormats.varint(), Entry::new);
 * static final WireFormat<List<Entry>> PAGE = WireFormats.list(ENTRY, 1000);
 * }</pre>
 *
 * <p><b>Contract</b> (the {@link Codec} contract, part by part):
 * <ul>
 *   <li>{@link #write} appends exactly the bytes {@link #read} consumes, so that parts need no
 *       framing of their own; equal values write equal bytes.</li>
 *   <li>{@link #read} accepts exactly one encoding per value (canonical: no overlong varints, no
 *       booleans other than 0 and 1, map keys in order), so a decoded value re-encodes to its
 *       input; it checks every length against its bound and against the bytes left before
 *       allocating.</li>
 *   <li>Both report bad values and bad bytes with {@link CodecException} and nothing else;
 *       {@link #encode} and {@link #decode} turn any other exception of a user function (a record's
 *       constructor rejecting a decoded value, say) into one.</li>
 *   <li>Stateless and thread-safe, as every format in {@link WireFormats} is.</li>
 * </ul>
 *
 * @param <T> the value type
 */
public interface WireFormat<T> extends Codec<T> {
    /** Appends {@code value}'s bytes. @throws CodecException if it cannot be encoded (over a bound, null) */
    void write(CodecWriter out, T value);

    /** Reads one value, consuming exactly its bytes. @throws CodecException if the bytes are not one */
    T read(CodecReader in);

    /** The value alone as a message. */
    @Override
    default byte[] encode(T value) {
        CodecWriter out = new CodecWriter();
        try {
            write(out, value);
        } catch (CodecException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new CodecException("cannot encode " + value + ": " + e, e);
        }
        return out.toByteArray();
    }

    /** One value that is the whole of the range: trailing bytes are rejected. */
    @Override
    default T decode(byte[] data, int offset, int length) {
        CodecReader in = new CodecReader(data, offset, length);
        T value;
        try {
            value = read(in);
        } catch (CodecException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new CodecException("invalid value: " + e.getMessage(), e);
        }
        in.end();
        return value;
    }

    /**
     * This format for another type: {@code afterRead} turns a read value into a {@code U}, and
     * {@code beforeWrite} back. An exception from {@code afterRead} (a constructor's check) makes the
     * bytes invalid: it is reported as a {@link CodecException}.
     */
    default <U> WireFormat<U> convert(Function<? super T, ? extends U> afterRead, Function<? super U, ? extends T> beforeWrite) {
        Objects.requireNonNull(afterRead, "afterRead");
        Objects.requireNonNull(beforeWrite, "beforeWrite");
        WireFormat<T> self = this;
        return new WireFormat<>() {
            @Override
            public void write(CodecWriter out, U value) {
                self.write(out, beforeWrite.apply(WireFormats.nonNull(value)));
            }

            @Override
            public U read(CodecReader in) {
                T t = self.read(in);
                return WireFormats.construct(() -> afterRead.apply(t));
            }
        };
    }

    /**
     * This format with a name that prefixes its error messages ({@code "key: 5000 bytes outside
     * 1..1024"}), so that a failure in a nested part says where it happened.
     */
    default WireFormat<T> named(String name) {
        Objects.requireNonNull(name, "name");
        WireFormat<T> self = this;
        return new WireFormat<>() {
            @Override
            public void write(CodecWriter out, T value) {
                try {
                    self.write(out, value);
                } catch (CodecException e) {
                    throw new CodecException(name + ": " + e.getMessage(), e);
                }
            }

            @Override
            public T read(CodecReader in) {
                try {
                    return self.read(in);
                } catch (CodecException e) {
                    throw new CodecException(name + ": " + e.getMessage(), e);
                }
            }
        };
    }
}
