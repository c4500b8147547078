package dev.groups.machine;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Ready-made {@link WireFormat}s and ways to combine them: scalars, strings and bytes with bounds,
 * enums, optionals, lists, maps, records (tuples) and sealed families ({@link #union}). Lengths and
 * counts are varints; fixed-width numbers are big-endian. Every format here is stateless and
 * thread-safe, rejects what it cannot encode or decode with a {@link CodecException} that says what
 * and where, and allocates on decode only in proportion to the bytes it was given.
 *
 * <p>Formats are values: keep them in {@code static final} fields and reuse them. A change to a
 * format changes the bytes in every log that holds them; change the machine's signature with it.
 */
public final class WireFormats {
    private WireFormats() {}

    // ---------------------------------------------------------------------------------------- scalars

    /** {@code false} as 0, {@code true} as 1; any other byte is rejected. */
    public static WireFormat<Boolean> bool() {
        return BOOL;
    }

    /** One byte, 0..255. */
    public static WireFormat<Integer> u8() {
        return U8;
    }

    /** A 32-bit integer as 4 big-endian bytes. */
    public static WireFormat<Integer> int32() {
        return INT32;
    }

    /** A 64-bit integer as 8 big-endian bytes. */
    public static WireFormat<Long> int64() {
        return INT64;
    }

    /** A non-negative {@code long} as a varint: 1 byte below 128, at most 9 (see {@link CodecWriter#varint}). */
    public static WireFormat<Long> varint() {
        return VARINT;
    }

    /** An {@code int} in {@code min..max} (both at least 0) as a varint; others are rejected both ways. */
    public static WireFormat<Integer> varint(int min, int max) {
        checkRange(min, max);
        return new WireFormat<>() {
            @Override
            public void write(CodecWriter out, Integer value) {
                int v = nonNull(value);
                if (v < min || v > max) {
                    throw new CodecException(v + " outside " + min + ".." + max);
                }
                out.varint(v);
            }

            @Override
            public Integer read(CodecReader in) {
                return in.varint(min, max, "value");
            }
        };
    }

    /** A {@code long} in -2^62..2^62-1, zigzag-mapped to a varint so that small negative numbers stay short. */
    public static WireFormat<Long> zigzag() {
        return ZIGZAG;
    }

    // ------------------------------------------------------------------------------ strings and bytes

    /** Strict UTF-8 of at most {@code maxBytes} bytes, after a varint length. */
    public static WireFormat<String> utf8(int maxBytes) {
        return utf8(0, maxBytes);
    }

    /**
     * Strict UTF-8 of {@code minBytes..maxBytes} bytes, after a varint length. Malformed UTF-8 is
     * rejected on decode, and a string that is not valid UTF-16 (an unpaired surrogate) on encode, so
     * that a decoded string re-encodes to its input.
     */
    public static WireFormat<String> utf8(int minBytes, int maxBytes) {
        checkRange(minBytes, maxBytes);
        return new WireFormat<>() {
            @Override
            public void write(CodecWriter out, String value) {
                // cheap early exit: UTF-8 takes at least one byte per UTF-16 unit
                if (nonNull(value).length() > maxBytes) {
                    throw new CodecException("a string of " + value.length() + " chars is over " + maxBytes + " bytes");
                }
                ByteBuffer utf8;
                try {
                    utf8 = StandardCharsets.UTF_8.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT).encode(CharBuffer.wrap(value));
                } catch (CharacterCodingException e) {
                    throw new CodecException("not valid UTF-16 (an unpaired surrogate)", e);
                }
                int n = utf8.remaining();
                if (n < minBytes || n > maxBytes) {
                    throw new CodecException("a string of " + n + " bytes outside " + minBytes + ".." + maxBytes);
                }
                byte[] bytes = new byte[n];
                utf8.get(bytes);
                out.varint(n).raw(bytes);
            }

            @Override
            public String read(CodecReader in) {
                int n = in.varint(minBytes, maxBytes, "string length");
                in.need(n);
                CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT);
                try {
                    String s = strict.decode(ByteBuffer.wrap(in.array(), in.position(), n)).toString();
                    in.skip(n);
                    return s;
                } catch (CharacterCodingException e) {
                    throw new CodecException("malformed UTF-8", e);
                }
            }
        };
    }

    /** At most {@code maxBytes} bytes, after a varint length; copied both ways. */
    public static WireFormat<byte[]> bytes(int maxBytes) {
        checkRange(0, maxBytes);
        return new WireFormat<>() {
            @Override
            public void write(CodecWriter out, byte[] value) {
                if (nonNull(value).length > maxBytes) {
                    throw new CodecException(value.length + " bytes over " + maxBytes);
                }
                out.varint(value.length).raw(value);
            }

            @Override
            public byte[] read(CodecReader in) {
                return in.raw(in.varint(0, maxBytes, "byte length"));
            }
        };
    }

    // -------------------------------------------------------------------------- enums and constants

    /**
     * An enum constant by its ordinal, as a varint. Reordering or removing constants changes what the
     * bytes mean: append new constants only (and change the machine's signature if you must reorder).
     */
    public static <E extends Enum<E>> WireFormat<E> enumOf(Class<E> type) {
        E[] constants = Objects.requireNonNull(type, "type").getEnumConstants();
        if (constants == null) {
            throw new IllegalArgumentException(type + " is not an enum");
        }
        return new WireFormat<>() {
            @Override
            public void write(CodecWriter out, E value) {
                out.varint(nonNull(value).ordinal());
            }

            @Override
            public E read(CodecReader in) {
                long ordinal = in.varint();
                if (ordinal >= constants.length) {
                    throw new CodecException("no " + type.getSimpleName() + " with ordinal " + ordinal);
                }
                return constants[(int) ordinal];
            }
        };
    }

    /** Always {@code value}, in zero bytes: a record without fields, a singleton in a {@link #union}. */
    public static <T> WireFormat<T> constant(T value) {
        Objects.requireNonNull(value, "value");
        return new WireFormat<>() {
            @Override
            public void write(CodecWriter out, T v) {
                if (!value.equals(v)) {
                    throw new CodecException("expected " + value + ", got " + v);
                }
            }

            @Override
            public T read(CodecReader in) {
                return value;
            }
        };
    }

    // ---------------------------------------------------------------------------------- collections

    /** Empty as the byte 0; present as 1 and the value. */
    public static <T> WireFormat<Optional<T>> optional(WireFormat<T> format) {
        Objects.requireNonNull(format, "format");
        return new WireFormat<>() {
            @Override
            public void write(CodecWriter out, Optional<T> value) {
                if (nonNull(value).isPresent()) {
                    format.write(out.u8(1), value.get());
                } else {
                    out.u8(0);
                }
            }

            @Override
            public Optional<T> read(CodecReader in) {
                return switch (in.u8()) {
                    case 0 -> Optional.empty();
                    case 1 -> Optional.of(format.read(in));
                    default -> throw new CodecException("an optional's presence byte is 0 or 1");
                };
            }
        };
    }

    /** A varint count, then the elements; at most {@code maxSize} elements. Decodes to an unmodifiable list. */
    public static <T> WireFormat<List<T>> list(WireFormat<T> element, int maxSize) {
        Objects.requireNonNull(element, "element");
        checkRange(0, maxSize);
        return new WireFormat<>() {
            @Override
            public void write(CodecWriter out, List<T> value) {
                if (nonNull(value).size() > maxSize) {
                    throw new CodecException("a list of " + value.size() + " elements, over " + maxSize);
                }
                out.varint(value.size());
                for (T t : value) {
                    element.write(out, t);
                }
            }

            @Override
            public List<T> read(CodecReader in) {
                int n = in.varint(0, maxSize, "list size");
                // elements may take 0 bytes (constants): size the list by what the input can hold
                List<T> list = new ArrayList<>(Math.min(n, in.remaining() + 1));
                for (int i = 0; i < n; i++) {
                    list.add(element.read(in));
                }
                return Collections.unmodifiableList(list);
            }
        };
    }

    /**
     * A varint count, then key and value pairs in the order of their keys' encoded bytes (unsigned),
     * whatever the map's own order: equal maps encode to equal bytes. Decoding rejects keys out of
     * that order or repeated, and returns an unmodifiable map in that order; at most {@code maxSize}
     * entries.
     */
    public static <K, V> WireFormat<Map<K, V>> map(WireFormat<K> key, WireFormat<V> value, int maxSize) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        checkRange(0, maxSize);
        return new WireFormat<>() {
            @Override
            public void write(CodecWriter out, Map<K, V> map) {
                if (nonNull(map).size() > maxSize) {
                    throw new CodecException("a map of " + map.size() + " entries, over " + maxSize);
                }
                List<Map.Entry<byte[], V>> entries = new ArrayList<>(map.size());
                for (Map.Entry<K, V> e : map.entrySet()) {
                    CodecWriter k = new CodecWriter();
                    key.write(k, e.getKey());
                    entries.add(Map.entry(k.toByteArray(), e.getValue()));
                }
                entries.sort((a, b) -> Arrays.compareUnsigned(a.getKey(), b.getKey()));
                out.varint(entries.size());
                for (Map.Entry<byte[], V> e : entries) {
                    value.write(out.raw(e.getKey()), e.getValue());
                }
            }

            @Override
            public Map<K, V> read(CodecReader in) {
                int n = in.varint(0, maxSize, "map size");
                Map<K, V> map = new LinkedHashMap<>();
                int previousStart = -1;
                int previousEnd = -1;
                for (int i = 0; i < n; i++) {
                    int start = in.position();
                    K k = key.read(in);
                    int end = in.position();
                    if (previousStart >= 0 && Arrays.compareUnsigned(in.array(), previousStart, previousEnd,
                            in.array(), start, end) >= 0) {
                        throw new CodecException("map keys out of order or repeated");
                    }
                    previousStart = start;
                    previousEnd = end;
                    map.put(k, value.read(in));
                }
                return Collections.unmodifiableMap(map);
            }
        };
    }

    // ----------------------------------------------------------------------------- records (tuples)

    /** A record of one field. */
    public static <R, A> WireFormat<R> record(Function<R, A> a, WireFormat<A> fa, Function<A, R> make) {
        return new WireFormat<>() {
            @Override
            public void write(CodecWriter out, R r) {
                fa.write(out, a.apply(nonNull(r)));
            }

            @Override
            public R read(CodecReader in) {
                A va = fa.read(in);
                return construct(() -> make.apply(va));
            }
        };
    }

    /** A record of two fields, written in this order (usually the record's). */
    public static <R, A, B> WireFormat<R> record(Function<R, A> a, WireFormat<A> fa, Function<R, B> b, WireFormat<B> fb,
                                                 BiFunction<A, B, R> make) {
        return new WireFormat<>() {
            @Override
            public void write(CodecWriter out, R r) {
                nonNull(r);
                fa.write(out, a.apply(r));
                fb.write(out, b.apply(r));
            }

            @Override
            public R read(CodecReader in) {
                A va = fa.read(in);
                B vb = fb.read(in);
                return construct(() -> make.apply(va, vb));
            }
        };
    }

    /** A record of three fields, written in this order. */
    public static <R, A, B, C> WireFormat<R> record(Function<R, A> a, WireFormat<A> fa, Function<R, B> b, WireFormat<B> fb,
                                                    Function<R, C> c, WireFormat<C> fc, Make3<A, B, C, R> make) {
        return new WireFormat<>() {
            @Override
            public void write(CodecWriter out, R r) {
                nonNull(r);
                fa.write(out, a.apply(r));
                fb.write(out, b.apply(r));
                fc.write(out, c.apply(r));
            }

            @Override
            public R read(CodecReader in) {
                A va = fa.read(in);
                B vb = fb.read(in);
                C vc = fc.read(in);
                return construct(() -> make.make(va, vb, vc));
            }
        };
    }

    /** A record of four fields, written in this order. */
    public static <R, A, B, C, D> WireFormat<R> record(Function<R, A> a, WireFormat<A> fa, Function<R, B> b, WireFormat<B> fb,
                                                       Function<R, C> c, WireFormat<C> fc, Function<R, D> d, WireFormat<D> fd,
                                                       Make4<A, B, C, D, R> make) {
        return new WireFormat<>() {
            @Override
            public void write(CodecWriter out, R r) {
                nonNull(r);
                fa.write(out, a.apply(r));
                fb.write(out, b.apply(r));
                fc.write(out, c.apply(r));
                fd.write(out, d.apply(r));
            }

            @Override
            public R read(CodecReader in) {
                A va = fa.read(in);
                B vb = fb.read(in);
                C vc = fc.read(in);
                D vd = fd.read(in);
                return construct(() -> make.make(va, vb, vc, vd));
            }
        };
    }

    /** The constructor of a record of three fields. */
    @FunctionalInterface
    public interface Make3<A, B, C, R> {
        R make(A a, B b, C c);
    }

    /** The constructor of a record of four fields. */
    @FunctionalInterface
    public interface Make4<A, B, C, D, R> {
        R make(A a, B b, C c, D d);
    }

    // -------------------------------------------------------------------------------- sealed families

    /**
     * A family of types told apart by a one-byte tag: typically a sealed interface and its records.
     * {@code build()} checks that tags and types are distinct and, for a sealed {@code base}, that
     * every permitted subtype has a variant.
     *
     * <pre>{@code
     * WireFormat<Shape> SHAPE = WireFormats.union(Shape.class)
     *         .variant(1, Circle.class, CIRCLE)
     *         .variant(2, Square.class, SQUARE)
     *         .build();
     * }</pre>
     */
    public static <T> UnionFormat.Builder<T> union(Class<T> base) {
        return new UnionFormat.Builder<>(base);
    }

    // ---------------------------------------------------------------------------------------- helpers

    static <T> T nonNull(T value) {
        if (value == null) {
            throw new CodecException("null cannot be encoded");
        }
        return value;
    }

    /**
     * Runs a user function on decoded parts (a record's constructor): its exception means the bytes
     * make no valid value, which is a {@link CodecException}.
     */
    static <T> T construct(Supplier<T> make) {
        try {
            return make.get();
        } catch (CodecException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new CodecException("invalid value: " + e.getMessage(), e);
        }
    }

    private static void checkRange(int min, int max) {
        if (min < 0 || max < min) {
            throw new IllegalArgumentException("bounds must satisfy 0 <= min <= max, got " + min + ".." + max);
        }
    }

    private static final WireFormat<Boolean> BOOL = new WireFormat<>() {
        @Override
        public void write(CodecWriter out, Boolean value) {
            out.u8(nonNull(value) ? 1 : 0);
        }

        @Override
        public Boolean read(CodecReader in) {
            return switch (in.u8()) {
                case 0 -> false;
                case 1 -> true;
                default -> throw new CodecException("a boolean is 0 or 1");
            };
        }
    };

    private static final WireFormat<Integer> U8 = new WireFormat<>() {
        @Override
        public void write(CodecWriter out, Integer value) {
            if (nonNull(value) < 0 || value > 255) {
                throw new CodecException(value + " outside 0..255");
            }
            out.u8(value);
        }

        @Override
        public Integer read(CodecReader in) {
            return in.u8();
        }
    };

    private static final WireFormat<Integer> INT32 = new WireFormat<>() {
        @Override
        public void write(CodecWriter out, Integer value) {
            out.int32(nonNull(value));
        }

        @Override
        public Integer read(CodecReader in) {
            return in.int32();
        }
    };

    private static final WireFormat<Long> INT64 = new WireFormat<>() {
        @Override
        public void write(CodecWriter out, Long value) {
            out.int64(nonNull(value));
        }

        @Override
        public Long read(CodecReader in) {
            return in.int64();
        }
    };

    private static final WireFormat<Long> VARINT = new WireFormat<>() {
        @Override
        public void write(CodecWriter out, Long value) {
            out.varint(nonNull(value));
        }

        @Override
        public Long read(CodecReader in) {
            return in.varint();
        }
    };

    private static final WireFormat<Long> ZIGZAG = new WireFormat<>() {
        @Override
        public void write(CodecWriter out, Long value) {
            long v = nonNull(value);
            long z = (v << 1) ^ (v >> 63);
            // varints stop at Long.MAX_VALUE, so the zigzag image must too: |v| below 2^62
            if (z < 0) {
                throw new CodecException("zigzag takes -2^62..2^62-1, got " + v);
            }
            out.varint(z);
        }

        @Override
        public Long read(CodecReader in) {
            long z = in.varint();
            return (z >>> 1) ^ -(z & 1);
        }
    };
}
