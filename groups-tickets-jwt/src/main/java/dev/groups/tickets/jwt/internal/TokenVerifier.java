package dev.groups.tickets.jwt.internal;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Steps 1–4 of spec §7.3 on a token's bytes, in that order:
 * <ol>
 *   <li>the bytes are UTF-8 and split at the first two dots into three parts (a third dot stays in the
 *       signature part, whose decoding then fails);</li>
 *   <li>the header is base64url, UTF-8, a JSON object with a string {@code alg}, without {@code crit} (this
 *       validator implements no JWS extension, so RFC 7515 §4.1.11 says to reject every critical one) and
 *       without {@code b64} other than {@code true} (an unencoded payload, RFC 7797, would change what the
 *       signature covers); its other fields are ignored;</li>
 *   <li>{@code alg} names, exactly, the algorithm of at least one configured key ({@code none} and every
 *       algorithm without a key, RS*, PS*, an HS* when only public keys are configured…, are rejected), and
 *       the signature verifies under at least one key of that algorithm over {@code header "." claims}
 *       as sent;</li>
 *   <li>the claims are base64url, UTF-8, a JSON object, decoded by {@link Claims#decode}.</li>
 * </ol>
 * The claims are decoded only after the signature verified.
 */
public final class TokenVerifier {
    private TokenVerifier() {}

    public static Claims verify(Policy policy, byte[] token) throws Rejection {
        if (!Utf8.isAscii(token)) {
            Utf8.decode(token, "ticket");
        }
        int firstDot = indexOf(token, 0);
        int secondDot = firstDot < 0 ? -1 : indexOf(token, firstDot + 1);
        if (secondDot < 0) {
            throw new Rejection("not a JWT: expected three dot-separated parts");
        }
        String alg = header(Base64Url.decode(token, 0, firstDot, "header"));
        List<VerificationKey> keys = policy.keysFor(alg);
        if (keys.isEmpty()) {
            throw new Rejection("none".equals(alg) ? "unsigned tokens (alg \"none\") are never accepted"
                    : "algorithm \"" + Strings.printable(alg) + "\" is not accepted (configured: "
                    + String.join(", ", policy.algorithms()) + ")");
        }
        byte[] signature = Base64Url.decode(token, secondDot + 1, token.length, "signature");
        byte[] signingInput = Arrays.copyOf(token, secondDot);
        if (keys.stream().noneMatch(k -> k.check().verifies(signingInput, signature))) {
            throw new Rejection("signature does not verify under any configured " + alg + " key");
        }
        byte[] claims = Base64Url.decode(token, firstDot + 1, secondDot, "claims");
        return Claims.decode(Json.parseObject(Utf8.decode(claims, "claims"), "claims"));
    }

    /** The header's {@code alg}, once the header is known to ask for nothing this validator does not do. */
    private static String header(byte[] header) throws Rejection {
        Map<String, Object> json = Json.parseObject(Utf8.decode(header, "header"), "header");
        Object alg = json.get("alg");
        if (alg == null) {
            throw new Rejection("header has no alg");
        }
        if (!(alg instanceof String s)) {
            throw new Rejection("header alg is not a string");
        }
        if (json.containsKey("crit")) {
            throw new Rejection(critical(json.get("crit")));
        }
        // RFC 7797 wants b64 listed in crit, which is refused above; a b64:false without crit is refused too,
        // because a signer that meant it signed other bytes than the ones this validator would check.
        Object b64 = json.get("b64");
        if (b64 != null && !Boolean.TRUE.equals(b64)) {
            throw new Rejection("header b64 is not true: unencoded payloads (RFC 7797) are not accepted");
        }
        return s;
    }

    /** Why a header with this {@code crit} value is refused: malformed, or naming what is not understood. */
    private static String critical(Object crit) {
        if (!(crit instanceof List<?> names) || names.isEmpty() || !names.stream().allMatch(n -> n instanceof String)) {
            return "header crit must be a non-empty array of header parameter names (RFC 7515 §4.1.11)";
        }
        StringBuilder listed = new StringBuilder();
        for (Object name : names) {
            listed.append(listed.length() == 0 ? "" : ", ").append(Strings.printable((String) name));
        }
        return "header crit names parameters this validator does not understand: "
                + Strings.printable(listed.toString()) + " (RFC 7515 §4.1.11)";
    }

    private static int indexOf(byte[] data, int from) {
        for (int i = from; i < data.length; i++) {
            if (data[i] == '.') {
                return i;
            }
        }
        return -1;
    }
}
