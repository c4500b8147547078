package dev.groups.tickets.tdx;

import static dev.groups.tickets.tdx.FixtureQuoteTest.rejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.cert.CRLException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Complete quotes built under a test PKI: every policy check, with the pinned root replaced. */
class TestPkiQuoteTest {
    private static final TestPki PKI = new TestPki();
    private static final TdxPolicy POLICY = TdxPolicy.builder().acceptAnyMeasurements().pinnedRoot(PKI.root).build();

    private static QuoteVerdict verify(TdxPolicy policy, byte[] quote) {
        return new TdxQuoteVerifier(policy).verify(quote, TestPki.NOW);
    }

    @Test
    void version4Verifies() {
        VerifiedQuote q = assertInstanceOf(VerifiedQuote.class, verify(POLICY, new TestQuotes(PKI).build()));
        assertEquals(4, q.version());
        assertEquals(TestQuotes.MRTD, q.report().mrTd().toString());
        assertEquals(TestPki.NOT_BEFORE, q.validFrom());
        assertEquals(TestPki.NOT_AFTER, q.validUntil());
    }

    @Test
    void version5WithTdx10AndTdx15BodiesVerifies() {
        VerifiedQuote v10 = assertInstanceOf(VerifiedQuote.class, verify(POLICY, new TestQuotes(PKI).version5(2).build()));
        assertEquals(5, v10.version());
        assertTrue(!v10.report().isTdx15());
        VerifiedQuote v15 = assertInstanceOf(VerifiedQuote.class, verify(POLICY, new TestQuotes(PKI).version5(3).build()));
        assertTrue(v15.report().isTdx15());
        assertEquals(TestQuotes.RTMR0, v15.report().rtmr(0).toString());
    }

    @Test
    void debugTdIsRejectedUnlessAllowed() {
        byte[] quote = new TestQuotes(PKI).debug().build();
        String reason = rejected(verify(POLICY, quote));
        assertTrue(reason.contains("debug mode"), reason);
        VerifiedQuote q = assertInstanceOf(VerifiedQuote.class,
                verify(POLICY.toBuilder().allowDebug(true).build(), quote));
        assertTrue(q.report().isDebug());
    }

    @Test
    void measurementMismatchIsRejected() {
        byte[] quote = new TestQuotes(PKI).build();
        TdxPolicy wrongRtmr = POLICY.toBuilder()
                .baseline(MeasurementCriteria.builder().mrtd(TestQuotes.MRTD).rtmr(0, "33".repeat(48)).build()).build();
        assertTrue(rejected(verify(wrongRtmr, quote)).contains("RTMR0 is " + TestQuotes.RTMR0));
        TdxPolicy ownerRequired = POLICY.toBuilder().baseline(MeasurementCriteria.builder()
                .require(MeasurementCriteria.Register.MROWNER, "44".repeat(48)).build()).build();
        assertTrue(rejected(verify(ownerRequired, quote)).contains("MROWNER"));
    }

    @Test
    void alternativesNeedOneMatch() {
        byte[] quote = new TestQuotes(PKI).build();
        MeasurementCriteria other = MeasurementCriteria.builder().mrtd("55".repeat(48)).build();
        MeasurementCriteria mine = MeasurementCriteria.builder().mrtd(TestQuotes.MRTD).build();
        assertTrue(verify(POLICY.toBuilder().allowAlternative(other).allowAlternative(mine).build(), quote).isVerified());
        String reason = rejected(verify(POLICY.toBuilder().allowAlternative(other).build(), quote));
        assertTrue(reason.contains("none of the 1 allowed alternatives"), reason);
    }

    @Test
    void qeReportSignedByAnotherKeyIsRejected() {
        TestQuotes quotes = new TestQuotes(PKI);
        quotes.qeReportSigner = TestPki.newKey().getPrivate();
        assertEquals("QE report signature does not verify with the PCK certificate's key",
                rejected(verify(POLICY, quotes.build())));
    }

    @Test
    void aTcbSigningCertificateCannotStandInForThePckCertificate() {
        TestQuotes quotes = new TestQuotes(PKI);
        quotes.chain = new X509Certificate[] {PKI.tcbSigning, PKI.root};
        quotes.qeReportSigner = PKI.tcbSigningKey.getPrivate();
        assertTrue(rejected(verify(POLICY, quotes.build())).contains("is not a PCK certificate"));
    }

    /** Test-signed TCB info and QE identity (UpToDate for {@link TestQuotes}) with exactly these CRLs. */
    private static TdxCollateral withCrls(X509CRL... crls) {
        return new TestCollateral().build(PKI, List.of(crls));
    }

    @Test
    void crlRevokingThePckCertificateFailsVerification() {
        byte[] quote = new TestQuotes(PKI).build();
        TdxCollateral revoked = withCrls(PKI.crl(PKI.ca, PKI.caKey, PKI.pck), PKI.crl(PKI.root, PKI.rootKey));
        String reason = rejected(new TdxQuoteVerifier(POLICY, revoked).verify(quote, TestPki.NOW));
        assertTrue(reason.contains("is revoked by the CRL of 'Intel SGX PCK Platform CA'"), reason);

        TdxCollateral clean = withCrls(PKI.crl(PKI.ca, PKI.caKey), PKI.crl(PKI.root, PKI.rootKey));
        VerifiedQuote verified = assertInstanceOf(VerifiedQuote.class, new TdxQuoteVerifier(POLICY, clean).verify(quote, TestPki.NOW));
        assertEquals(Optional.of(TcbStatus.UP_TO_DATE), verified.tcbStatus());
    }

    @Test
    void crlRevokingTheCaFailsVerification() {
        byte[] quote = new TestQuotes(PKI).build();
        TdxCollateral revoked = withCrls(PKI.crl(PKI.ca, PKI.caKey), PKI.crl(PKI.root, PKI.rootKey, PKI.ca));
        assertTrue(rejected(new TdxQuoteVerifier(POLICY, revoked).verify(quote, TestPki.NOW)).contains("is revoked"));
    }

    @Test
    void forgedOrStaleCrlsAreRejected() {
        byte[] quote = new TestQuotes(PKI).build();
        TestPki impostor = new TestPki(); // same names, other keys
        TdxCollateral forged = withCrls(impostor.crl(impostor.ca, impostor.caKey), PKI.crl(PKI.root, PKI.rootKey));
        assertTrue(rejected(new TdxQuoteVerifier(POLICY, forged).verify(quote, TestPki.NOW)).contains("is not signed by it"));
        TdxCollateral stale = withCrls(PKI.crl(PKI.ca, PKI.caKey, TestPki.NOT_BEFORE, Instant.parse("2025-01-01T00:00:00Z")),
                PKI.crl(PKI.root, PKI.rootKey));
        assertTrue(rejected(new TdxQuoteVerifier(POLICY, stale).verify(quote, TestPki.NOW)).contains("is not current"));
    }

    @Test
    void suppliedCollateralChecksRevocationOfEveryCaWithoutBeingAskedTo() {
        // POLICY does not set requireCollateral: supplying collateral is enough to make every CRL mandatory,
        // so a missing CRL is a rejection rather than an unchecked certificate
        byte[] quote = new TestQuotes(PKI).build();
        String noRootCrl = rejected(new TdxQuoteVerifier(POLICY, withCrls(PKI.crl(PKI.ca, PKI.caKey))).verify(quote, TestPki.NOW));
        assertTrue(noRootCrl.contains("no CRL of 'Intel SGX Root CA' was supplied"), noRootCrl);
        String noCaCrl = rejected(new TdxQuoteVerifier(POLICY, withCrls(PKI.crl(PKI.root, PKI.rootKey))).verify(quote, TestPki.NOW));
        assertTrue(noCaCrl.contains("no CRL of 'Intel SGX PCK Platform CA' was supplied"), noCaCrl);
    }

    @Test
    void halfCollateralIsRefusedWhenBuilt() {
        // CRLs alone would check revocation and silently skip the TCB status; TCB info alone, the reverse
        IllegalArgumentException crlsOnly = assertThrows(IllegalArgumentException.class, () -> TdxCollateral.builder()
                .crl(encoded(PKI.crl(PKI.ca, PKI.caKey))).crl(encoded(PKI.crl(PKI.root, PKI.rootKey))).build());
        assertTrue(crlsOnly.getMessage().contains("CRLs were supplied without TCB info and QE identity"), crlsOnly.getMessage());
        IllegalArgumentException tcbOnly = assertThrows(IllegalArgumentException.class, () -> new TestCollateral().build(PKI, List.of()));
        assertTrue(tcbOnly.getMessage().contains("TCB info was supplied without CRLs"), tcbOnly.getMessage());
    }

    @Test
    void requiredCollateralRejectsQuotesWhenNoneIsSupplied() {
        byte[] quote = new TestQuotes(PKI).build();
        TdxPolicy strict = POLICY.toBuilder().requireCollateral(true).build();
        String reason = rejected(new TdxQuoteVerifier(strict, TdxCollateral.none()).verify(quote, TestPki.NOW));
        assertTrue(reason.contains("requires collateral"), reason);
        assertTrue(new TdxQuoteVerifier(strict, new TestCollateral().build(PKI)).verify(quote, TestPki.NOW).isVerified());
    }

    static byte[] encoded(X509CRL crl) {
        try {
            return crl.getEncoded();
        } catch (CRLException e) {
            throw new IllegalStateException(e);
        }
    }
}
