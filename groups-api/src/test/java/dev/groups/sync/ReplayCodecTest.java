package dev.groups.sync;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.groups.id.PeerId;
import dev.groups.log.IndexRange;
import dev.groups.log.Term;
import dev.groups.machine.Codec;
import dev.groups.machine.CodecException;
import dev.groups.sync.ReplayMessages.AvailabilityRequest;
import dev.groups.sync.ReplayMessages.AvailabilityResponse;
import dev.groups.sync.ReplayMessages.FetchEntriesRequest;
import dev.groups.sync.ReplayMessages.FetchEntriesResponse;
import dev.groups.sync.replay.EncodedEntry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReplayCodecTest {
    private static final int BATCH = 16;
    private final Codec<LogReplaySync.Message> codec = new LogReplaySync<String>().withBatchSize(BATCH).messageCodec();
    private final PeerId leader = PeerId.fromHex("5a".repeat(32));

    private List<LogReplaySync.Message> samples() {
        List<EncodedEntry> three = List.of(new EncodedEntry(Term.of(3), new byte[] {1, 2, 3}),
                new EncodedEntry(Term.of(3), new byte[0]), new EncodedEntry(Term.of(Long.MAX_VALUE), new byte[300]));
        return List.of(
                new AvailabilityRequest(),
                new AvailabilityResponse(IndexRange.of(1, 10_000)),
                new AvailabilityResponse(IndexRange.of(1, 0)),
                new AvailabilityResponse(IndexRange.of(0, Long.MAX_VALUE)),
                new FetchEntriesRequest(IndexRange.of(2_001, 4_000)),
                FetchEntriesResponse.none(IndexRange.of(2_001, 4_000)),
                new FetchEntriesResponse(IndexRange.of(128, 130), Term.of(2), Optional.of(leader), three),
                new FetchEntriesResponse(IndexRange.of(1, 1), Term.ZERO, Optional.empty(), three.subList(0, 1)),
                new FetchEntriesResponse(IndexRange.of(Long.MAX_VALUE - 2, Long.MAX_VALUE), Term.of(7), Optional.empty(), three));
    }

    @Test
    void everyMessageRoundTrips() {
        for (LogReplaySync.Message m : samples()) {
            byte[] bytes = codec.encode(m);
            assertEquals(m, codec.decode(bytes), m.toString());
            byte[] framed = new byte[bytes.length + 7];
            System.arraycopy(bytes, 0, framed, 3, bytes.length);
            assertEquals(m, codec.decode(framed, 3, bytes.length), "decoding inside a larger buffer");
        }
    }

    @Test
    void theFormatIsCompactAndFixed() {
        HexFormat hex = HexFormat.of();
        assertEquals("00", hex.formatHex(codec.encode(new AvailabilityRequest())));
        assertEquals("0101ac02", hex.formatHex(codec.encode(new AvailabilityResponse(IndexRange.of(1, 300)))));
        assertEquals("02d10fa01f", hex.formatHex(codec.encode(new FetchEntriesRequest(IndexRange.of(2_001, 4_000)))));
        assertEquals("0300d10fa01f", hex.formatHex(codec.encode(FetchEntriesResponse.none(IndexRange.of(2_001, 4_000)))));
        assertEquals("030105020001" + "0302aabb", hex.formatHex(codec.encode(new FetchEntriesResponse(IndexRange.of(5, 5),
                Term.of(2), Optional.empty(), List.of(new EncodedEntry(Term.of(3), new byte[] {(byte) 0xaa, (byte) 0xbb}))))));
    }

    @Test
    void malformedInputIsRejected() {
        HexFormat hex = HexFormat.of();
        for (String bad : List.of(
                "", "04", "ff", "0000", // unknown tag, trailing byte
                "01", "0101", "018001", // truncated ranges, non-shortest varint
                "01ffffffffffffffff8001", // more than 63 bits
                "0302", // unknown response kind
                "030105020001", // no entries
                "03010502000000", // zero entries
                "03010002000103020000", // entries starting at index 0
                "0301050202", // bad leader flag
                "030105020001030500", // payload longer than the input
                "03010502000111" + "0300".repeat(17))) { // more entries than the batch size
            assertThrows(CodecException.class, () -> codec.decode(hex.parseHex(bad)), bad);
        }
        assertThrows(CodecException.class, () -> codec.decode(new byte[4], 2, 3));
    }

    @Test
    void anEntryCountAboveTheBatchSizeIsNotEncodedEither() {
        List<EncodedEntry> tooMany = new ArrayList<>();
        for (int i = 0; i < BATCH + 1; i++) {
            tooMany.add(new EncodedEntry(Term.ONE, new byte[0]));
        }
        FetchEntriesResponse r = new FetchEntriesResponse(IndexRange.of(1, BATCH + 1), Term.ZERO, Optional.empty(), tooMany);
        assertThrows(CodecException.class, () -> codec.encode(r));
    }

    /**
     * 100,000 random and mutated inputs: each either decodes to a message that encodes back to the same
     * bytes (the format has one encoding per message), or fails with CodecException and nothing else.
     */
    @Test
    void randomAndMutatedInputsFailOnlyWithCodecException() {
        Random random = new Random(20_240_601L);
        List<byte[]> valid = samples().stream().map(codec::encode).toList();
        int rejected = 0;
        for (int i = 0; i < 100_000; i++) {
            byte[] input = i % 2 == 0 ? randomBytes(random) : mutate(valid.get(random.nextInt(valid.size())), random);
            try {
                LogReplaySync.Message m = codec.decode(input);
                assertArrayEquals(input, codec.encode(m), "a decodable input is the encoding of its message");
            } catch (CodecException expected) {
                rejected++;
            } catch (RuntimeException e) {
                fail("input " + HexFormat.of().formatHex(input) + " threw " + e, e);
            }
        }
        assertTrue(rejected > 50_000, "most inputs are invalid, so the decoders' checks were reached: " + rejected);
    }

    private static byte[] randomBytes(Random random) {
        byte[] b = new byte[random.nextInt(48)];
        random.nextBytes(b);
        if (b.length > 0) {
            b[0] = (byte) random.nextInt(5); // mostly valid tags, to reach the body decoders
        }
        return b;
    }

    private static byte[] mutate(byte[] valid, Random random) {
        byte[] b = valid.clone();
        switch (random.nextInt(4)) {
            case 0 -> {
                int flips = 1 + random.nextInt(3);
                for (int i = 0; i < flips && b.length > 0; i++) {
                    b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
                }
            }
            case 1 -> b = Arrays.copyOf(b, random.nextInt(b.length + 1)); // truncate
            case 2 -> { // append garbage
                b = Arrays.copyOf(b, b.length + 1 + random.nextInt(8));
                b[b.length - 1] = (byte) random.nextInt(256);
            }
            default -> { // overwrite one byte with an extreme value
                if (b.length > 0) {
                    b[random.nextInt(b.length)] = random.nextBoolean() ? (byte) 0xff : (byte) 0x80;
                }
            }
        }
        return b;
    }
}
