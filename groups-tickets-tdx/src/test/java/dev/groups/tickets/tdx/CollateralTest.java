package dev.groups.tickets.tdx;

import static dev.groups.tickets.tdx.FixtureQuoteTest.rejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Intel's signed collateral: the real samples, then test-signed documents driving Intel's TCB algorithm. */
class CollateralTest {
    private static final TestPki PKI = new TestPki();
    private static final TdxPolicy POLICY = TdxPolicy.builder().acceptAnyMeasurements().pinnedRoot(PKI.root).build();

    @Test
    void fixtureTcbInfoAndQeIdentityVerifyWithIntelsSigningChain() {
        assertEquals(Optional.empty(), Fixtures.collateral().verify(TdxPolicy.intelRoot(), Fixtures.COLLATERAL_AT));
    }

    @Test
    void fixtureCollateralIsNotCurrentLater() {
        // The TCB signing certificate of those days expired on 2025-05-21; the documents on 2023-07-18.
        String problem = Fixtures.collateral().verify(TdxPolicy.intelRoot(), Fixtures.VALID_AT).orElseThrow();
        assertTrue(problem.contains("'Intel SGX TCB Signing' is not valid at 2026-01-01T00:00:00Z"), problem);
        String stale = Fixtures.collateral().verify(TdxPolicy.intelRoot(), Instant.parse("2023-08-01T00:00:00Z"))
                .orElseThrow();
        assertTrue(stale.contains("TCB info is not current"), stale);
    }

    @Test
    void tamperedFixtureCollateralFails() {
        String tcb = new String(Fixtures.read("sample_tcbInfo_response"), StandardCharsets.UTF_8);
        TdxCollateral tampered = TdxCollateral.builder()
                .tcbInfo(tcb.replace("\"pcesvn\":5", "\"pcesvn\":4").getBytes(StandardCharsets.UTF_8))
                .qeIdentity(Fixtures.read("sample_qeIdentity_response"))
                .signingChain(Fixtures.read("intel_sgx_tcb_signing.pem"))
                .crl(Fixtures.read("pckcrl")).crl(Fixtures.read("rootcrl.der")).build();
        assertEquals("TCB info: signature does not verify with 'Intel SGX TCB Signing'",
                tampered.verify(TdxPolicy.intelRoot(), Fixtures.COLLATERAL_AT).orElseThrow());

        String qe = new String(Fixtures.read("sample_qeIdentity_response"), StandardCharsets.UTF_8);
        TdxCollateral tamperedQe = TdxCollateral.builder().tcbInfo(Fixtures.read("sample_tcbInfo_response"))
                .qeIdentity(qe.replace("\"isvsvn\":4", "\"isvsvn\":3").getBytes(StandardCharsets.UTF_8))
                .signingChain(Fixtures.read("intel_sgx_tcb_signing.pem"))
                .crl(Fixtures.read("pckcrl")).crl(Fixtures.read("rootcrl.der")).build();
        assertEquals("QE identity: signature does not verify with 'Intel SGX TCB Signing'",
                tamperedQe.verify(TdxPolicy.intelRoot(), Fixtures.COLLATERAL_AT).orElseThrow());
    }

    @Test
    void fixtureCollateralAsHttpResponsesCarriesItsOwnSigningChain() {
        String chain = URLEncoder.encode(new String(Fixtures.read("intel_sgx_tcb_signing.pem"), StandardCharsets.US_ASCII)
                + new String(Fixtures.read("intel_sgx_root_ca.pem"), StandardCharsets.US_ASCII), StandardCharsets.UTF_8)
                .replace("+", "%20");
        TdxCollateral http = TdxCollateral.builder()
                .tcbInfo(http("TCB-Info-Issuer-Chain", chain, Fixtures.read("sample_tcbInfo_response")))
                .qeIdentity(http("SGX-Enclave-Identity-Issuer-Chain", chain, Fixtures.read("sample_qeIdentity_response")))
                .crl(Fixtures.read("pckcrl")).crl(Fixtures.read("rootcrl.der"))
                .build();
        assertEquals(Optional.empty(), http.verify(TdxPolicy.intelRoot(), Fixtures.COLLATERAL_AT));
        assertTrue(http.verify(PKI.root, Fixtures.COLLATERAL_AT).orElseThrow().contains("not the pinned root"));
    }

    /**
     * The real quote with the real collateral: every signature, the CRLs, FMSPC, TDX module and QE
     * identity pass, but the PCK certificate (issued 2022) records SGX TCB component 0 = 3, while both
     * levels of this (trimmed) TCB info sample require 5: Intel's algorithm finds no level.
     */
    @Test
    void fixtureQuoteWithFixtureCollateralHasNoMatchingTcbLevel() {
        QuoteVerdict verdict = new TdxQuoteVerifier(TdxPolicy.builder().acceptAnyMeasurements().build(), Fixtures.collateral())
                .verify(Fixtures.quote(), Fixtures.COLLATERAL_AT);
        assertEquals("TCB level not supported: no level of the TCB info is met by the platform (SGX TCB of the PCK "
                + "certificate [3, 3, 2, 2, 2, 1, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0], PCESVN 11)", rejected(verdict));
    }

    @Test
    void upToDateLevelIsAccepted() {
        VerifiedQuote q = assertInstanceOf(VerifiedQuote.class, verify(POLICY, new TestCollateral(), new TestQuotes(PKI)));
        assertEquals(Optional.of(TcbStatus.UP_TO_DATE), q.tcbStatus());
        assertEquals(List.of("INTEL-SA-00000"), q.advisoryIds());
        // The collateral's own validity narrows the window.
        assertEquals(Instant.parse(TestCollateral.ISSUED), q.validFrom());
        assertEquals(Instant.parse(TestCollateral.NEXT_UPDATE), q.validUntil());
    }

    @Test
    void outOfDateLevelIsRejectedUnlessThePolicyAcceptsIt() {
        TestCollateral c = new TestCollateral();
        c.tcbLevels = List.of(
                TestCollateral.level(TestCollateral.with(TestPki.SGX_TCB, 0, 9), 11, TestCollateral.TDX_TCB, "UpToDate"),
                TestCollateral.level(TestPki.SGX_TCB, 11, TestCollateral.TDX_TCB, "OutOfDate"));
        assertEquals("TCB status OutOfDate is not accepted by the policy (advisories INTEL-SA-00000)",
                rejected(verify(POLICY, c, new TestQuotes(PKI))));
        TdxPolicy lenient = POLICY.toBuilder().acceptTcbStatuses(EnumSet.of(TcbStatus.UP_TO_DATE, TcbStatus.OUT_OF_DATE))
                .build();
        VerifiedQuote q = assertInstanceOf(VerifiedQuote.class, verify(lenient, c, new TestQuotes(PKI)));
        assertEquals(Optional.of(TcbStatus.OUT_OF_DATE), q.tcbStatus());
    }

    @Test
    void teeTcbBelowEveryLevelIsNotSupported() {
        TestCollateral c = new TestCollateral();
        c.tcbLevels = List.of(TestCollateral.level(TestPki.SGX_TCB, 11, TestCollateral.with(TestCollateral.TDX_TCB, 2, 9),
                "UpToDate"));
        assertTrue(rejected(verify(POLICY, c, new TestQuotes(PKI))).startsWith("TCB level not supported"));
    }

    @Test
    void outOfDateQuotingEnclaveMakesTheStatusOutOfDate() {
        TestCollateral c = new TestCollateral();
        c.qeLevels = List.of(TestCollateral.qeLevel(5, "UpToDate"), TestCollateral.qeLevel(4, "OutOfDate"));
        TdxPolicy lenient = POLICY.toBuilder().acceptTcbStatuses(EnumSet.of(TcbStatus.OUT_OF_DATE)).build();
        assertEquals(Optional.of(TcbStatus.OUT_OF_DATE),
                assertInstanceOf(VerifiedQuote.class, verify(lenient, c, new TestQuotes(PKI))).tcbStatus());
    }

    @Test
    void revokedTcbIsNeverAccepted() {
        TestCollateral c = new TestCollateral();
        c.tcbLevels = List.of(TestCollateral.level(TestPki.SGX_TCB, 11, TestCollateral.TDX_TCB, "Revoked"));
        assertTrue(rejected(verify(POLICY, c, new TestQuotes(PKI))).startsWith("TCB status Revoked is not accepted"));
        assertThrows(IllegalArgumentException.class,
                () -> TdxPolicy.builder().acceptTcbStatuses(EnumSet.of(TcbStatus.REVOKED)));
    }

    @Test
    void identityMismatchesAreRejected() {
        TestCollateral qe = new TestCollateral();
        qe.qeMrSigner = "AB".repeat(32);
        assertTrue(rejected(verify(POLICY, qe, new TestQuotes(PKI))).startsWith("QE identity mismatch: the QE's MRSIGNER"));
        TestCollateral fmspc = new TestCollateral();
        fmspc.fmspc = "00906ed50000";
        assertTrue(rejected(verify(POLICY, fmspc, new TestQuotes(PKI))).startsWith("TCB info is for FMSPC 00906ed50000"));
        TestQuotes versioned = new TestQuotes(PKI);
        versioned.body[1] = 1; // TDX module version 1, but the TCB info has no TDX_01 identity
        assertTrue(rejected(verify(POLICY, new TestCollateral(), versioned)).startsWith("TDX module mismatch"));
    }

    @Test
    void outdatedModuleOnTdx15IsAdvisedToRelaunch() {
        TestCollateral c = new TestCollateral();
        c.moduleIdentities = "\"tdxModuleIdentities\":[{\"id\":\"TDX_01\",\"mrsigner\":\"" + "0".repeat(96)
                + "\",\"attributes\":\"0000000000000000\",\"attributesMask\":\"FFFFFFFFFFFFFFFF\",\"tcbLevels\":["
                + "{\"tcb\":{\"isvsvn\":5},\"tcbDate\":\"2030-01-01T00:00:00Z\",\"tcbStatus\":\"UpToDate\"},"
                + "{\"tcb\":{\"isvsvn\":0},\"tcbDate\":\"2030-01-01T00:00:00Z\",\"tcbStatus\":\"OutOfDate\"}]}],";
        TdxPolicy any = POLICY.toBuilder().acceptTcbStatuses(EnumSet.complementOf(EnumSet.of(TcbStatus.REVOKED))).build();
        TestQuotes v4 = new TestQuotes(PKI);
        v4.body[1] = 1; // module version 1, ISVSVN 3: OutOfDate by the module's levels
        assertEquals(Optional.of(TcbStatus.OUT_OF_DATE),
                assertInstanceOf(VerifiedQuote.class, verify(any, c, v4)).tcbStatus());
        TestQuotes v15 = new TestQuotes(PKI).version5(3);
        v15.body[1] = 1;
        v15.body[584] = 5; // TEE_TCB_SVN2: the updated module (ISVSVN 5, version 1) is already loaded
        v15.body[585] = 1;
        v15.body[586] = 4;
        assertEquals(Optional.of(TcbStatus.TD_RELAUNCH_ADVISED),
                assertInstanceOf(VerifiedQuote.class, verify(any, c, v15)).tcbStatus());
    }

    @Test
    void staleOrForeignCollateralIsRejected() {
        TestCollateral stale = new TestCollateral();
        stale.nextUpdate = "2030-05-15T00:00:00Z";
        assertTrue(rejected(verify(POLICY, stale, new TestQuotes(PKI))).contains("TCB info is not current"));
        TestPki other = new TestPki("Other");
        // documents signed under another root, with this PKI's CRLs so that the PCK chain itself passes
        TdxCollateral foreign = new TestCollateral().build(other, List.of(PKI.crl(PKI.ca, PKI.caKey), PKI.crl(PKI.root, PKI.rootKey)));
        String reason = rejected(new TdxQuoteVerifier(POLICY, foreign).verify(new TestQuotes(PKI).build(), TestPki.NOW));
        assertTrue(reason.contains("TCB info signing chain"), reason);
    }

    @Test
    void malformedCollateralIsRefusedWhenBuilt() {
        assertThrows(IllegalArgumentException.class, () -> TdxCollateral.builder().tcbInfo("{}".getBytes()));
        assertThrows(IllegalArgumentException.class, () -> TdxCollateral.builder()
                .tcbInfo(Fixtures.read("sample_qeIdentity_response")));
        assertThrows(IllegalArgumentException.class, () -> TdxCollateral.builder()
                .tcbInfo(Fixtures.read("sample_tcbInfo_response")).build());
        assertThrows(IllegalArgumentException.class, () -> TdxCollateral.builder().crl(new byte[] {1, 2, 3}));
    }

    private static QuoteVerdict verify(TdxPolicy policy, TestCollateral collateral, TestQuotes quote) {
        return new TdxQuoteVerifier(policy, collateral.build(PKI)).verify(quote.build(), TestPki.NOW);
    }

    private static byte[] http(String header, String value, byte[] body) {
        String head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n" + header + ": " + value + "\r\n\r\n";
        byte[] h = head.getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = new byte[h.length + body.length];
        System.arraycopy(h, 0, out, 0, h.length);
        System.arraycopy(body, 0, out, h.length, body.length);
        return out;
    }
}
