package dev.groups.tickets.tdx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The production quote from a Sapphire Rapids platform, verified up to the real Intel SGX Root CA. */
class FixtureQuoteTest {
    private final TdxQuoteVerifier verifier = new TdxQuoteVerifier(TdxPolicy.builder().acceptAnyMeasurements().build());

    @Test
    void verifiesAtATimeInsideEveryValidityWindow() {
        VerifiedQuote q = assertInstanceOf(VerifiedQuote.class, verifier.verify(Fixtures.quote(), Fixtures.VALID_AT));
        assertEquals(4, q.version());
        assertEquals("TDX", q.teeType());
        assertEquals(Fixtures.MRTD, q.report().mrTd().toString());
        assertEquals(Fixtures.RTMR0, q.report().rtmr(0).toString());
        assertFalse(q.report().isDebug());
        assertFalse(q.report().isTdx15());
        assertEquals("50806f000000", q.fmspc());
        assertEquals(Optional.empty(), q.tcbStatus());
        // go-tdx-guest appended "\nextra bytes(only for testing purpose)\n" after the signature data.
        assertEquals(39, q.trailingBytes());
        // The PCK leaf (2022-09-20 … 2029-09-20) bounds the window.
        assertEquals(Instant.parse("2022-09-20T13:20:31Z"), q.validFrom());
        assertEquals(Instant.parse("2029-09-20T13:20:31Z"), q.validUntil());
    }

    @Test
    void failsAfterThePckCertificateExpires() {
        String reason = rejected(verifier.verify(Fixtures.quote(), Instant.parse("2053-07-01T00:00:00Z")));
        assertTrue(reason.contains("is not valid at 2053-07-01T00:00:00Z"), reason);
        assertTrue(reason.contains("Intel SGX PCK Certificate"), reason);
    }

    @Test
    void failsBeforeThePckCertificateWasIssued() {
        String reason = rejected(verifier.verify(Fixtures.quote(), Instant.parse("2021-01-01T00:00:00Z")));
        assertTrue(reason.contains("is not valid at 2021-01-01T00:00:00Z"), reason);
    }

    @Test
    void failsUnderAnotherPinnedRoot() {
        TdxPolicy other = TdxPolicy.builder().acceptAnyMeasurements().pinnedRoot(new TestPki().root).build();
        String reason = rejected(new TdxQuoteVerifier(other).verify(Fixtures.quote(), Fixtures.VALID_AT));
        assertTrue(reason.contains("not the pinned root"), reason);
    }

    @Test
    void appliesMeasurementPolicy() {
        TdxPolicy matching = TdxPolicy.builder()
                .baseline(MeasurementCriteria.builder().mrtd(Fixtures.MRTD).rtmr(0, Fixtures.RTMR0).build()).build();
        assertTrue(new TdxQuoteVerifier(matching).verify(Fixtures.quote(), Fixtures.VALID_AT).isVerified());

        TdxPolicy other = TdxPolicy.builder().baseline(MeasurementCriteria.builder().mrtd("00".repeat(48)).build()).build();
        String reason = rejected(new TdxQuoteVerifier(other).verify(Fixtures.quote(), Fixtures.VALID_AT));
        assertTrue(reason.startsWith("measurements do not match the baseline: MRTD is " + Fixtures.MRTD), reason);
    }

    @Test
    void failsWhenCollateralIsRequiredButAbsent() {
        TdxPolicy strict = TdxPolicy.builder().acceptAnyMeasurements().requireCollateral(true).build();
        String reason = rejected(new TdxQuoteVerifier(strict).verify(Fixtures.quote(), Fixtures.VALID_AT));
        assertEquals("the policy requires collateral (TCB info, QE identity and CRLs) and none was supplied", reason);
    }

    static String rejected(QuoteVerdict verdict) {
        RejectedQuote r = assertInstanceOf(RejectedQuote.class, verdict, () -> "expected a rejection: " + verdict);
        assertFalse(r.reason().isBlank());
        return r.reason();
    }
}
