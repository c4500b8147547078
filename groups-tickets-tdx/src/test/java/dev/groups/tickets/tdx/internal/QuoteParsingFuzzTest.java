package dev.groups.tickets.tdx.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.groups.tickets.tdx.Fixtures;
import dev.groups.tickets.tdx.QuoteVerdict;
import dev.groups.tickets.tdx.RejectedQuote;
import dev.groups.tickets.tdx.TdxPolicy;
import dev.groups.tickets.tdx.TdxQuoteVerifier;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Coverage-guided fuzzing of the TDX quote parser ({@link QuoteParser}) and of the verifier behind it.
 * The contract under test: the parser returns a quote or throws {@link MalformedQuoteException}, nothing
 * else; and the verifier, given what the parser accepted, reaches a verdict through its own checks, never
 * through its catch-all for an unexpected exception ("quote could not be verified").
 *
 * <p>The default build replays {@code QuoteParsingFuzzTestInputs/parse/} (the real v4 quote and two v5 quotes
 * re-framed from it, see {@link FuzzSeeds}; only the v4 one gets past the quote signature, so the checks
 * behind it are reached from that seed); {@code -Pfuzz} fuzzes it (README, "Fuzzing").
 */
public class QuoteParsingFuzzTest {
    /** How the verifier's catch-all reason starts; matched as a prefix, since other reasons quote quote text. */
    private static final String UNEXPECTED = "quote could not be verified";
    private final TdxQuoteVerifier verifier = new TdxQuoteVerifier(TdxPolicy.builder().acceptAnyMeasurements().build());

    @Test
    void theSeedsParseAndTheRealOneVerifies() throws MalformedQuoteException {
        // the real v4 quote gets through every check; the v5 ones, re-framed from it, exercise the v5 parser
        // and stop at the quote signature, which no longer covers their bytes
        List<byte[]> quotes = new FuzzSeeds().quotes;
        for (byte[] quote : quotes) {
            QuoteParser.parse(quote);
        }
        assertTrue(verifier.verify(quotes.get(0), Fixtures.VALID_AT).isVerified());
        for (byte[] v5 : quotes.subList(1, quotes.size())) {
            assertEquals("quote signature does not verify with the attestation key",
                    ((RejectedQuote) verifier.verify(v5, Fixtures.VALID_AT)).reason());
        }
    }

    @FuzzTest(maxDuration = "2m")
    void parse(byte[] quote) {
        try {
            QuoteParser.parse(quote);
        } catch (MalformedQuoteException rejected) {
            return;
        }
        QuoteVerdict verdict = verifier.verify(quote, Fixtures.VALID_AT);
        assertFalse(verdict instanceof RejectedQuote r && r.reason().startsWith(UNEXPECTED),
                () -> verdict + " for " + HexFormat.of().formatHex(quote));
    }
}
