package dev.groups.tickets.tdx.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * One million inputs through {@link QuoteParser#parse}: mostly mutations of real quotes (bit flips,
 * hostile values in length fields, truncations, extensions, deletions), some random bytes. Only
 * {@link MalformedQuoteException} may come out. Fixed seed: a failure names the iteration to replay.
 */
class QuoteParserFuzzTest {
    private static final int ITERATIONS = 1_000_000;
    private static final long[] HOSTILE = {0, 1, 2, 63, 64, 65, 383, 384, 385, 0x7fff, 0x8000, 0xffff, 0x10000,
        0x7fffffffL, 0x80000000L, 0xffffffffL};

    @Test
    void onlyMalformedQuoteExceptionEscapes() throws MalformedQuoteException {
        FuzzSeeds seeds = new FuzzSeeds();
        Random random = new Random(0x7d5_2026L);
        int parsed = 0;
        int malformed = 0;
        for (int i = 0; i < ITERATIONS; i++) {
            int s = random.nextInt(seeds.quotes.size());
            byte[] seed = seeds.quotes.get(s);
            int kind = random.nextInt(100);
            byte[] input;
            byte[] saved = null;
            int[] touched = null;
            if (kind < 60) { // flip 1–4 bytes in place (undone below): no copy, so a million stay cheap
                touched = new int[1 + random.nextInt(4)];
                saved = new byte[touched.length];
                for (int k = 0; k < touched.length; k++) {
                    touched[k] = random.nextInt(seed.length);
                    saved[k] = seed[touched[k]];
                    seed[touched[k]] ^= (byte) (1 + random.nextInt(255));
                }
                input = seed;
            } else if (kind < 78) { // a hostile value in a length or type field
                int[] fields = seeds.fields.get(s);
                int at = fields[random.nextInt(fields.length)];
                input = seed.clone();
                long v = random.nextBoolean() ? HOSTILE[random.nextInt(HOSTILE.length)] : random.nextInt(seed.length * 2);
                int width = random.nextBoolean() ? 2 : 4;
                for (int b = 0; b < width && at + b < input.length; b++) {
                    input[at + b] = (byte) (v >>> (8 * b));
                }
            } else if (kind < 88) { // truncation
                input = Arrays.copyOf(seed, random.nextInt(seed.length + 1));
            } else if (kind < 92) { // extension with random bytes
                input = Arrays.copyOf(seed, seed.length + 1 + random.nextInt(200));
                for (int b = seed.length; b < input.length; b++) {
                    input[b] = (byte) random.nextInt();
                }
            } else if (kind < 96) { // deletion of a range
                int from = random.nextInt(seed.length);
                int to = Math.min(seed.length, from + 1 + random.nextInt(64));
                input = new byte[seed.length - (to - from)];
                System.arraycopy(seed, 0, input, 0, from);
                System.arraycopy(seed, to, input, from, seed.length - to);
            } else { // random bytes, half of them behind a valid header so parsing goes past it
                input = new byte[random.nextInt(6000)];
                random.nextBytes(input);
                if (random.nextBoolean() && input.length >= 48) {
                    System.arraycopy(seed, 0, input, 0, 48);
                }
            }
            try {
                QuoteParser.parse(input);
                parsed++;
            } catch (MalformedQuoteException e) {
                assertTrue(!e.reason().isBlank());
                malformed++;
            } catch (RuntimeException e) {
                fail("iteration " + i + " (mutation kind " + kind + ", seed " + s + ") threw " + e, e);
            } finally {
                if (touched != null) {
                    for (int k = touched.length - 1; k >= 0; k--) {
                        seed[touched[k]] = saved[k];
                    }
                }
            }
        }
        assertEquals(ITERATIONS, parsed + malformed);
        // Both outcomes must be common, or the mutations are not exercising the parser.
        assertTrue(parsed > ITERATIONS / 10, "parsed " + parsed);
        assertTrue(malformed > ITERATIONS / 10, "malformed " + malformed);
    }
}
