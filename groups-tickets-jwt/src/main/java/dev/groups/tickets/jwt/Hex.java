package dev.groups.tickets.jwt;

import java.util.HexFormat;

/** Hex decoding with messages that name the key kind and never echo key material. */
final class Hex {
    private Hex() {}

    static byte[] parse(String hex, String what) {
        if (hex == null) {
            throw new IllegalArgumentException(what + ": hex string is null");
        }
        String h = hex.strip();
        if (h.length() % 2 != 0) {
            throw new IllegalArgumentException(what + ": hex string has an odd number of characters (" + h.length() + ")");
        }
        try {
            return HexFormat.of().parseHex(h);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + ": not a hex string", e);
        }
    }
}
