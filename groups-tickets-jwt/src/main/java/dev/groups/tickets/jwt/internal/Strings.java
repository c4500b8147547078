package dev.groups.tickets.jwt.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;

/** Helpers for text that comes from tokens or configuration. */
public final class Strings {
    /** Longest piece of token text quoted in a rejection reason. */
    static final int MAX_QUOTED = 64;

    /** Orders strings by their UTF-8 bytes, unsigned (Rust's {@code String} order, unlike {@code String.compareTo}). */
    public static final Comparator<String> UTF8_ORDER = (a, b) ->
            Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

    private Strings() {}

    /**
     * Token text made safe to put in a log line: control characters become {@code ?} and anything longer
     * than {@value #MAX_QUOTED} characters is cut with an ellipsis.
     */
    public static String printable(String s) {
        StringBuilder sb = new StringBuilder(Math.min(s.length(), MAX_QUOTED + 1));
        for (int i = 0; i < s.length() && i < MAX_QUOTED; i++) {
            char c = s.charAt(i);
            sb.append(Character.isISOControl(c) || Character.isSurrogate(c) ? '?' : c);
        }
        if (s.length() > MAX_QUOTED) {
            sb.append('…');
        }
        return sb.toString();
    }
}
