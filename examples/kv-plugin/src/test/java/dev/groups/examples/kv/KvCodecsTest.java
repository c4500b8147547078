package dev.groups.examples.kv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.groups.examples.kv.KvCommand.CompareAndSet;
import dev.groups.examples.kv.KvCommand.Delete;
import dev.groups.examples.kv.KvCommand.Put;
import dev.groups.examples.kv.KvQuery.Get;
import dev.groups.examples.kv.KvQuery.Scan;
import dev.groups.examples.kv.KvResult.Entry;
import dev.groups.machine.Codec;
import dev.groups.machine.CodecException;
import dev.groups.machine.CodecWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Round trips at the edges, the size limits, and a fuzz run in which only {@link CodecException} may escape. */
class KvCodecsTest {
    private static final KvMachine MACHINE = new KvMachine();
    private static final int MAX_KEY = KvLimits.DEFAULT_KEY_BYTES;
    private static final int MAX_VALUE = KvLimits.DEFAULT_VALUE_BYTES;
    private static final String KEY = "k".repeat(MAX_KEY);
    private static final String VALUE = "v".repeat(MAX_VALUE);
    private static final String PAIR = "\uD83D\uDD11"; // one code point, two chars, four UTF-8 bytes

    private static final List<KvCommand> COMMANDS = List.of(
            new Put("k", ""), new Put(KEY, VALUE), new Put("ключ", "значение"), new Put(PAIR, PAIR),
            new Delete("k"), new Delete(KEY),
            CompareAndSet.ifAbsent("lock", "me"), CompareAndSet.ifEquals("k", "", "1"),
            CompareAndSet.deleteIfEquals("k", VALUE), new CompareAndSet("k", Optional.empty(), Optional.empty()));
    private static final List<KvQuery> QUERIES = List.of(
            new Get("k"), new Get(KEY), Scan.prefix("", 1), new Scan(KEY, KEY, KvQuery.Scan.MAX_LIMIT),
            new Scan("ж/", PAIR, 7));
    private static final List<KvResult> RESULTS = List.of(
            new KvResult.Absent(), new KvResult.Found(new Entry("k", "", 1)),
            new KvResult.Found(new Entry(KEY, VALUE, Long.MAX_VALUE)), new KvResult.Page(List.of(), false),
            new KvResult.Page(List.of(new Entry("a", "1", 3), new Entry(PAIR, "ж", 9)), true));

    @Test
    void everyShapeOfCommandQueryAndResultRoundTrips() {
        for (KvCommand c : COMMANDS) {
            assertEquals(c, MACHINE.commandCodec().decode(MACHINE.commandCodec().encode(c)));
        }
        for (KvQuery q : QUERIES) {
            assertEquals(q, MACHINE.queryCodec().decode(MACHINE.queryCodec().encode(q)));
        }
        for (KvResult r : RESULTS) {
            assertEquals(r, MACHINE.resultCodec().decode(MACHINE.resultCodec().encode(r)));
        }
        List<Entry> full = new ArrayList<>();
        for (int i = 0; i < KvQuery.Scan.MAX_LIMIT; i++) {
            full.add(new Entry("k" + i, "", i + 1));
        }
        KvResult page = new KvResult.Page(full, true);
        assertEquals(page, MACHINE.resultCodec().decode(MACHINE.resultCodec().encode(page)));
    }

    @Test
    void encodingAKeyOrValueOverItsLimitFails() {
        Codec<KvCommand> codec = MACHINE.commandCodec();
        assertThrows(CodecException.class, () -> codec.encode(new Put(KEY + "k", "")));
        assertThrows(CodecException.class, () -> codec.encode(new Put("k", VALUE + "v")));
        // the limits count UTF-8 bytes, not chars: 'ж' takes two
        assertThrows(CodecException.class, () -> codec.encode(new Put("k".repeat(MAX_KEY - 1) + "ж", "")));
        assertThrows(CodecException.class, () -> codec.encode(CompareAndSet.ifEquals("k", VALUE + "v", "")));
        assertThrows(CodecException.class, () -> MACHINE.queryCodec().encode(Scan.prefix(KEY + "k", 1)));
        assertThrows(CodecException.class,
                () -> MACHINE.resultCodec().encode(new KvResult.Found(new Entry("k", VALUE + "v", 1))));
    }

    @Test
    void encodingAnUnpairedSurrogateFailsRatherThanChangingTheString() {
        assertThrows(CodecException.class, () -> MACHINE.commandCodec().encode(new Put("\uD83D", "v")));
        assertThrows(CodecException.class, () -> MACHINE.commandCodec().encode(new Put("k", "x\uDD11")));
    }

    @Test
    void aLengthBeyondTheLimitOrTheInputIsRejectedBeforeAnythingIsAllocated() {
        // Put with a key length of 2^31-1 in a 6-byte input: must fail on the number, not try to allocate.
        assertRejected(MACHINE.commandCodec(), bytes(w -> w.u8(1).varint(Integer.MAX_VALUE)));
        // a length in more bytes than it needs (0 as 0x80 0x00): one encoding per value
        assertRejected(MACHINE.commandCodec(), bytes(w -> w.u8(1).u8(0x80).u8(0x00)));
        // a length under the limit but beyond the bytes left
        assertRejected(MACHINE.commandCodec(), bytes(w -> w.u8(2).varint(MAX_KEY).u8('k')));
        // a page claiming 1000 entries in a few bytes, and one claiming more than a scan may return
        assertRejected(MACHINE.resultCodec(), bytes(w -> w.u8(3).varint(KvQuery.Scan.MAX_LIMIT).int64(0)));
        assertRejected(MACHINE.resultCodec(), bytes(w -> w.u8(3).varint(Integer.MAX_VALUE)));
        // an empty key, version 0, "more" that is not a boolean, a presence byte that is not 0 or 1,
        // unknown tags, trailing bytes
        assertRejected(MACHINE.commandCodec(), bytes(w -> w.u8(2).varint(0)));
        assertRejected(MACHINE.resultCodec(), bytes(w -> w.u8(1).varint(1).u8('k').varint(0).varint(0)));
        assertRejected(MACHINE.resultCodec(), bytes(w -> w.u8(3).varint(0).u8(2)));
        assertRejected(MACHINE.commandCodec(), bytes(w -> w.u8(3).varint(1).u8('k').u8(4)));
        assertRejected(MACHINE.commandCodec(), bytes(w -> w.u8(9)));
        assertRejected(MACHINE.resultCodec(), bytes(w -> w.u8(2).u8(0)));
        assertRejected(MACHINE.queryCodec(), new byte[0]);
        // a scan limit outside 1..1000
        assertRejected(MACHINE.queryCodec(), bytes(w -> w.u8(2).varint(0).varint(0).varint(0)));
        // malformed UTF-8: a lone continuation byte, and an encoded surrogate (CESU-8)
        assertRejected(MACHINE.commandCodec(), bytes(w -> w.u8(2).varint(1).u8(0x80)));
        assertRejected(MACHINE.commandCodec(), bytes(w -> w.u8(2).varint(3).u8(0xED).u8(0xA0).u8(0xBD)));
    }

    @Test
    void smallerLimitsRejectWhatTheDefaultsAccept() {
        KvMachine small = new KvMachine(new KvLimits(4, 2));
        byte[] put = MACHINE.commandCodec().encode(new Put("kkkkk", "vv"));
        assertRejected(small.commandCodec(), put);
        byte[] value = MACHINE.commandCodec().encode(new Put("kkkk", "vvv"));
        assertRejected(small.commandCodec(), value);
        assertEquals(new Put("kkkk", "vv"), small.commandCodec().decode(small.commandCodec().encode(new Put("kkkk", "vv"))));
    }

    @Test
    void decodingReadsOnlyItsRangeOfALargerArray() {
        byte[] encoded = MACHINE.commandCodec().encode(new Put("k", "v"));
        byte[] framed = new byte[encoded.length + 7];
        Arrays.fill(framed, (byte) 0x7F);
        System.arraycopy(encoded, 0, framed, 3, encoded.length);
        byte[] before = framed.clone();
        assertEquals(new Put("k", "v"), MACHINE.commandCodec().decode(framed, 3, encoded.length));
        assertArrayEquals(before, framed, "the input is not modified");
        assertRejected(MACHINE.commandCodec(), framed, 3, encoded.length - 1);
        assertThrows(CodecException.class, () -> MACHINE.commandCodec().decode(framed, framed.length, 1));
        assertThrows(CodecException.class, () -> MACHINE.commandCodec().decode(framed, -1, 2));
        assertThrows(CodecException.class, () -> MACHINE.commandCodec().decode(framed, 2, -1));
    }

    /**
     * 200,000 inputs over the three codecs, from a fixed seed: random bytes, and valid encodings with
     * bytes changed, inserted or cut, or a length field overwritten with an extreme value. Each must
     * decode or throw {@link CodecException}, nothing else; and whatever decodes must re-encode to exactly
     * the bytes it came from (the encoding is canonical, so no two encodings mean one value).
     */
    @Test
    void fuzzedInputsDecodeCanonicallyOrFailWithCodecExceptionOnly() {
        SplittableRandom random = new SplittableRandom(0x6b76);
        List<Fuzzed<?>> targets = List.of(
                Fuzzed.of(MACHINE.commandCodec(), COMMANDS), Fuzzed.of(MACHINE.queryCodec(), QUERIES),
                Fuzzed.of(MACHINE.resultCodec(), RESULTS));
        int decoded = 0;
        for (int i = 0; i < 200_000; i++) {
            Fuzzed<?> target = targets.get(i % targets.size());
            byte[] input = random.nextInt(4) == 0 ? randomBytes(random) : mutate(target.any(random), random);
            if (target.decodesCanonically(input)) {
                decoded++;
            }
        }
        assertTrue(decoded > 1000, "the mutations should also produce valid inputs, got " + decoded);
    }

    private record Fuzzed<T>(Codec<T> codec, List<byte[]> valid) {
        static <T> Fuzzed<T> of(Codec<T> codec, List<? extends T> values) {
            return new Fuzzed<>(codec, values.stream().map(codec::encode).toList());
        }

        byte[] any(SplittableRandom random) {
            return valid.get(random.nextInt(valid.size()));
        }

        /** @return whether {@code input} decoded (and then re-encoded to itself) */
        boolean decodesCanonically(byte[] input) {
            T value;
            try {
                value = codec.decode(input);
            } catch (CodecException expected) {
                return false;
            } catch (RuntimeException e) {
                throw new AssertionError("decoding " + Arrays.toString(Arrays.copyOf(input, Math.min(input.length, 64)))
                        + " threw " + e, e);
            }
            if (!Arrays.equals(input, codec.encode(value))) {
                fail("decoded " + value + " does not re-encode to its input");
            }
            return true;
        }
    }

    private static byte[] randomBytes(SplittableRandom random) {
        byte[] b = new byte[random.nextInt(48)];
        random.nextBytes(b);
        if (b.length > 0 && random.nextBoolean()) {
            b[0] = (byte) random.nextInt(1, 4); // a valid tag, so the decoders get further
        }
        return b;
    }

    private static byte[] mutate(byte[] valid, SplittableRandom random) {
        byte[] b = valid.clone();
        for (int n = random.nextInt(1, 4); n > 0; n--) {
            if (b.length == 0) {
                return new byte[] {(byte) random.nextInt(256)};
            }
            int at = random.nextInt(b.length);
            switch (random.nextInt(5)) {
                case 0 -> b[at] = (byte) random.nextInt(256);
                case 1 -> b[at] ^= (byte) (1 << random.nextInt(8));
                case 2 -> b = Arrays.copyOf(b, at); // cut
                case 3 -> { // insert a byte
                    byte[] longer = new byte[b.length + 1];
                    System.arraycopy(b, 0, longer, 0, at);
                    longer[at] = (byte) random.nextInt(256);
                    System.arraycopy(b, at, longer, at + 1, b.length - at);
                    b = longer;
                }
                default -> { // an extreme varint where a length may be
                    long[] extremes = {Long.MAX_VALUE, Integer.MAX_VALUE, 0, 1, MAX_KEY + 1, MAX_VALUE + 1, 1_000_000};
                    byte[] varint = new CodecWriter().varint(extremes[random.nextInt(extremes.length)]).toByteArray();
                    if (b.length >= at + varint.length) {
                        System.arraycopy(varint, 0, b, at, varint.length);
                    }
                }
            }
        }
        return b;
    }

    private static byte[] bytes(Consumer<CodecWriter> fill) {
        CodecWriter w = new CodecWriter();
        fill.accept(w);
        return w.toByteArray();
    }

    private static void assertRejected(Codec<?> codec, byte[] input) {
        assertRejected(codec, input, 0, input.length);
    }

    private static void assertRejected(Codec<?> codec, byte[] input, int offset, int length) {
        assertThrows(CodecException.class, () -> codec.decode(input, offset, length), () -> Arrays.toString(input));
    }
}
