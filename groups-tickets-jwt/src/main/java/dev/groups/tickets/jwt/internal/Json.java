package dev.groups.tickets.jwt.internal;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small strict JSON reader (RFC 8259). General libraries either accept more than JSON (nimbus'
 * shaded Gson is lenient: single quotes, unquoted names, comments) or lose the distinction between
 * {@code 1} and {@code 1.0}, which exact claim equality needs.
 *
 * <p>Values: objects are insertion-ordered unmodifiable {@code Map<String, Object>}, arrays
 * unmodifiable {@code List<Object>}, strings {@code String}, {@code true}/{@code false} {@code Boolean},
 * {@code null} {@link #NULL}, numbers without fraction or exponent {@code BigInteger} (at most
 * {@value #MAX_INTEGER_DIGITS} digits) and all other numbers a finite {@code Double}.
 *
 * <p>Rejected: duplicate member names, trailing content, nesting deeper than {@value #MAX_DEPTH},
 * invalid escapes and lone surrogates. Malformed input gives a {@link Rejection}; nothing else is thrown.
 */
public final class Json {
    /** JSON {@code null}. */
    public static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };
    static final int MAX_DEPTH = 64;
    static final int MAX_INTEGER_DIGITS = 128;

    private final String text;
    private int pos;

    private Json(String text) {
        this.text = text;
    }

    /** Parses one JSON value occupying the whole text (surrounding whitespace allowed). */
    public static Object parse(String text) throws Rejection {
        Json json = new Json(text);
        Object value = json.value(0);
        json.skipWhitespace();
        if (json.pos != text.length()) {
            throw json.error("unexpected content after the JSON value");
        }
        return value;
    }

    /** Parses a JSON object occupying the whole text. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> parseObject(String text, String what) throws Rejection {
        Object value;
        try {
            value = parse(text);
        } catch (Rejection r) {
            throw new Rejection(what + " is not valid JSON: " + r.reason());
        }
        if (!(value instanceof Map)) {
            throw new Rejection(what + " is not a JSON object");
        }
        return (Map<String, Object>) value;
    }

    private Object value(int depth) throws Rejection {
        if (depth > MAX_DEPTH) {
            throw error("JSON nested deeper than " + MAX_DEPTH);
        }
        skipWhitespace();
        char c = peek();
        switch (c) {
            case '{':
                return object(depth);
            case '[':
                return array(depth);
            case '"':
                return string();
            case 't':
                return literal("true", Boolean.TRUE);
            case 'f':
                return literal("false", Boolean.FALSE);
            case 'n':
                return literal("null", NULL);
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return number();
                }
                throw error("unexpected character");
        }
    }

    private Map<String, Object> object(int depth) throws Rejection {
        pos++; // '{'
        Map<String, Object> map = new LinkedHashMap<>();
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            return Collections.unmodifiableMap(map);
        }
        while (true) {
            skipWhitespace();
            if (peek() != '"') {
                throw error("expected a member name");
            }
            String key = string();
            skipWhitespace();
            expect(':');
            Object v = value(depth + 1);
            if (map.putIfAbsent(key, v) != null) {
                throw error("duplicate member \"" + Strings.printable(key) + "\"");
            }
            skipWhitespace();
            char c = next();
            if (c == '}') {
                return Collections.unmodifiableMap(map);
            }
            if (c != ',') {
                throw error("expected ',' or '}'");
            }
        }
    }

    private List<Object> array(int depth) throws Rejection {
        pos++; // '['
        List<Object> list = new ArrayList<>();
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            return Collections.unmodifiableList(list);
        }
        while (true) {
            list.add(value(depth + 1));
            skipWhitespace();
            char c = next();
            if (c == ']') {
                return Collections.unmodifiableList(list);
            }
            if (c != ',') {
                throw error("expected ',' or ']'");
            }
        }
    }

    private String string() throws Rejection {
        pos++; // opening quote
        StringBuilder sb = new StringBuilder();
        while (true) {
            char c = next();
            if (c == '"') {
                return sb.toString();
            }
            if (c < 0x20) {
                throw error("control character in a string");
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            char e = next();
            switch (e) {
                case '"', '\\', '/' -> sb.append(e);
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> unicodeEscape(sb);
                default -> throw error("invalid escape");
            }
        }
    }

    /** A {@code \}{@code uXXXX} escape; a surrogate must be half of an escaped pair. */
    private void unicodeEscape(StringBuilder sb) throws Rejection {
        char c = (char) hex4();
        if (Character.isLowSurrogate(c)) {
            throw error("lone low surrogate in a \\u escape");
        }
        if (Character.isHighSurrogate(c)) {
            if (!text.startsWith("\\u", pos)) {
                throw error("lone high surrogate in a \\u escape");
            }
            pos += 2;
            char low = (char) hex4();
            if (!Character.isLowSurrogate(low)) {
                throw error("lone high surrogate in a \\u escape");
            }
            sb.append(c).append(low);
            return;
        }
        sb.append(c);
    }

    private int hex4() throws Rejection {
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int d = Character.digit(next(), 16);
            if (d < 0) {
                throw error("invalid \\u escape");
            }
            v = v << 4 | d;
        }
        return v;
    }

    private Object number() throws Rejection {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        int intDigits = digits();
        if (intDigits == 0 || (intDigits > 1 && text.charAt(pos - intDigits) == '0')) {
            throw error("invalid number");
        }
        boolean integer = true;
        if (at('.')) {
            pos++;
            integer = false;
            if (digits() == 0) {
                throw error("invalid number");
            }
        }
        if (at('e') || at('E')) {
            pos++;
            integer = false;
            if (at('+') || at('-')) {
                pos++;
            }
            if (digits() == 0) {
                throw error("invalid number");
            }
        }
        String literal = text.substring(start, pos);
        if (integer) {
            if (intDigits > MAX_INTEGER_DIGITS) {
                throw error("integer longer than " + MAX_INTEGER_DIGITS + " digits");
            }
            return new BigInteger(literal);
        }
        double d = Double.parseDouble(literal);
        if (Double.isInfinite(d)) {
            throw error("number out of range");
        }
        return d;
    }

    private int digits() {
        int start = pos;
        while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
            pos++;
        }
        return pos - start;
    }

    private boolean at(char c) {
        return pos < text.length() && text.charAt(pos) == c;
    }

    private Object literal(String word, Object value) throws Rejection {
        if (!text.startsWith(word, pos)) {
            throw error("invalid literal");
        }
        pos += word.length();
        return value;
    }

    private void skipWhitespace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private char peek() throws Rejection {
        if (pos >= text.length()) {
            throw error("unexpected end of JSON");
        }
        return text.charAt(pos);
    }

    private char next() throws Rejection {
        char c = peek();
        pos++;
        return c;
    }

    private void expect(char c) throws Rejection {
        skipWhitespace();
        if (next() != c) {
            throw error("expected '" + c + "'");
        }
    }

    private Rejection error(String message) {
        return new Rejection(message + " at character " + pos);
    }
}
