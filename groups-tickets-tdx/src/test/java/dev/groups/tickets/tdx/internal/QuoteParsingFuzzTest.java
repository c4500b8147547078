package dev.groups.tickets.tdx.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.groups.tickets.tdx.Fixtures;
import dev.groups.tickets.tdx.QuoteVerdict;
import dev.groups.tickets.tdx.RejectedQuote;
import dev.groups.tickets.tdx.TdxPolicy;
import dev.groups.tickets.tdx.TdxQuoteVerifier;
import java.util.HexFormat;

/**
 * Coverage-guided fuzzing of the TDX quote parser ({@link QuoteParser}) and of the verifier behind it.
 * The contract under test: the parser returns a quote or throws {@link MalformedQuoteException}, nothing
 * else; and the verifier, given what the parser accepted, reaches a verdict through its own checks, never
 * through its catch-all for an unexpected exception ("quote could not be verified").
 *
 * <p>The default build replays {@code QuoteParsingFuzzTestInputs/parse/} (the real v4 quote and two v5 quotes
 * derived from it, see {@link FuzzSeeds}); {@code -Pfuzz} fuzzes it (README, "Fuzzing").
 */
public class QuoteParsingFuzzTest {
    /** How the verifier's catch-all reason starts; matched as a prefix, since other reasons quote quote text. */
    private static final String UNEXPECTED = "quote could not be verified";
    private final TdxQuoteVerifier verifier = new TdxQuoteVerifier(TdxPolicy.builder().acceptAnyMeasurements().build());

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
