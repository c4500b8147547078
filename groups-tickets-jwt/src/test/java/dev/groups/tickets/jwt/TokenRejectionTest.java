package dev.groups.tickets.jwt;

import static dev.groups.tickets.jwt.Fixtures.ES256_PUBLIC;
import static dev.groups.tickets.jwt.Fixtures.ES256_SIGNER;
import static dev.groups.tickets.jwt.Fixtures.HOLDER;
import static dev.groups.tickets.jwt.Fixtures.HS256;
import static dev.groups.tickets.jwt.Fixtures.NOW;
import static dev.groups.tickets.jwt.Fixtures.NOW_S;
import static dev.groups.tickets.jwt.Fixtures.PEER;
import static dev.groups.tickets.jwt.Fixtures.assertInvalid;
import static dev.groups.tickets.jwt.Fixtures.assertValid;
import static dev.groups.tickets.jwt.Fixtures.b64;
import static dev.groups.tickets.jwt.Fixtures.signed;
import static dev.groups.tickets.jwt.Fixtures.ticket;

import dev.groups.id.UniqueId;
import dev.groups.tickets.Expiration;
import dev.groups.tickets.Ticket;
import dev.groups.tickets.TicketVerdict;
import dev.groups.tickets.jwt.internal.Base64Url;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** Spec §7.3 steps 1–4 and the checks before them: structure, algorithm, signature, size, class. */
class TokenRejectionTest {
    private static final String CLAIMS = "{\"sub\":\"" + PEER + "\",\"exp\":" + (NOW_S + 60) + "}";
    private static final Expiration EXP = Expiration.at(Instant.ofEpochSecond(NOW_S + 60));
    private static final Jwt HS = Jwt.withKey(HS256).build();
    private static final Jwt ES = Jwt.withKey(Es256.hex(ES256_PUBLIC)).build();

    private static TicketVerdict hs(String token) {
        return HS.validate(ticket(token), HOLDER, NOW);
    }

    private static TicketVerdict es(String token) {
        return ES.validate(ticket(token), HOLDER, NOW);
    }

    private static String[] parts(String token) {
        return token.split("\\.", -1);
    }

    @Test
    void aTokenSignedByAnotherKeyIsRejected() {
        assertValid(hs(signed(HS256, CLAIMS)), EXP);
        assertInvalid(hs(signed(Fixtures.HS256_OTHER, CLAIMS)), "signature does not verify under any configured HS256 key");
        assertInvalid(es(signed(Es256SigningKey.random(), CLAIMS)), "signature does not verify under any configured ES256 key");
    }

    @Test
    void tamperedPayloadOrSignatureIsRejected() {
        String[] p = parts(signed(ES256_SIGNER, CLAIMS));
        String otherClaims = b64(CLAIMS.replace(PEER.toString(), Fixtures.OTHER_PEER.toString()));
        assertInvalid(es(p[0] + "." + otherClaims + "." + p[2]), "signature does not verify");
        byte[] sig = Base64.getUrlDecoder().decode(p[2]);
        sig[10] ^= 1;
        assertInvalid(es(p[0] + "." + p[1] + "." + Base64Url.encode(sig)), "signature does not verify");
        assertInvalid(es(p[0] + "." + p[1] + "." + Base64Url.encode(Arrays.copyOf(sig, 63))), "signature does not verify");
        assertInvalid(es(p[0] + "." + p[1] + "."), "signature does not verify");
        // r = s = 0: the "psychic signature" (CVE-2022-21449) must not verify
        assertInvalid(es(p[0] + "." + p[1] + "." + Base64Url.encode(new byte[64])), "signature does not verify");
        String[] h = parts(signed(HS256, CLAIMS));
        assertInvalid(hs(h[0] + "." + h[1] + "." + h[2].substring(0, h[2].length() - 2) + "AA"), "signature does not verify");
    }

    @Test
    void unsignedTokensAreRejected() {
        String none = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + b64(CLAIMS) + ".";
        assertInvalid(hs(none), "alg \"none\"");
        assertInvalid(es(none), "alg \"none\"");
        assertInvalid(hs(b64("{\"alg\":\"none\"}") + "." + b64(CLAIMS)), "three dot-separated parts");
        assertInvalid(hs(b64("{\"alg\":\"None\"}") + "." + b64(CLAIMS) + "."), "algorithm \"None\" is not accepted");
    }

    @Test
    void hmacSignedWithTheEcPublicKeyIsNotAcceptedByAnEs256Validator() throws GeneralSecurityException {
        // The classic confusion: the attacker uses the public key bytes as an HMAC secret.
        byte[] publicKey = Es256.hex(ES256_PUBLIC).toBytes();
        for (byte[] secret : new byte[][] {publicKey, ES256_PUBLIC.getBytes(StandardCharsets.US_ASCII)}) {
            String input = b64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + b64(CLAIMS);
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            String token = input + "." + Base64Url.encode(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
            assertInvalid(es(token), "algorithm \"HS256\" is not accepted (configured: ES256)");
        }
    }

    @Test
    void algorithmMustMatchAConfiguredKeyExactly() {
        assertInvalid(es(signed(ES256_SIGNER, "{\"alg\":\"es256\"}", CLAIMS)), "algorithm \"es256\" is not accepted");
        assertInvalid(es(signed(ES256_SIGNER, "{\"alg\":\"ES384\"}", CLAIMS)), "algorithm \"ES384\" is not accepted");
        assertInvalid(hs(signed(ES256_SIGNER, CLAIMS)), "algorithm \"ES256\" is not accepted (configured: HS256)");
        assertInvalid(es(signed(ES256_SIGNER, "{\"alg\":\"ES256K\"}", CLAIMS)), "algorithm \"ES256K\"");
        // an ES256 signature presented as HS256 to a validator that has both kinds of key
        Jwt both = Jwt.withKey(HS256).addKey(Es256.hex(ES256_PUBLIC)).build();
        String[] p = parts(signed(ES256_SIGNER, CLAIMS));
        String relabelled = b64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + p[1] + "." + p[2];
        assertInvalid(both.validate(ticket(relabelled), HOLDER, NOW), "signature does not verify under any configured HS256 key");
    }

    @Test
    void rsaAndPssTokensAreRejected() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(1024); // the size is irrelevant: the token is refused before its signature is looked at
        var rsa = g.generateKeyPair();
        String rsInput = b64("{\"alg\":\"RS256\",\"typ\":\"JWT\"}") + "." + b64(CLAIMS);
        Signature rs = Signature.getInstance("SHA256withRSA");
        rs.initSign(rsa.getPrivate());
        rs.update(rsInput.getBytes(StandardCharsets.US_ASCII));
        assertInvalid(es(rsInput + "." + Base64Url.encode(rs.sign())), "algorithm \"RS256\" is not accepted");
        assertInvalid(hs(rsInput + "." + Base64Url.encode(rs.sign())), "algorithm \"RS256\" is not accepted");
        String psInput = b64("{\"alg\":\"PS256\",\"typ\":\"JWT\"}") + "." + b64(CLAIMS);
        Signature ps = Signature.getInstance("RSASSA-PSS");
        ps.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
        ps.initSign(rsa.getPrivate());
        ps.update(psInput.getBytes(StandardCharsets.US_ASCII));
        assertInvalid(es(psInput + "." + Base64Url.encode(ps.sign())), "algorithm \"PS256\" is not accepted");
    }

    @Test
    void headerMustBeAJsonObjectWithAStringAlg() {
        String rest = "." + b64(CLAIMS) + ".AAAA";
        assertInvalid(hs(b64("{\"typ\":\"JWT\"}") + rest), "header has no alg");
        assertInvalid(hs(b64("{\"alg\":256}") + rest), "header alg is not a string");
        assertInvalid(hs(b64("[\"HS256\"]") + rest), "header is not a JSON object");
        assertInvalid(hs(b64("{alg:HS256}") + rest), "header is not valid JSON");
        assertInvalid(hs(b64("{\"alg\":\"HS256\"}x") + rest), "header is not valid JSON");
        assertInvalid(hs(b64("{\"alg\":\"HS256\",\"alg\":\"none\"}") + rest), "duplicate member \"alg\"");
        assertInvalid(hs("!!!!" + rest), "malformed header: not base64url");
        assertInvalid(hs(Base64Url.encode(new byte[] {(byte) 0xff, (byte) 0xfe}) + rest), "header is not UTF-8");
    }

    @Test
    void otherHeaderFieldsAreIgnored() {
        assertValid(hs(signed(HS256, "{\"alg\":\"HS256\"}", CLAIMS)), EXP);
        assertValid(hs(signed(HS256, "{\"kid\":\"k1\",\"typ\":\"at+jwt\",\"x5u\":\"https://x\",\"alg\":\"HS256\"}", CLAIMS)), EXP);
        // b64:true is the default meaning (RFC 7797 §3), so saying it changes nothing
        assertValid(hs(signed(HS256, "{\"alg\":\"HS256\",\"b64\":true}", CLAIMS)), EXP);
    }

    @Test
    void criticalHeaderParametersAreRejectedEvenWhenTheSignatureVerifies() {
        // RFC 7515 §4.1.11: a recipient that does not understand a listed extension must reject the JWS.
        // This validator implements none, so every well-formed crit is refused, naming what it lists.
        assertInvalid(hs(signed(HS256, "{\"alg\":\"HS256\",\"crit\":[\"exp\"],\"exp\":1}", CLAIMS)),
                "header crit names parameters this validator does not understand: exp (RFC 7515 §4.1.11)");
        assertInvalid(hs(signed(HS256, "{\"alg\":\"HS256\",\"crit\":[\"x-a\",\"x-b\"],\"x-a\":1,\"x-b\":2}", CLAIMS)),
                "does not understand: x-a, x-b");
        assertInvalid(es(signed(ES256_SIGNER, "{\"alg\":\"ES256\",\"crit\":[\"http://example.invalid/ext\"]}", CLAIMS)),
                "does not understand: http://example.invalid/ext");
        // a name listed in crit that the header does not carry is no less critical
        assertInvalid(hs(signed(HS256, "{\"alg\":\"HS256\",\"crit\":[\"missing\"]}", CLAIMS)), "does not understand: missing");
    }

    @Test
    void malformedCritIsRejected() {
        for (String crit : new String[] {"[]", "\"exp\"", "[1]", "[\"exp\",null]", "null", "{}", "true"}) {
            assertInvalid(hs(signed(HS256, "{\"alg\":\"HS256\",\"crit\":" + crit + "}", CLAIMS)),
                    "header crit must be a non-empty array of header parameter names");
        }
    }

    @Test
    void critIsRejectedBeforeAnySignatureWork() {
        // the header alone decides: a token with crit and a garbage signature gets the crit reason
        String token = b64("{\"alg\":\"ES256\",\"crit\":[\"exp\"]}") + "." + b64(CLAIMS) + "." + Base64Url.encode(new byte[64]);
        assertInvalid(es(token), "header crit names parameters");
    }

    @Test
    void unencodedPayloadsAreRejected() {
        // RFC 7797 §3: with b64:false the signature covers header_b64 "." payload as raw bytes. Such a token,
        // properly signed, is refused, whether or not b64 is listed in crit as RFC 7797 §6 requires.
        String rawHeaderCrit = "{\"alg\":\"HS256\",\"b64\":false,\"crit\":[\"b64\"]}";
        assertInvalid(hs(unencoded(rawHeaderCrit, CLAIMS)), "does not understand: b64");
        String rawHeader = "{\"alg\":\"HS256\",\"b64\":false}";
        assertInvalid(hs(unencoded(rawHeader, CLAIMS)), "header b64 is not true: unencoded payloads (RFC 7797) are not accepted");
        // the same header over an encoded payload: the signature would verify, but the signer said it signed other bytes
        assertInvalid(hs(signed(HS256, rawHeader, CLAIMS)), "unencoded payloads (RFC 7797) are not accepted");
        assertInvalid(hs(signed(HS256, "{\"alg\":\"HS256\",\"b64\":\"false\"}", CLAIMS)), "header b64 is not true");
        assertInvalid(hs(signed(HS256, "{\"alg\":\"HS256\",\"b64\":null}", CLAIMS)), "header b64 is not true");
    }

    /** An RFC 7797 JWS with an unencoded payload: signed over {@code header_b64 "." payload}, payload sent as is. */
    private static String unencoded(String headerJson, String payload) {
        String input = b64(headerJson) + "." + payload;
        return input + "." + Base64Url.encode(Keys.sign(HS256, input.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void base64urlMustBeStrict() {
        String token = signed(HS256, CLAIMS);
        String[] p = parts(token);
        assertInvalid(hs(p[0] + "=." + p[1] + "." + p[2]), "malformed header: base64url must not be padded");
        assertInvalid(hs(p[0] + "." + p[1] + "." + p[2] + "="), "malformed signature: base64url must not be padded");
        assertInvalid(hs(p[0] + "." + p[1] + "." + p[2].replace('-', '+').replace('_', '/') + "+"), "malformed signature");
        // a signature of 32 bytes ends in a character carrying 4 bits; flip an unused low bit
        String last = p[2].substring(p[2].length() - 1);
        String twin = "AEIMQUYcgkosw048".indexOf(last) >= 0
                ? p[2].substring(0, p[2].length() - 1) + (char) (last.charAt(0) + 1) : p[2];
        assertInvalid(hs(p[0] + "." + p[1] + "." + twin), "non-canonical base64url");
        // claims are decoded after the signature: malformed claims with a valid MAC are a claims error
        String input = p[0] + ".e30*";
        assertInvalid(hs(signedInput(input)), "malformed claims: not base64url");
        assertInvalid(hs(signedInput(p[0] + "." + Base64Url.encode(new byte[] {(byte) 0xc3}))), "claims is not UTF-8");
    }

    private static String signedInput(String input) {
        return input + "." + Base64Url.encode(Keys.sign(HS256, input.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void structureMustBeThreeUtf8Parts() {
        String token = signed(HS256, CLAIMS);
        assertInvalid(hs(""), "three dot-separated parts");
        assertInvalid(hs("abc"), "three dot-separated parts");
        assertInvalid(hs(token.substring(0, token.lastIndexOf('.'))), "three dot-separated parts");
        assertInvalid(hs(token + ".extra"), "malformed signature");
        TicketVerdict notUtf8 = HS.validate(new Ticket(Jwt.CLASS, new byte[] {'a', '.', (byte) 0xc0, (byte) 0x80, '.', 'b'}),
                HOLDER, NOW);
        assertInvalid(notUtf8, "ticket is not UTF-8");
    }

    @Test
    void oversizedTicketsAreRejectedBeforeParsing() {
        String padding = ",\"pad\":\"" + "x".repeat(Jwt.MAX_TICKET_BYTES) + "\"";
        String big = signed(HS256, CLAIMS.replace("}", padding + "}"));
        assertInvalid(hs(big), "more than the 16384 allowed");
        byte[] junk = new byte[Jwt.MAX_TICKET_BYTES + 1];
        assertInvalid(HS.validate(new Ticket(Jwt.CLASS, junk), HOLDER, NOW), "bytes, more than the 16384 allowed");
        String fits = signed(HS256, CLAIMS.replace("}", ",\"pad\":\"" + "x".repeat(8000) + "\"}"));
        assertValid(hs(fits), EXP);
    }

    @Test
    void ticketsOfAnotherClassAreRejected() {
        Ticket other = new Ticket(UniqueId.of("groups.tickets.other"), signed(HS256, CLAIMS).getBytes(StandardCharsets.US_ASCII));
        assertInvalid(HS.validate(other, HOLDER, NOW), "not a JWT ticket");
    }

    @Test
    void nullArgumentsAreAVerdictNotAnException() {
        assertInvalid(HS.validate(null, HOLDER, NOW), "could not be validated");
        assertInvalid(HS.validate(ticket(signed(HS256, CLAIMS)), null, NOW), "could not be validated");
        assertInvalid(HS.validate(ticket(signed(HS256, CLAIMS)), HOLDER, null), "could not be validated");
    }
}
