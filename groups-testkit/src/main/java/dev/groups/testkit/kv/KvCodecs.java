package dev.groups.testkit.kv;

import dev.groups.machine.Codec;
import dev.groups.machine.CodecException;
import dev.groups.machine.Codecs;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Compact, bounded binary codecs for the key-value machine's types. */
public final class KvCodecs {
    private KvCodecs() {}

    private static final byte PUT = 1;
    private static final byte DELETE = 2;
    private static final byte INCREMENT = 3;
    private static final byte APPEND = 4;
    private static final byte CAS = 5;
    private static final int MAX_KEY = 1024;

    public static final Codec<KvCommand> COMMAND = new Codec<>() {
        @Override
        public byte[] encode(KvCommand value) {
            byte[] key = key(value.key());
            if (value instanceof KvCommand.Put p) {
                return head(PUT, key, 8).putLong(p.value()).array();
            } else if (value instanceof KvCommand.Increment i) {
                return head(INCREMENT, key, 8).putLong(i.op()).array();
            } else if (value instanceof KvCommand.Append a) {
                return head(APPEND, key, 8).putLong(a.op()).array();
            } else if (value instanceof KvCommand.Cas c) {
                return head(CAS, key, 24).putLong(c.expected()).putLong(c.update()).putLong(c.op()).array();
            }
            return head(DELETE, key, 0).array();
        }

        @Override
        public KvCommand decode(byte[] data, int offset, int length) {
            Codecs.checkBounds(data, offset, length);
            ByteBuffer b = ByteBuffer.wrap(data, offset, length);
            byte tag = get(b);
            String key = readKey(b);
            KvCommand c = switch (tag) {
                case PUT -> new KvCommand.Put(key, getLong(b));
                case DELETE -> new KvCommand.Delete(key);
                case INCREMENT -> new KvCommand.Increment(key, getLong(b));
                case APPEND -> new KvCommand.Append(key, getLong(b));
                case CAS -> new KvCommand.Cas(key, getLong(b), getLong(b), getLong(b));
                default -> throw new CodecException("unknown command tag " + tag);
            };
            requireEnd(b);
            return c;
        }
    };

    public static final Codec<KvQuery> QUERY = new Codec<>() {
        @Override
        public byte[] encode(KvQuery value) {
            byte[] key = key(value.key());
            return ByteBuffer.allocate(2 + key.length).putShort((short) key.length).put(key).array();
        }

        @Override
        public KvQuery decode(byte[] data, int offset, int length) {
            Codecs.checkBounds(data, offset, length);
            ByteBuffer b = ByteBuffer.wrap(data, offset, length);
            KvQuery q = new KvQuery(readKey(b));
            requireEnd(b);
            return q;
        }
    };

    public static final Codec<KvResult> RESULT = new Codec<>() {
        @Override
        public byte[] encode(KvResult value) {
            if (value instanceof KvResult.Value v) {
                return ByteBuffer.allocate(9).put((byte) 1).putLong(v.value()).array();
            }
            return new byte[] {0};
        }

        @Override
        public KvResult decode(byte[] data, int offset, int length) {
            Codecs.checkBounds(data, offset, length);
            ByteBuffer b = ByteBuffer.wrap(data, offset, length);
            KvResult r = switch (get(b)) {
                case 0 -> new KvResult.Absent();
                case 1 -> new KvResult.Value(getLong(b));
                default -> throw new CodecException("unknown result tag");
            };
            requireEnd(b);
            return r;
        }
    };

    /** A buffer sized for a command with {@code tail} bytes after its key, positioned after the key. */
    private static ByteBuffer head(byte tag, byte[] key, int tail) {
        return ByteBuffer.allocate(1 + 2 + key.length + tail).put(tag).putShort((short) key.length).put(key);
    }

    private static byte[] key(String key) {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        if (k.length > MAX_KEY) {
            throw new CodecException("key longer than " + MAX_KEY + " bytes");
        }
        return k;
    }

    private static String readKey(ByteBuffer b) {
        if (b.remaining() < 2) {
            throw new CodecException("truncated key length");
        }
        int len = b.getShort() & 0xffff;
        if (len > MAX_KEY || len > b.remaining()) {
            throw new CodecException("bad key length " + len);
        }
        byte[] k = new byte[len];
        b.get(k);
        return Codecs.utf8().decode(k);
    }

    private static byte get(ByteBuffer b) {
        if (!b.hasRemaining()) {
            throw new CodecException("truncated");
        }
        return b.get();
    }

    private static long getLong(ByteBuffer b) {
        if (b.remaining() < 8) {
            throw new CodecException("truncated value");
        }
        return b.getLong();
    }

    private static void requireEnd(ByteBuffer b) {
        if (b.hasRemaining()) {
            throw new CodecException(b.remaining() + " trailing bytes");
        }
    }
}
