package dev.groups.tickets.tdx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.groups.tickets.tdx.internal.Ecdsa;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The check mosaik lacks: mosaik trusts whatever attestation key a quote carries, so anyone can sign
 * their own measurements. Here the attestation key must be vouched for by a QE report signed by a PCK
 * certificate under the pinned Intel root.
 */
class ForgedQuoteTest {
    private static final TdxQuoteVerifier VERIFIER = new TdxQuoteVerifier(TdxPolicy.builder().acceptAnyMeasurements().build());
    private static final int KEY = 700;
    private static final int QE_REPORT = 770;

    @Test
    void freshAttestationKeyWithForgedQeReportIsRejected() {
        KeyPair forger = TestPki.newKey();
        byte[] quote = Fixtures.quote();
        byte[] key = TestQuotes.rawKey((ECPublicKey) forger.getPublic());
        System.arraycopy(key, 0, quote, KEY, 64);
        // Forge the QE report so that its REPORTDATA commits to the new key, as the real QE would have.
        byte[] authData = Arrays.copyOfRange(quote, 1220, 1252);
        System.arraycopy(Ecdsa.sha256(key, authData), 0, quote, QE_REPORT + 320, 32);
        // Change the measurements too, the point of forging, and re-sign header ‖ body.
        quote[48 + 136] ^= 0x55;
        System.arraycopy(TestQuotes.sign(forger.getPrivate(), Arrays.copyOf(quote, 632)), 0, quote, 636, 64);
        String reason = FixtureQuoteTest.rejected(VERIFIER.verify(quote, Fixtures.VALID_AT));
        assertEquals("QE report signature does not verify with the PCK certificate's key", reason);
    }

    @Test
    void freshAttestationKeyWithTheGenuineQeReportIsRejected() {
        KeyPair forger = TestPki.newKey();
        byte[] quote = Fixtures.quote();
        System.arraycopy(TestQuotes.rawKey((ECPublicKey) forger.getPublic()), 0, quote, KEY, 64);
        System.arraycopy(TestQuotes.sign(forger.getPrivate(), Arrays.copyOf(quote, 632)), 0, quote, 636, 64);
        String reason = FixtureQuoteTest.rejected(VERIFIER.verify(quote, Fixtures.VALID_AT));
        assertEquals("QE report data does not commit to the attestation key and QE auth data", reason);
    }

    @Test
    void selfMadeChainIsRejectedUnderTheIntelRoot() {
        // A complete, internally consistent quote, but under the forger's own "Intel SGX Root CA".
        byte[] quote = new TestQuotes(new TestPki("Forger")).build();
        String reason = FixtureQuoteTest.rejected(VERIFIER.verify(quote, TestPki.NOW));
        assertTrue(reason.contains("not the pinned root"), reason);
    }

    @Test
    void selfMadeChainWithoutItsRootIsRejectedUnderTheIntelRoot() {
        TestPki forger = new TestPki("Forger");
        TestQuotes quotes = new TestQuotes(forger);
        quotes.chain = new X509Certificate[] {forger.pck, forger.ca};
        String reason = FixtureQuoteTest.rejected(VERIFIER.verify(quotes.build(), TestPki.NOW));
        assertTrue(reason.contains("does not chain to the pinned root"), reason);
    }
}
