package dev.groups.tickets.jwt;

import static dev.groups.tickets.jwt.Fixtures.HOLDER;
import static dev.groups.tickets.jwt.Fixtures.HS256;
import static dev.groups.tickets.jwt.Fixtures.NOW;
import static dev.groups.tickets.jwt.Fixtures.NOW_S;
import static dev.groups.tickets.jwt.Fixtures.PEER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.groups.tickets.InvalidTicket;
import dev.groups.tickets.Ticket;
import dev.groups.tickets.TicketVerdict;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * 120,000 hostile tickets through {@link Jwt#validate}: byte-level mutations of valid HS256, ES256 and
 * EdDSA tokens, random bytes and random base64url, and (so that the JSON and claim code is reached past
 * the signature) mutated header and claims JSON <b>signed with the validator's key</b>.
 *
 * <p>Checked: every verdict is a clean one (a reason from a check, never the catch-all for an unexpected
 * exception), and a byte-level mutation of a valid token is never valid. Fixed seed: a failure names the
 * iteration and the input. Most inputs are HMAC-based, so the run takes seconds.
 */
class GarbageTokenFuzzTest {
    private static final int ITERATIONS = 120_000;
    private static final String UNEXPECTED = "could not be validated";
    private static final byte[] SPECIAL = {'.', '=', '+', '/', '-', '_', ' ', 0, (byte) 0xff, (byte) 0xc3, (byte) 0x80, '{', '"', '\\'};
    private static final String[] JSON_SPECIAL = {"{", "}", "[", "]", "\"", ",", ":", "\\", "\\u", "\\ud800", "null", "-",
        "1e999", "18446744073709551616", "0.5", "[[[[[[[[", "\u0000", "é", "\"exp\":", "\"aud\":[", ""};

    private final Jwt jwt = Jwt.withKey(HS256).addKey(Es256.hex(Fixtures.ES256_PUBLIC)).addKey(Fixtures.EDDSA_SIGNER.verifyingKey())
            .allowIssuer("fuzz").maxAge(Duration.ofDays(1)).requireClaim("role", "\"member\"").build();
    private final String claims = "{\"iss\":\"fuzz\",\"sub\":\"" + PEER + "\",\"exp\":" + (NOW_S + 600) + ",\"iat\":" + NOW_S
            + ",\"role\":\"member\",\"extra\":{\"list\":[1,2.5,true,null,\"x\"]}}";
    private final List<byte[]> hmacSeeds = new ArrayList<>();
    private final List<byte[]> slowSeeds = new ArrayList<>();

    GarbageTokenFuzzTest() {
        hmacSeeds.add(ascii(Fixtures.signed(HS256, claims)));
        hmacSeeds.add(ascii(Fixtures.signed(HS256, "{\"alg\":\"HS256\",\"kid\":\"k\"}", claims)));
        hmacSeeds.add(ascii(Fixtures.signed(HS256, claims.replace("\"extra\"", "\"nbf\":" + NOW_S + ",\"more\""))));
        slowSeeds.add(ascii(Fixtures.signed(Fixtures.ES256_SIGNER, claims)));
        slowSeeds.add(ascii(Fixtures.signed(Fixtures.EDDSA_SIGNER, claims)));
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void hostileTicketsGetCleanVerdicts() {
        for (byte[] seed : hmacSeeds) {
            assertTrue(validate(seed).isValid(), "seeds must be valid");
        }
        for (byte[] seed : slowSeeds) {
            assertTrue(validate(seed).isValid(), "seeds must be valid");
        }
        Random random = new Random(0x6a77_2026L);
        int[] kinds = new int[4];
        int validSignedGarbage = 0;
        for (int i = 0; i < ITERATIONS; i++) {
            int kind = random.nextInt(100);
            byte[] input;
            byte[] seed = null;
            if (kind < 55) {
                List<byte[]> seeds = random.nextInt(16) == 0 ? slowSeeds : hmacSeeds;
                seed = seeds.get(random.nextInt(seeds.size()));
                input = mutate(seed, random);
                kinds[0]++;
            } else if (kind < 70) {
                input = randomToken(random);
                kinds[1]++;
            } else if (kind < 97) {
                input = signedGarbage(random);
                kinds[2]++;
            } else {
                input = hostileStructure(random);
                kinds[3]++;
            }
            TicketVerdict verdict = validate(input);
            assertNotNull(verdict);
            if (verdict instanceof InvalidTicket invalid && invalid.reason().contains(UNEXPECTED)) {
                fail("iteration " + i + ": unexpected failure " + invalid.reason() + " for " + show(input));
            }
            if (seed != null && verdict.isValid() && !Arrays.equals(seed, input)) {
                fail("iteration " + i + ": a mutated token is valid: " + show(input));
            }
            if (kind >= 70 && kind < 97 && verdict.isValid()) {
                validSignedGarbage++;
            }
        }
        assertEquals(ITERATIONS, Arrays.stream(kinds).sum());
        assertTrue(Arrays.stream(kinds).allMatch(k -> k > 1000), Arrays.toString(kinds));
        // the claims mutations reach the claim rules: some keep the token valid, most do not
        assertTrue(validSignedGarbage > 100 && validSignedGarbage < kinds[2] / 2, "valid signed garbage: " + validSignedGarbage);
    }

    private TicketVerdict validate(byte[] data) {
        return jwt.validate(new Ticket(Jwt.CLASS, data), HOLDER, NOW);
    }

    /** Flips, special bytes, truncation, extension, deletion, or a duplicated range. */
    private static byte[] mutate(byte[] seed, Random r) {
        byte[] out = seed.clone();
        switch (r.nextInt(6)) {
            case 0 -> {
                for (int k = 0, n = 1 + r.nextInt(4); k < n; k++) {
                    out[r.nextInt(out.length)] ^= (byte) (1 + r.nextInt(255));
                }
            }
            case 1 -> out[r.nextInt(out.length)] = SPECIAL[r.nextInt(SPECIAL.length)];
            case 2 -> out = Arrays.copyOf(seed, r.nextInt(seed.length));
            case 3 -> {
                out = Arrays.copyOf(seed, seed.length + 1 + r.nextInt(8));
                for (int b = seed.length; b < out.length; b++) {
                    out[b] = SPECIAL[r.nextInt(SPECIAL.length)];
                }
            }
            case 4 -> {
                int from = r.nextInt(seed.length);
                int to = from + 1 + r.nextInt(Math.min(40, seed.length - from));
                out = concat(Arrays.copyOf(seed, from), Arrays.copyOfRange(seed, to, seed.length));
            }
            default -> {
                int from = r.nextInt(seed.length);
                int to = from + 1 + r.nextInt(Math.min(40, seed.length - from));
                out = concat(Arrays.copyOf(seed, to), Arrays.copyOfRange(seed, from, seed.length));
            }
        }
        return out;
    }

    private static byte[] randomToken(Random r) {
        if (r.nextBoolean()) {
            byte[] b = new byte[r.nextInt(300)];
            r.nextBytes(b);
            return b;
        }
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        StringBuilder sb = new StringBuilder();
        int parts = 1 + r.nextInt(5);
        for (int p = 0; p < parts; p++) {
            if (p > 0) {
                sb.append('.');
            }
            for (int c = 0, n = r.nextInt(90); c < n; c++) {
                sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
            }
        }
        return ascii(sb.toString());
    }

    /** The claims (or the header) mutated as text, then signed with the validator's HMAC key. */
    private byte[] signedGarbage(Random r) {
        String header = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";
        if (r.nextInt(5) == 0) {
            return ascii(Fixtures.signed(HS256, mutateText(header, r), claims));
        }
        return ascii(Fixtures.signed(HS256, header, mutateText(claims, r)));
    }

    private static String mutateText(String text, Random r) {
        StringBuilder sb = new StringBuilder(text);
        for (int k = 0, n = 1 + r.nextInt(3); k < n; k++) {
            int at = r.nextInt(sb.length() + 1);
            switch (r.nextInt(3)) {
                case 0 -> sb.insert(at, JSON_SPECIAL[r.nextInt(JSON_SPECIAL.length)]);
                case 1 -> {
                    if (at < sb.length()) {
                        sb.deleteCharAt(at);
                    }
                }
                default -> {
                    if (at < sb.length()) {
                        sb.setCharAt(at, (char) (32 + r.nextInt(95)));
                    }
                }
            }
        }
        return sb.toString();
    }

    /** Deep nesting, huge numbers, long strings: signed, so that they reach the JSON reader. */
    private byte[] hostileStructure(Random r) {
        int depth = 1 + r.nextInt(6000);
        String value = switch (r.nextInt(4)) {
            case 0 -> "[".repeat(depth) + "]".repeat(r.nextInt(depth + 1));
            case 1 -> "{\"a\":".repeat(depth / 5 + 1) + "1" + "}".repeat(depth / 5 + 1);
            case 2 -> "1".repeat(depth);
            default -> "\"" + "\\u0041".repeat(depth / 6) + "\"";
        };
        return ascii(Fixtures.signed(HS256, claims.replace("}}", "},\"deep\":" + value + "}")));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static String show(byte[] input) {
        return HexFormat.of().formatHex(input) + " (\"" + new String(input, StandardCharsets.ISO_8859_1) + "\")";
    }
}
