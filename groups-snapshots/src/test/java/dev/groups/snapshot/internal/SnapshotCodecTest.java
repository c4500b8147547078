package dev.groups.snapshot.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.groups.id.Digest;
import dev.groups.snapshot.SnapshotSync;
import dev.groups.id.PeerId;
import dev.groups.log.Cursor;
import dev.groups.log.IndexRange;
import dev.groups.log.Term;
import dev.groups.machine.Codec;
import dev.groups.machine.CodecException;
import dev.groups.snapshot.internal.SnapshotMessages.ChunkRequest;
import dev.groups.snapshot.internal.SnapshotMessages.ChunkResponse;
import dev.groups.snapshot.internal.SnapshotMessages.EntriesRequest;
import dev.groups.snapshot.internal.SnapshotMessages.EntriesResponse;
import dev.groups.snapshot.internal.SnapshotMessages.SnapshotInfo;
import dev.groups.snapshot.internal.SnapshotMessages.StatusRequest;
import dev.groups.snapshot.internal.SnapshotMessages.StatusResponse;
import dev.groups.sync.replay.EncodedEntry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link SnapshotCodec}: exact round trips, canonical and bounded decoding, and only {@link CodecException} on garbage. */
public class SnapshotCodecTest {
    private static final int CHUNK = 16;
    private static final int BATCH = 4;
    private static final Codec<SnapshotSync.Message> CODEC = new SnapshotCodec(CHUNK, BATCH);
    private static final PeerId PEER = PeerId.fromBytes(Digest.of("peer").toBytes());

    private static SnapshotInfo info(long index, long size, boolean leader) {
        return new SnapshotInfo(Cursor.of(3, index), size, Digest.of("state " + index), leader ? Optional.of(PEER)
                : Optional.empty());
    }

    /** One of every shape of message, edge cases included. */
    public static List<SnapshotSync.Message> samples() {
        SnapshotInfo big = info(300, 40, true); // chunks of 16, 16 and 8 bytes
        SnapshotInfo empty = info(7, 0, false); // one empty chunk
        return List.of(
                new StatusRequest(),
                new StatusResponse(List.of(), IndexRange.of(1, 0)),
                new StatusResponse(List.of(big, empty), IndexRange.of(5, 1_000_000_000_000L)),
                new ChunkRequest(big, 0),
                new ChunkRequest(big, 2),
                new ChunkResponse(big, 1, Optional.of(bytes(16, 1))),
                new ChunkResponse(big, 2, Optional.of(bytes(8, 2))),
                new ChunkResponse(big, 2, Optional.empty()),
                new ChunkResponse(empty, 0, Optional.of(new byte[0])),
                new EntriesRequest(IndexRange.of(17, 32)),
                EntriesResponse.none(IndexRange.of(9, 12)),
                new EntriesResponse(IndexRange.of(301, 301), Term.of(3), Optional.empty(),
                        List.of(new EncodedEntry(Term.of(3), bytes(5, 3)))),
                new EntriesResponse(IndexRange.of(1, 4), Term.ZERO, Optional.of(PEER),
                        List.of(new EncodedEntry(Term.of(1), new byte[0]), new EncodedEntry(Term.of(1), bytes(200, 4)),
                                new EncodedEntry(Term.of(2), bytes(1, 5)), new EncodedEntry(Term.of(Long.MAX_VALUE), bytes(3, 6)))));
    }

    private static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }

    @Test
    void everyMessageRoundTripsExactly() {
        for (SnapshotSync.Message m : samples()) {
            byte[] encoded = CODEC.encode(m);
            assertEquals(m, CODEC.decode(encoded), "round trip of " + m);
            byte[] framed = new byte[encoded.length + 7];
            System.arraycopy(encoded, 0, framed, 3, encoded.length);
            assertEquals(m, CODEC.decode(framed, 3, encoded.length), "decoding inside a larger buffer");
        }
    }

    @Test
    void encodingRefusesWhatTheDecoderWouldReject() {
        SnapshotInfo info = info(300, 40, true);
        assertThrows(CodecException.class, () -> CODEC.encode(new ChunkRequest(info, 3)));
        assertThrows(CodecException.class, () -> CODEC.encode(new ChunkResponse(info, 0, Optional.of(new byte[15]))));
        List<EncodedEntry> five = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            five.add(new EncodedEntry(Term.ONE, new byte[1]));
        }
        assertThrows(CodecException.class, () -> CODEC.encode(new EntriesResponse(IndexRange.of(1, 5), Term.ZERO,
                Optional.empty(), five)));
    }

    @Test
    void decodingRejectsNonCanonicalTruncatedAndTrailingInput() {
        assertThrows(CodecException.class, () -> CODEC.decode(new byte[0]));
        assertThrows(CodecException.class, () -> CODEC.decode(new byte[] {9}));
        assertThrows(CodecException.class, () -> CODEC.decode(new byte[] {0, 0}), "trailing byte");
        assertThrows(CodecException.class, () -> CODEC.decode(new byte[] {4, (byte) 0x81, 0, 1}), "overlong varint");
        assertThrows(CodecException.class, () -> CODEC.decode(new byte[] {1, 3}), "more than two snapshots offered");
        assertThrows(CodecException.class, () -> CODEC.decode(new byte[] {0}, 1, 1), "outside the array");
        for (SnapshotSync.Message m : samples()) {
            byte[] encoded = CODEC.encode(m);
            for (int len = 0; len < encoded.length; len++) {
                int cut = len;
                assertThrows(CodecException.class, () -> CODEC.decode(Arrays.copyOf(encoded, cut)), "prefix of " + m);
            }
        }
    }

    @Test
    void aHugeAdvertisedLengthAllocatesNothing() {
        // An entries response claiming a billion entries, or a 2 GiB payload, in a few bytes.
        assertThrows(CodecException.class, () -> CODEC.decode(new byte[] {5, 1, 1, 0, 0, (byte) 0x80, (byte) 0x80,
                (byte) 0x80, (byte) 0x80, 4}));
        assertThrows(CodecException.class, () -> CODEC.decode(new byte[] {5, 1, 1, 0, 0, 1, 1, (byte) 0xff, (byte) 0xff,
                (byte) 0xff, (byte) 0xff, 7}));
    }

    /** 120,000 inputs: random bytes, and valid encodings with bytes flipped, inserted, dropped or cut. */
    @Test
    void garbageIsOnlyEverACodecExceptionAndWhatDecodesReencodesIdentically() {
        SplittableRandom random = new SplittableRandom(20_251_121);
        List<byte[]> valid = samples().stream().map(CODEC::encode).toList();
        int decoded = 0;
        for (int i = 0; i < 120_000; i++) {
            byte[] input = i % 3 == 0 ? randomBytes(random) : mutate(valid.get(random.nextInt(valid.size())), random);
            SnapshotSync.Message m;
            try {
                m = CODEC.decode(input);
            } catch (CodecException expected) {
                continue;
            } catch (RuntimeException e) {
                fail("decoding " + Arrays.toString(input) + " threw " + e, e);
                return;
            }
            decoded++;
            assertArrayEquals(input, CODEC.encode(m), "the encoding is canonical: " + m);
        }
        assertTrue(decoded > 1_000, "mutations that stay valid are decoded too: " + decoded);
    }

    private static byte[] randomBytes(SplittableRandom random) {
        byte[] b = new byte[random.nextInt(80)];
        random.nextBytes(b);
        if (b.length > 0) {
            b[0] = (byte) random.nextInt(7); // mostly known tags, to get past the first byte
        }
        return b;
    }

    private static byte[] mutate(byte[] valid, SplittableRandom random) {
        byte[] b = valid.clone();
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits && b.length > 0; e++) {
            int at = random.nextInt(b.length);
            switch (random.nextInt(4)) {
                case 0 -> b[at] ^= (byte) (1 << random.nextInt(8));
                case 1 -> b[at] = (byte) random.nextInt(256);
                case 2 -> b = Arrays.copyOf(b, at);
                default -> {
                    byte[] longer = new byte[b.length + 1];
                    System.arraycopy(b, 0, longer, 0, at);
                    longer[at] = (byte) random.nextInt(256);
                    System.arraycopy(b, at, longer, at + 1, b.length - at);
                    b = longer;
                }
            }
        }
        return b;
    }
}
