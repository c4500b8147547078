package dev.groups.tickets.tdx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Changes single bytes of the production quote, region by region, and requires every change to be
 * rejected with a reason (never an exception). Small regions are swept completely; large ones at a
 * stride plus random positions (fixed seed), each position flipped with a different bit pattern.
 */
class TamperSweepTest {
    private static final byte[] QUOTE = Fixtures.quote();
    private static final TdxQuoteVerifier VERIFIER = new TdxQuoteVerifier(TdxPolicy.builder().acceptAnyMeasurements().build());

    /** Regions of the fixture (v4: 48-byte header, 584-byte body, then the signature data). */
    enum Region {
        HEADER(0, 48, 1, r -> true),
        BODY(48, 632, 3, r -> r.equals("quote signature does not verify with the attestation key")),
        SIGNATURE_DATA_LENGTH(632, 636, 1, r -> true),
        QUOTE_SIGNATURE(636, 700, 1, r -> r.startsWith("quote signature")),
        ATTESTATION_KEY(700, 764, 1, r -> r.startsWith("attestation key") || r.startsWith("quote signature")),
        CERTIFICATION_DATA_HEADER(764, 770, 1, r -> true),
        QE_REPORT(770, 1154, 3, r -> r.startsWith("QE report signature")),
        QE_REPORT_SIGNATURE(1154, 1218, 1, r -> r.startsWith("QE report signature")),
        QE_AUTH_DATA(1218, 1252, 1, r -> true),
        PCK_CHAIN_HEADER(1252, 1258, 1, r -> true),
        PCK_CHAIN(1258, 4935, 9, r -> true);

        final int from;
        final int to;
        final int stride;
        final Predicate<String> expectedReason;

        Region(int from, int to, int stride, Predicate<String> expectedReason) {
            this.from = from;
            this.to = to;
            this.stride = stride;
            this.expectedReason = expectedReason;
        }
    }

    @ParameterizedTest
    @EnumSource(Region.class)
    void everyChangedByteIsRejected(Region region) {
        Random random = new Random(region.ordinal() * 7919L);
        List<Integer> positions = new ArrayList<>();
        for (int p = region.from; p < region.to; p += region.stride) {
            positions.add(p);
        }
        for (int i = 0; i < 20; i++) {
            positions.add(region.from + random.nextInt(region.to - region.from));
        }
        positions.add(region.to - 1);
        int[] masks = {0x01, 0x80, 0xff, 0x20, 0x04};
        int checked = 0;
        for (int p : positions) {
            byte[] tampered = QUOTE.clone();
            tampered[p] ^= (byte) masks[checked % masks.length];
            String reason = FixtureQuoteTest.rejected(VERIFIER.verify(tampered, Fixtures.VALID_AT));
            assertTrue(region.expectedReason.test(reason), () -> region + " byte " + p + ": unexpected reason " + reason);
            assertTrue(!reason.startsWith("quote could not be verified"), () -> "runtime exception at " + p + ": " + reason);
            checked++;
        }
        assertTrue(checked >= Math.min(20, region.to - region.from), "too few positions for " + region);
    }

    @ParameterizedTest
    @EnumSource(Region.class)
    void regionsTileTheSignedAndCertifiedPart(Region region) {
        Region[] all = Region.values();
        int next = region.ordinal() + 1 < all.length ? all[region.ordinal() + 1].from : 4935;
        assertEquals(next, region.to, "regions must be contiguous");
    }

    @Test
    void trailingBytesAreNotCoveredAndAreIgnored() {
        byte[] tampered = QUOTE.clone();
        tampered[QUOTE.length - 2] ^= 0x01;
        assertTrue(VERIFIER.verify(tampered, Fixtures.VALID_AT).isVerified());
    }
}
