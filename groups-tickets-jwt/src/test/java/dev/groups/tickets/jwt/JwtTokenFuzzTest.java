package dev.groups.tickets.jwt;

import static dev.groups.tickets.jwt.Fixtures.HOLDER;
import static dev.groups.tickets.jwt.Fixtures.HS256;
import static dev.groups.tickets.jwt.Fixtures.NOW;
import static dev.groups.tickets.jwt.Fixtures.NOW_S;
import static dev.groups.tickets.jwt.Fixtures.PEER;
import static dev.groups.tickets.jwt.Fixtures.assertInvalid;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.groups.tickets.InvalidTicket;
import dev.groups.tickets.Ticket;
import dev.groups.tickets.TicketVerdict;
import dev.groups.tickets.jwt.internal.Base64Url;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Coverage-guided fuzzing of the JWT parser behind {@link Jwt#validate}: base64url, UTF-8, the strict JSON
 * reader, the header rules ({@code alg}, {@code crit}, {@code b64}), signature checks and the claim rules.
 * The contract under test: {@code validate} returns a verdict and never throws, and that verdict is never
 * the catch-all for an unexpected exception ("JWT ticket could not be validated: …").
 *
 * <p>The first input byte picks the mode. {@code 'T'}: the rest is the token, as a peer would send it. {@code
 * 'S'}: the rest is header JSON, a NUL byte, and claims JSON, which this harness signs with the validator's
 * HS256 key, so that the fuzzer reaches the JSON reader and claim rules behind the signature check. The
 * default build replays {@code JwtTokenFuzzTestInputs/validate/}; {@code -Pfuzz} fuzzes it (README, "Fuzzing").
 */
public class JwtTokenFuzzTest {
    /** How Jwt.validate's catch-all reason starts; matched as a prefix, since other reasons quote token text. */
    private static final String UNEXPECTED = "JWT ticket could not be validated";
    private static final String CLAIMS = "{\"iss\":\"fuzz\",\"aud\":\"group\",\"sub\":\"" + PEER + "\",\"exp\":" + (NOW_S + 600) + ",\"iat\":"
            + NOW_S + ",\"role\":\"member\",\"extra\":{\"list\":[1,2.5,true,null,\"x\",\"\\u00e9\"]}}";

    // cache off: every input takes the whole path
    private final Jwt jwt = Jwt.withKey(HS256).addKey(Es256.hex(Fixtures.ES256_PUBLIC))
            .addKey(Fixtures.EDDSA_SIGNER.verifyingKey()).allowIssuer("fuzz").allowAudience("group")
            .maxAge(Duration.ofDays(1)).requireClaim("role", "\"member\"").cacheSize(0).build();

    /** The seed corpus: file name to content. */
    public static Map<String, byte[]> seeds() {
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        seeds.put("token-hs256", token(Fixtures.signed(HS256, CLAIMS)));
        seeds.put("token-es256", token(Fixtures.signed(Fixtures.ES256_SIGNER, CLAIMS)));
        seeds.put("token-eddsa", token(Fixtures.signed(Fixtures.EDDSA_SIGNER, CLAIMS)));
        seeds.put("token-none", token(Fixtures.b64("{\"alg\":\"none\"}") + "." + Fixtures.b64(CLAIMS) + "."));
        seeds.put("signed-valid", signedInput("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", CLAIMS));
        seeds.put("signed-crit", signedInput("{\"alg\":\"HS256\",\"crit\":[\"b64\"],\"b64\":false}", CLAIMS));
        seeds.put("signed-nbf-jti", signedInput("{\"alg\":\"HS256\",\"kid\":\"k\"}",
                CLAIMS.replace("\"iss\"", "\"nbf\":" + NOW_S + ",\"jti\":\"j\",\"iss\"")));
        seeds.put("signed-odd-json", signedInput("{\"alg\":\"HS256\"}",
                "{\"sub\":\"" + PEER + "\",\"exp\":1e3,\"n\":-0.5E-7,\"s\":\"\\ud83d\\ude00\\n\",\"a\":[[[{}]]],\"t\":false}"));
        return seeds;
    }

    private static byte[] token(String token) {
        byte[] t = token.getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[t.length + 1];
        out[0] = 'T';
        System.arraycopy(t, 0, out, 1, t.length);
        return out;
    }

    private static byte[] signedInput(String header, String claims) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write('S');
        out.writeBytes(header.getBytes(StandardCharsets.UTF_8));
        out.write(0);
        out.writeBytes(claims.getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    @FuzzTest(maxDuration = "2m")
    void validate(byte[] input) {
        if (input.length == 0) {
            return;
        }
        TicketVerdict verdict = verdict(input);
        assertNotNull(verdict);
        assertFalse(verdict instanceof InvalidTicket invalid && invalid.reason().startsWith(UNEXPECTED),
                () -> "unexpected failure " + verdict + " for " + HexFormat.of().formatHex(input));
    }

    @Test
    void theSeedsReachValidTokensAndEachKindOfRejection() {
        Map<String, byte[]> seeds = seeds();
        for (String valid : new String[] {"token-hs256", "token-es256", "token-eddsa", "signed-valid", "signed-nbf-jti"}) {
            assertTrue(verdict(seeds.get(valid)).isValid(), valid);
        }
        assertInvalid(verdict(seeds.get("token-none")), "alg \"none\"");
        assertInvalid(verdict(seeds.get("signed-crit")), "header crit names parameters");
        assertInvalid(verdict(seeds.get("signed-odd-json")), "exp");
    }

    private TicketVerdict verdict(byte[] input) {
        byte[] rest = Arrays.copyOfRange(input, 1, input.length);
        byte[] token = input[0] == 'S' ? signHeaderAndClaims(rest) : rest;
        return jwt.validate(new Ticket(Jwt.CLASS, token), HOLDER, NOW);
    }

    /** {@code header NUL claims} as raw bytes (not necessarily UTF-8 or JSON), base64url-encoded and HS256-signed. */
    private static byte[] signHeaderAndClaims(byte[] rest) {
        int nul = 0;
        while (nul < rest.length && rest[nul] != 0) {
            nul++;
        }
        byte[] header = Arrays.copyOf(rest, nul);
        byte[] claims = nul < rest.length ? Arrays.copyOfRange(rest, nul + 1, rest.length) : new byte[0];
        String input = Base64Url.encode(header) + "." + Base64Url.encode(claims);
        byte[] signature = Keys.sign(HS256, input.getBytes(StandardCharsets.US_ASCII));
        return (input + "." + Base64Url.encode(signature)).getBytes(StandardCharsets.US_ASCII);
    }
}
