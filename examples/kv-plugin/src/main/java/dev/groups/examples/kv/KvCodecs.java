package dev.groups.examples.kv;

import dev.groups.machine.Codec;
import dev.groups.machine.CodecException;
import dev.groups.machine.Codecs;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The wire format of the machine's commands, queries and results. Integers are big-endian; a string
 * is its UTF-8 length as an {@code int32} followed by that many bytes of strict UTF-8.
 *
 * <pre>
 * command  = 0x01 key value                        Put
 *          | 0x02 key                              Delete
 *          | 0x03 key flags [expected] [update]    CompareAndSet; flags bit 0: expected present,
 *                                                  bit 1: update present, other bits 0
 * query    = 0x01 key                              Get
 *          | 0x02 prefix after limit:int32         Scan; prefix and after 0..maxKeyBytes, limit 1..1000
 * result   = 0x01 entry                            Found
 *          | 0x02                                  Absent
 *          | 0x03 count:int32 entry* more:u8       Page; count 0..1000, more 0 or 1
 * entry    = key value version:int64               version at least 1
 * key      = string of 1..maxKeyBytes bytes;  value = string of 0..maxValueBytes bytes
 * </pre>
 *
 * <p><b>Bounds.</b> Every length is checked against its limit and against the bytes left before
 * anything is allocated for it, and a page's count against both the scan limit and the bytes left at
 * the smallest entry size; so what a decode allocates is proportional to its input. Unknown tags and
 * flags, non-canonical booleans and trailing bytes are rejected. Malformed UTF-8 is rejected on
 * decode, and strings that are not valid UTF-16 (an unpaired surrogate) on encode, so that every
 * decoded value re-encodes to exactly its input.
 *
 * <p>Stateless and thread-safe, as {@link Codec} requires. The only exception these codecs throw is
 * {@link CodecException}.
 */
final class KvCodecs {
    private static final byte PUT = 1;
    private static final byte DELETE = 2;
    private static final byte COMPARE_AND_SET = 3;
    private static final byte GET = 1;
    private static final byte SCAN = 2;
    private static final byte FOUND = 1;
    private static final byte ABSENT = 2;
    private static final byte PAGE = 3;
    private static final int HAS_EXPECTED = 1;
    private static final int HAS_UPDATE = 2;
    /** The smallest encoded entry: a one-byte key, an empty value and a version. */
    private static final int MIN_ENTRY_BYTES = 4 + 1 + 4 + 8;

    private final KvLimits limits;
    final Codec<KvCommand> commands = new Codec<>() {
        @Override
        public byte[] encode(KvCommand command) {
            Writer w = new Writer();
            if (command instanceof KvCommand.Put put) {
                w.u8(PUT).string(key(put.key())).string(value(put.value()));
            } else if (command instanceof KvCommand.Delete delete) {
                w.u8(DELETE).string(key(delete.key()));
            } else if (command instanceof KvCommand.CompareAndSet cas) {
                int flags = (cas.expected().isPresent() ? HAS_EXPECTED : 0) | (cas.update().isPresent() ? HAS_UPDATE : 0);
                w.u8(COMPARE_AND_SET).string(key(cas.key())).u8(flags);
                cas.expected().ifPresent(v -> w.string(value(v)));
                cas.update().ifPresent(v -> w.string(value(v)));
            } else {
                throw new CodecException("not a KvCommand: " + command);
            }
            return w.toByteArray();
        }

        @Override
        public KvCommand decode(byte[] data, int offset, int length) {
            Reader r = new Reader(data, offset, length);
            KvCommand command = switch (r.u8()) {
                case PUT -> new KvCommand.Put(readKey(r), readValue(r));
                case DELETE -> new KvCommand.Delete(readKey(r));
                case COMPARE_AND_SET -> {
                    String key = readKey(r);
                    int flags = r.u8();
                    if ((flags & ~(HAS_EXPECTED | HAS_UPDATE)) != 0) {
                        throw new CodecException("unknown compare-and-set flags " + flags);
                    }
                    Optional<String> expected = (flags & HAS_EXPECTED) != 0 ? Optional.of(readValue(r)) : Optional.empty();
                    Optional<String> update = (flags & HAS_UPDATE) != 0 ? Optional.of(readValue(r)) : Optional.empty();
                    yield new KvCommand.CompareAndSet(key, expected, update);
                }
                default -> throw new CodecException("unknown command tag");
            };
            r.end();
            return command;
        }
    };

    final Codec<KvQuery> queries = new Codec<>() {
        @Override
        public byte[] encode(KvQuery query) {
            Writer w = new Writer();
            if (query instanceof KvQuery.Get get) {
                w.u8(GET).string(key(get.key()));
            } else if (query instanceof KvQuery.Scan scan) {
                w.u8(SCAN).string(bounded(scan.prefix(), limits.maxKeyBytes(), "prefix"))
                        .string(bounded(scan.after(), limits.maxKeyBytes(), "after")).i32(scan.limit());
            } else {
                throw new CodecException("not a KvQuery: " + query);
            }
            return w.toByteArray();
        }

        @Override
        public KvQuery decode(byte[] data, int offset, int length) {
            Reader r = new Reader(data, offset, length);
            KvQuery query = switch (r.u8()) {
                case GET -> new KvQuery.Get(readKey(r));
                case SCAN -> {
                    String prefix = r.string(0, limits.maxKeyBytes(), "prefix");
                    String after = r.string(0, limits.maxKeyBytes(), "after");
                    int limit = r.i32();
                    if (limit < 1 || limit > KvQuery.Scan.MAX_LIMIT) {
                        throw new CodecException("scan limit " + limit + " outside 1.." + KvQuery.Scan.MAX_LIMIT);
                    }
                    yield new KvQuery.Scan(prefix, after, limit);
                }
                default -> throw new CodecException("unknown query tag");
            };
            r.end();
            return query;
        }
    };

    final Codec<KvResult> results = new Codec<>() {
        @Override
        public byte[] encode(KvResult result) {
            Writer w = new Writer();
            if (result instanceof KvResult.Found found) {
                entry(w.u8(FOUND), found.entry());
            } else if (result instanceof KvResult.Absent) {
                w.u8(ABSENT);
            } else if (result instanceof KvResult.Page page) {
                if (page.entries().size() > KvQuery.Scan.MAX_LIMIT) {
                    throw new CodecException("a page holds at most " + KvQuery.Scan.MAX_LIMIT + " entries");
                }
                w.u8(PAGE).i32(page.entries().size());
                for (KvResult.Entry e : page.entries()) {
                    entry(w, e);
                }
                w.u8(page.more() ? 1 : 0);
            } else {
                throw new CodecException("not a KvResult: " + result);
            }
            return w.toByteArray();
        }

        private void entry(Writer w, KvResult.Entry e) {
            w.string(key(e.key())).string(value(e.value())).i64(e.version());
        }

        @Override
        public KvResult decode(byte[] data, int offset, int length) {
            Reader r = new Reader(data, offset, length);
            KvResult result = switch (r.u8()) {
                case FOUND -> new KvResult.Found(readEntry(r));
                case ABSENT -> new KvResult.Absent();
                case PAGE -> {
                    int count = r.i32();
                    if (count < 0 || count > KvQuery.Scan.MAX_LIMIT || count > r.remaining() / MIN_ENTRY_BYTES) {
                        throw new CodecException("page of " + count + " entries in " + r.remaining() + " bytes");
                    }
                    List<KvResult.Entry> entries = new ArrayList<>(count);
                    for (int i = 0; i < count; i++) {
                        entries.add(readEntry(r));
                    }
                    int more = r.u8();
                    if (more > 1) {
                        throw new CodecException("\"more\" must be 0 or 1, got " + more);
                    }
                    yield new KvResult.Page(entries, more == 1);
                }
                default -> throw new CodecException("unknown result tag");
            };
            r.end();
            return result;
        }

        private KvResult.Entry readEntry(Reader r) {
            String key = readKey(r);
            String value = readValue(r);
            long version = r.i64();
            if (version < 1) {
                throw new CodecException("version " + version + " is not a log index");
            }
            return new KvResult.Entry(key, value, version);
        }
    };

    KvCodecs(KvLimits limits) {
        this.limits = limits;
    }

    private byte[] key(String key) {
        return bounded(key, limits.maxKeyBytes(), "key");
    }

    private byte[] value(String value) {
        return bounded(value, limits.maxValueBytes(), "value");
    }

    private String readKey(Reader r) {
        return r.string(1, limits.maxKeyBytes(), "key");
    }

    private String readValue(Reader r) {
        return r.string(0, limits.maxValueBytes(), "value");
    }

    /** Strict UTF-8 of {@code s}, at most {@code max} bytes. */
    private static byte[] bounded(String s, int max, String what) {
        // Cheap early exit: UTF-8 needs at least one byte per UTF-16 code unit, so this cannot fit.
        if (s.length() > max) {
            throw new CodecException(what + " longer than " + max + " bytes");
        }
        ByteBuffer utf8;
        try {
            utf8 = StandardCharsets.UTF_8.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).encode(CharBuffer.wrap(s));
        } catch (CharacterCodingException e) {
            throw new CodecException(what + " is not valid UTF-16 (an unpaired surrogate)", e);
        }
        if (utf8.remaining() > max) {
            throw new CodecException(what + " of " + utf8.remaining() + " UTF-8 bytes exceeds " + max);
        }
        byte[] out = new byte[utf8.remaining()];
        utf8.get(out);
        return out;
    }

    /** Reads from a range of an array it never keeps nor modifies. */
    private static final class Reader {
        private final ByteBuffer in;

        Reader(byte[] data, int offset, int length) {
            Codecs.checkBounds(data, offset, length);
            this.in = ByteBuffer.wrap(data, offset, length);
        }

        int remaining() {
            return in.remaining();
        }

        int u8() {
            need(1);
            return in.get() & 0xFF;
        }

        int i32() {
            need(Integer.BYTES);
            return in.getInt();
        }

        long i64() {
            need(Long.BYTES);
            return in.getLong();
        }

        String string(int min, int max, String what) {
            int n = i32();
            if (n < min || n > max) {
                throw new CodecException(what + " of " + n + " bytes outside " + min + ".." + max);
            }
            need(n); // before anything is allocated for it
            ByteBuffer slice = in.slice().limit(n);
            in.position(in.position() + n);
            try {
                return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(slice).toString();
            } catch (CharacterCodingException e) {
                throw new CodecException(what + " is not valid UTF-8", e);
            }
        }

        void end() {
            if (in.hasRemaining()) {
                throw new CodecException(in.remaining() + " trailing bytes");
            }
        }

        private void need(int n) {
            if (n > in.remaining()) {
                throw new CodecException("truncated: " + n + " bytes needed, " + in.remaining() + " left");
            }
        }
    }

    /** Appends to a growing array; every method returns this writer. */
    private static final class Writer {
        private byte[] out = new byte[64];
        private int size;

        Writer u8(int v) {
            ensure(1);
            out[size++] = (byte) v;
            return this;
        }

        Writer i32(int v) {
            ensure(Integer.BYTES);
            ByteBuffer.wrap(out, size, Integer.BYTES).putInt(v);
            size += Integer.BYTES;
            return this;
        }

        Writer i64(long v) {
            ensure(Long.BYTES);
            ByteBuffer.wrap(out, size, Long.BYTES).putLong(v);
            size += Long.BYTES;
            return this;
        }

        Writer string(byte[] utf8) {
            i32(utf8.length);
            ensure(utf8.length);
            System.arraycopy(utf8, 0, out, size, utf8.length);
            size += utf8.length;
            return this;
        }

        byte[] toByteArray() {
            return Arrays.copyOf(out, size);
        }

        private void ensure(int n) {
            if (out.length - size < n) {
                out = Arrays.copyOf(out, Math.max(out.length * 2, size + n));
            }
        }
    }
}
