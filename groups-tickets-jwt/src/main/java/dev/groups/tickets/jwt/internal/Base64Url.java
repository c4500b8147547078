package dev.groups.tickets.jwt.internal;

import java.util.Arrays;
import java.util.Base64;

/**
 * Strict base64url without padding (RFC 7515 §2): no {@code '='}, no characters outside the URL-safe
 * alphabet, and only the canonical encoding of each value (the JDK decoder alone accepts non-zero
 * trailing bits, so {@code "QR"} and {@code "QQ"} would both decode to {@code "A"}).
 */
public final class Base64Url {
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private Base64Url() {}

    /** Decodes {@code data[from, to)}. */
    public static byte[] decode(byte[] data, int from, int to, String what) throws Rejection {
        byte[] text = Arrays.copyOfRange(data, from, to);
        for (byte b : text) {
            if (b == '=') {
                throw new Rejection("malformed " + what + ": base64url must not be padded");
            }
        }
        byte[] decoded;
        try {
            decoded = DECODER.decode(text);
        } catch (IllegalArgumentException e) {
            throw new Rejection("malformed " + what + ": not base64url");
        }
        if (!Arrays.equals(ENCODER.encode(decoded), text)) {
            throw new Rejection("malformed " + what + ": non-canonical base64url");
        }
        return decoded;
    }

    public static String encode(byte[] data) {
        return ENCODER.encodeToString(data);
    }
}
