package dev.groups.tickets.jwt.internal;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Strict UTF-8 decoding: malformed, overlong and surrogate sequences are rejected, not replaced. */
public final class Utf8 {
    private Utf8() {}

    public static String decode(byte[] data, String what) throws Rejection {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(data))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new Rejection(what + " is not UTF-8");
        }
    }

    /** True when every byte is ASCII: then the bytes are valid UTF-8 and decoding is unnecessary. */
    public static boolean isAscii(byte[] data) {
        for (byte b : data) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }
}
