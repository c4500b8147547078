package dev.groups.tickets.tdx.internal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One signed collateral document from Intel's PCS (or a PCCS): {@code {"<member>": {...}, "signature": "<hex r‖s>"}}.
 * The signature covers the exact UTF-8 text of the member's value. Accepts the raw JSON body or a saved
 * HTTP response, whose {@code …-Issuer-Chain} header (URL-encoded PEM) carries the signing chain.
 *
 * @param issuerChain the signing chain from the HTTP header; empty for a raw JSON body
 */
public record SignedDocument(String member, byte[] signedBytes, byte[] signature, JsonFields content,
                             List<X509Certificate> issuerChain) {

    public static SignedDocument parse(byte[] input, String member) {
        List<X509Certificate> chain = List.of();
        byte[] body = input;
        if (startsWith(input, "HTTP/")) {
            int split = headerEnd(input);
            String headers = new String(input, 0, split, StandardCharsets.ISO_8859_1);
            body = Arrays.copyOfRange(input, split, input.length);
            chain = issuerChain(headers);
        }
        Json.Document doc = Json.parseObject(utf8(body));
        if (!doc.root().keySet().equals(Set.of(member, "signature"))) {
            throw new IllegalArgumentException("expected a JSON object with exactly \"" + member
                    + "\" and \"signature\", got " + doc.root().keySet());
        }
        JsonFields top = new JsonFields(doc.root(), "$");
        byte[] signature = top.hex("signature", 64);
        byte[] signed = doc.rawMembers().get(member).getBytes(StandardCharsets.UTF_8);
        return new SignedDocument(member, signed, signature, top.object(member), chain);
    }

    private static List<X509Certificate> issuerChain(String headers) {
        for (String line : headers.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).endsWith("issuer-chain")) {
                return Pem.certificates(percentDecode(line.substring(colon + 1).trim()));
            }
        }
        throw new IllegalArgumentException("the HTTP response has no …-Issuer-Chain header");
    }

    /** Percent-decoding only: unlike form decoding, '+' stays '+' (base64 uses it). */
    static byte[] percentDecode(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()) {
                    throw new IllegalArgumentException("truncated percent-encoding in the issuer chain header");
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new IllegalArgumentException("invalid percent-encoding in the issuer chain header");
                }
                out.write(hi << 4 | lo);
                i += 2;
            } else {
                out.write(c);
            }
        }
        return out.toByteArray();
    }

    private static int headerEnd(byte[] input) {
        for (int i = 0; i + 1 < input.length; i++) {
            if (input[i] == '\n' && input[i + 1] == '\n') {
                return i + 2;
            }
            if (i + 3 < input.length && input[i] == '\r' && input[i + 1] == '\n' && input[i + 2] == '\r'
                    && input[i + 3] == '\n') {
                return i + 4;
            }
        }
        throw new IllegalArgumentException("the HTTP response has no end of headers");
    }

    private static boolean startsWith(byte[] input, String prefix) {
        if (input.length < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (input[i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static String utf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("collateral is not valid UTF-8", e);
        }
    }
}
