package dev.groups.transport.quic.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.groups.transport.CloseReason;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The stream frame decoder against random and mutated input, fed in random chunks as a stream would
 * deliver it: only {@link FrameException} may escape, no frame larger than the limit is ever produced
 * (nothing is allocated for a length above it), and valid frames round-trip.
 *
 * <p>{@code -Dgroups.fuzz.iterations} (default 1,000,000) and {@code -Dgroups.fuzz.seed} (fixed by
 * default; {@code random} picks and prints one, as the {@code soak} profile does; a number replays it).
 */
class FrameCodecFuzzTest {
    private static final int MAX = 4096;
    private final FrameCodec codec = new FrameCodec(MAX);

    @Test
    void everyKindRoundTrips() throws FrameException {
        for (WireFrame frame : samples(new SplittableRandom(1))) {
            ByteBuf buf = encode(frame);
            WireFrame back = codec.decode(buf);
            assertNotNull(back);
            assertEquals(0, buf.readableBytes());
            if (frame instanceof WireFrame.Data d) {
                assertArrayEquals(d.payload(), ((WireFrame.Data) back).payload());
            } else {
                assertEquals(frame, back);
            }
        }
    }

    @Test
    void partialInputWaitsAndConsumesNothing() throws FrameException {
        ByteBuf whole = encode(new WireFrame.Data(new byte[100]));
        for (int cut = 0; cut < whole.readableBytes(); cut++) {
            ByteBuf part = whole.slice(0, cut);
            assertNull(codec.decode(part), "a frame cut at " + cut);
            assertEquals(0, part.readerIndex());
        }
    }

    @Test
    void oversizedLengthIsRefusedFromThePrefixAlone() {
        ByteBuf prefixOnly = Unpooled.buffer().writeInt(MAX + 2);
        FrameException e = assertThrows(FrameException.class, () -> codec.decode(prefixOnly));
        assertEquals(CloseReason.FRAME_TOO_LARGE, e.reason());
        ByteBuf huge = Unpooled.buffer().writeInt(-1); // 4 GiB - 1 as unsigned
        assertEquals(CloseReason.FRAME_TOO_LARGE, assertThrows(FrameException.class, () -> codec.decode(huge)).reason());
        assertThrows(IllegalArgumentException.class, () -> codec.encodeData(ByteBufAllocator.DEFAULT, new byte[MAX + 1]));
    }

    @Test
    void unknownKindsAndWrongFixedLengthsAreProtocolViolations() {
        ByteBuf unknown = Unpooled.buffer().writeInt(1).writeByte(77);
        assertEquals(CloseReason.PROTOCOL_VIOLATION, assertThrows(FrameException.class, () -> codec.decode(unknown)).reason());
        ByteBuf longGoodbye = Unpooled.buffer().writeInt(9).writeByte(WireFrame.GOODBYE).writeLong(1);
        assertEquals(CloseReason.PROTOCOL_VIOLATION, assertThrows(FrameException.class, () -> codec.decode(longGoodbye)).reason());
        ByteBuf empty = Unpooled.buffer().writeInt(0);
        assertEquals(CloseReason.PROTOCOL_VIOLATION, assertThrows(FrameException.class, () -> codec.decode(empty)).reason());
    }

    @Test
    void randomAndMutatedStreams() {
        long seed = seed();
        int iterations = Integer.getInteger("groups.fuzz.iterations", 1_000_000);
        SplittableRandom random = new SplittableRandom(seed);
        List<byte[]> seeds = new ArrayList<>();
        for (WireFrame f : samples(random)) {
            seeds.add(bytes(encode(f)));
        }
        int decoded = 0;
        int refused = 0;
        for (int i = 0; i < iterations; i++) {
            byte[] input = i % 4 == 0 ? randomBytes(random) : mutate(concat(seeds, random), random);
            ByteBuf stream = Unpooled.buffer();
            try {
                int at = 0;
                while (at < input.length) {
                    int chunk = 1 + random.nextInt(Math.min(64, input.length - at));
                    stream.writeBytes(input, at, chunk);
                    at += chunk;
                    WireFrame frame;
                    while ((frame = codec.decode(stream)) != null) {
                        decoded++;
                        if (frame instanceof WireFrame.Data d && d.payload().length > MAX) {
                            fail("seed " + seed + ", iteration " + i + ": a frame above the limit was produced");
                        }
                    }
                    stream.discardReadBytes();
                }
            } catch (FrameException e) {
                refused++;
                assertNotNull(e.reason());
            } catch (RuntimeException e) {
                throw new AssertionError("seed " + seed + ", iteration " + i + ": " + e + " escaped on input "
                        + Arrays.toString(Arrays.copyOf(input, Math.min(input.length, 64))), e);
            } finally {
                stream.release();
            }
        }
        assertTrue(decoded > iterations / 10, "the mutations keep many frames valid: " + decoded);
        assertTrue(refused > iterations / 10, "and break many: " + refused);
    }

    static long seed() {
        String property = System.getProperty("groups.fuzz.seed");
        if (property == null || property.isBlank()) {
            return 20261121L;
        }
        if (property.equals("random")) {
            long seed = new java.security.SecureRandom().nextLong();
            System.out.println("quic fuzz: -Dgroups.fuzz.seed=" + seed);
            return seed;
        }
        return Long.parseLong(property);
    }

    private List<WireFrame> samples(SplittableRandom random) {
        byte[] payload = new byte[random.nextInt(1, 300)];
        random.nextBytes(payload);
        return List.of(new WireFrame.Hello(WireFrame.VERSION), new WireFrame.Welcome(WireFrame.VERSION), new WireFrame.Open(),
                new WireFrame.Opened(), new WireFrame.Data(new byte[0]), new WireFrame.Data(payload),
                new WireFrame.Data(new byte[MAX]), new WireFrame.Goodbye(CloseReason.ALREADY_BONDED.code()));
    }

    private ByteBuf encode(WireFrame frame) {
        return codec.encode(ByteBufAllocator.DEFAULT, frame);
    }

    private static byte[] bytes(ByteBuf buf) {
        byte[] b = new byte[buf.readableBytes()];
        buf.readBytes(b);
        buf.release();
        return b;
    }

    private static byte[] randomBytes(SplittableRandom random) {
        byte[] b = new byte[random.nextInt(0, 64)];
        random.nextBytes(b);
        return b;
    }

    /** A few valid frames back to back (mostly the small ones), as a stream carries them. */
    private static byte[] concat(List<byte[]> seeds, SplittableRandom random) {
        int n = 1 + random.nextInt(4);
        ByteBuf out = Unpooled.buffer();
        for (int i = 0; i < n; i++) {
            byte[] s = seeds.get(random.nextInt(random.nextInt(10) == 0 ? seeds.size() : seeds.size() - 1));
            out.writeBytes(s);
        }
        return bytes(out);
    }

    private static byte[] mutate(byte[] in, SplittableRandom random) {
        byte[] b = in;
        switch (random.nextInt(6)) {
            case 0 -> b = Arrays.copyOf(in, random.nextInt(in.length + 1)); // truncate
            case 1 -> {
                b = Arrays.copyOf(in, in.length + 1 + random.nextInt(16)); // trailing garbage
                for (int i = in.length; i < b.length; i++) {
                    b[i] = (byte) random.nextInt(256);
                }
            }
            case 2 -> b[random.nextInt(b.length)] = (byte) random.nextInt(256); // flip a byte
            case 3 -> b[random.nextInt(Math.min(4, b.length))] = (byte) random.nextInt(256); // corrupt a length
            case 4 -> b[Math.min(4, b.length - 1)] = (byte) random.nextInt(8); // another kind
            default -> { } // unchanged: must decode
        }
        return b;
    }
}
