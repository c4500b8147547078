package dev.groups.machine;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Ready-made codecs for common payload types. Every one is stateless and thread-safe. */
public final class Codecs {
    private Codecs() {}

    private static final byte[] EMPTY = new byte[0];

    /** The unit type: encodes to zero bytes; any other length is rejected. */
    public static Codec<Unit> unit() {
        return UNIT;
    }

    /** Raw bytes, copied in both directions. */
    public static Codec<byte[]> bytes() {
        return BYTES;
    }

    /** UTF-8 text; malformed UTF-8 is rejected rather than replaced. */
    public static Codec<String> utf8() {
        return UTF8;
    }

    /** A 64-bit integer as 8 big-endian bytes. */
    public static Codec<Long> int64() {
        return INT64;
    }

    private static final Codec<Unit> UNIT = new Codec<>() {
        @Override
        public byte[] encode(Unit value) {
            return EMPTY;
        }

        @Override
        public Unit decode(byte[] data, int offset, int length) {
            if (length != 0) {
                throw new CodecException("unit is encoded as 0 bytes, got " + length);
            }
            return Unit.INSTANCE;
        }
    };

    private static final Codec<byte[]> BYTES = new Codec<>() {
        @Override
        public byte[] encode(byte[] value) {
            return value.clone();
        }

        @Override
        public byte[] decode(byte[] data, int offset, int length) {
            checkBounds(data, offset, length);
            return Arrays.copyOfRange(data, offset, offset + length);
        }
    };

    private static final Codec<String> UTF8 = new Codec<>() {
        @Override
        public byte[] encode(String value) {
            return value.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public String decode(byte[] data, int offset, int length) {
            checkBounds(data, offset, length);
            try {
                CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(data, offset, length));
                return chars.toString();
            } catch (CharacterCodingException e) {
                throw new CodecException("malformed UTF-8", e);
            }
        }
    };

    private static final Codec<Long> INT64 = new Codec<>() {
        @Override
        public byte[] encode(Long value) {
            return ByteBuffer.allocate(Long.BYTES).putLong(value).array();
        }

        @Override
        public Long decode(byte[] data, int offset, int length) {
            checkBounds(data, offset, length);
            if (length != Long.BYTES) {
                throw new CodecException("an int64 is 8 bytes, got " + length);
            }
            return ByteBuffer.wrap(data, offset, length).getLong();
        }
    };

    /** Throws {@link CodecException} when {@code offset..offset+length} is not inside {@code data}. */
    public static void checkBounds(byte[] data, int offset, int length) {
        if (offset < 0 || length < 0 || offset > data.length - length) {
            throw new CodecException("range " + offset + "+" + length + " outside " + data.length + " bytes");
        }
    }
}
