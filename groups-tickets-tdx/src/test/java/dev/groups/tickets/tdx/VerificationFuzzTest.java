package dev.groups.tickets.tdx;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.groups.id.NetworkId;
import dev.groups.id.PeerId;
import dev.groups.tickets.Expiration;
import dev.groups.tickets.tdx.internal.Collateral;
import dev.groups.tickets.tdx.internal.Rejection;
import dev.groups.tickets.tdx.internal.TicketCodec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Fuzzing past the parser: full verification of mutated quotes (including certificates corrupted at
 * the DER level and re-encoded, so the JDK's X.509 parser and PKIX see them), ticket decoding, and
 * collateral parsing. Verification must never fall back to its catch-all for runtime exceptions.
 */
class VerificationFuzzTest {
    private static final String CATCH_ALL = "quote could not be verified";
    private static final int PEM = 1258;
    private static final int PEM_END = 4935;
    /** Bytes that keep mutated JSON close to valid, so that parsing gets past the first error. */
    private static final String JSON_BYTES = "{}[]\":,0123456789aAtfn\\ \u00ff";

    @Test
    void mutatedQuotesAreRejectedWithoutRuntimeExceptions() {
        byte[] quote = Fixtures.quote();
        TdxQuoteVerifier verifier = new TdxQuoteVerifier(TdxPolicy.builder().acceptAnyMeasurements().build(), Fixtures.collateral());
        Random random = new Random(42);
        String pem = new String(quote, PEM, PEM_END - PEM, StandardCharsets.US_ASCII);
        for (int i = 0; i < 600; i++) {
            byte[] input = quote.clone();
            if (i % 2 == 0) {
                input = withCorruptedCertificate(input, pem, random);
            } else {
                for (int k = 0; k <= random.nextInt(3); k++) {
                    input[random.nextInt(input.length)] ^= (byte) (1 + random.nextInt(255));
                }
            }
            QuoteVerdict verdict = verifier.verify(input, Fixtures.COLLATERAL_AT);
            if (verdict instanceof RejectedQuote r) {
                assertFalse(r.reason().startsWith(CATCH_ALL), () -> "runtime exception: " + r.reason());
            }
        }
    }

    /** Flips bytes inside one certificate's DER and re-encodes it canonically (same length, same PEM size). */
    private static byte[] withCorruptedCertificate(byte[] quote, String pem, Random random) {
        String[] blocks = pem.split("(?<=-----END CERTIFICATE-----\n)");
        int which = random.nextInt(blocks.length);
        String body = blocks[which].replace("-----BEGIN CERTIFICATE-----\n", "").replace("-----END CERTIFICATE-----\n", "")
                .replace("\n", "");
        byte[] der = Base64.getDecoder().decode(body);
        for (int k = 0; k <= random.nextInt(4); k++) {
            der[random.nextInt(der.length)] ^= (byte) (1 + random.nextInt(255));
        }
        blocks[which] = "-----BEGIN CERTIFICATE-----\n"
                + new String(Base64.getMimeEncoder(64, new byte[] {'\n'}).encode(der), StandardCharsets.US_ASCII)
                + "\n-----END CERTIFICATE-----\n";
        byte[] replaced = String.join("", blocks).getBytes(StandardCharsets.US_ASCII);
        byte[] out = quote.clone();
        System.arraycopy(replaced, 0, out, PEM, replaced.length);
        return out;
    }

    @Test
    void mutatedTicketsOnlyFailToDecode() {
        byte[] data = TicketCodec.encode(Fixtures.quote(), new TdxExtraData(PeerId.fromBytes(new byte[32]),
                NetworkId.of("n"), Instant.EPOCH, Instant.EPOCH, Expiration.at(Instant.EPOCH)));
        Random random = new Random(7);
        int decoded = 0;
        for (int i = 0; i < 200_000; i++) {
            byte[] input;
            if (i % 4 == 0) {
                input = Arrays.copyOf(data, random.nextInt(data.length + 20));
            } else {
                input = data.clone();
                // Mutate the framing (first 5 bytes) and the extra data (last 81): the quote is opaque here.
                int at = random.nextBoolean() ? random.nextInt(5) : data.length - 1 - random.nextInt(81);
                input[at] ^= (byte) (1 + random.nextInt(255));
            }
            try {
                TicketCodec.decode(input);
                decoded++;
            } catch (Rejection expected) {
                assertFalse(expected.reason().isBlank());
            } catch (RuntimeException e) {
                fail("ticket iteration " + i + " threw " + e, e);
            }
        }
        assertTrue(decoded > 0);
    }

    @Test
    void mutatedCollateralOnlyFailsWithIllegalArgument() {
        byte[] tcb = Fixtures.read("sample_tcbInfo_response");
        byte[] qe = Fixtures.read("sample_qeIdentity_response");
        Random random = new Random(11);
        int parsed = 0;
        for (int i = 0; i < 20_000; i++) {
            boolean isTcb = random.nextBoolean();
            byte[] input = (isTcb ? tcb : qe).clone();
            if (random.nextInt(10) == 0) {
                input = Arrays.copyOf(input, random.nextInt(input.length));
            } else {
                for (int k = 0; k <= random.nextInt(2); k++) {
                    input[random.nextInt(input.length)] = (byte) JSON_BYTES.charAt(random.nextInt(JSON_BYTES.length()));
                }
            }
            try {
                if (isTcb) {
                    Collateral.tcbInfo(input);
                } else {
                    Collateral.qeIdentity(input);
                }
                parsed++;
            } catch (IllegalArgumentException expected) {
                assertFalse(expected.getMessage() == null || expected.getMessage().isBlank());
            } catch (RuntimeException e) {
                fail("collateral iteration " + i + " threw " + e, e);
            }
        }
        assertTrue(parsed > 0);
    }
}
