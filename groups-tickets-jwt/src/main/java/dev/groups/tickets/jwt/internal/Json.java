package dev.groups.tickets.jwt.internal;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Strict JSON (RFC 8259) through Jackson. nimbus' shaded Gson is lenient (single quotes, unquoted
 * names, comments) and loses the distinction between {@code 1} and {@code 1.0}, which exact claim
 * equality needs; Jackson is configured here to accept only JSON and to keep numbers exact.
 *
 * <p>Values: objects are insertion-ordered unmodifiable {@code Map<String, Object>}, arrays
 * unmodifiable {@code List<Object>}, strings {@code String}, {@code true}/{@code false} {@code Boolean},
 * {@code null} {@link #NULL}, numbers without fraction or exponent {@code BigInteger} (at most
 * {@value #MAX_INTEGER_DIGITS} digits) and all other numbers a finite {@code Double} (the nearest to the
 * decimal text).
 *
 * <p>Rejected: duplicate member names, trailing content, nesting deeper than {@value #MAX_DEPTH},
 * invalid escapes and lone surrogates (Jackson accepts those; checked here). Malformed input gives a
 * {@link Rejection}; nothing else is thrown.
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

    private static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build()).build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(JsonReadFeature.ALLOW_JAVA_COMMENTS, JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS,
                    JsonReadFeature.ALLOW_TRAILING_COMMA, JsonReadFeature.ALLOW_SINGLE_QUOTES)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY, DeserializationFeature.FAIL_ON_TRAILING_TOKENS,
                    DeserializationFeature.USE_BIG_INTEGER_FOR_INTS, DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private Json() {}

    /** Parses one JSON value occupying the whole text (surrounding whitespace allowed). */
    public static Object parse(String text) throws Rejection {
        try {
            JsonNode tree = MAPPER.readTree(text);
            if (tree == null || tree.isMissingNode()) {
                throw new Rejection("unexpected end of JSON at character " + text.length());
            }
            return value(tree);
        } catch (JacksonException e) {
            throw rejection(e);
        } catch (NumberFormatException | ArithmeticException e) {
            // an exponent beyond BigDecimal's int scale, such as 11e999767226200 (found by GarbageTokenFuzzTest)
            throw new Rejection("number out of range");
        }
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

    private static Object value(JsonNode node) throws Rejection {
        switch (node.getNodeType()) {
            case OBJECT: {
                Map<String, Object> map = new LinkedHashMap<>();
                for (Map.Entry<String, JsonNode> e : node.properties()) {
                    map.put(checked(e.getKey()), value(e.getValue()));
                }
                return Collections.unmodifiableMap(map);
            }
            case ARRAY: {
                List<Object> list = new ArrayList<>(node.size());
                for (JsonNode element : node) {
                    list.add(value(element));
                }
                return Collections.unmodifiableList(list);
            }
            case STRING:
                return checked(node.textValue());
            case BOOLEAN:
                return node.booleanValue();
            case NULL:
                return NULL;
            case NUMBER:
                return number(node);
            default:
                throw new Rejection("unexpected JSON value " + node.getNodeType());
        }
    }

    private static Object number(JsonNode node) throws Rejection {
        if (node.isIntegralNumber()) {
            BigInteger i = node.bigIntegerValue();
            if (i.abs().toString().length() > MAX_INTEGER_DIGITS) {
                throw new Rejection("integer longer than " + MAX_INTEGER_DIGITS + " digits");
            }
            return i;
        }
        double d = Double.parseDouble(node.decimalValue().toString()); // the double nearest the exact decimal
        if (Double.isInfinite(d)) {
            throw new Rejection("number out of range: " + node.decimalValue());
        }
        return d;
    }

    /** Jackson keeps an escaped lone surrogate ({@code "\ud800"}); JSON text that means no character is refused. */
    private static String checked(String s) throws Rejection {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new Rejection("lone surrogate in a string");
            }
        }
        return s;
    }

    private static Rejection rejection(JacksonException e) {
        String at = e.getLocation() == null ? "" : " at character " + e.getLocation().getCharOffset();
        if (e instanceof StreamConstraintsException && e.getOriginalMessage().contains("nesting depth")) {
            return new Rejection("JSON nested deeper than " + MAX_DEPTH + at);
        }
        String message = e.getOriginalMessage();
        if (message.startsWith("Duplicate field") && e.getProcessor() instanceof JsonParser p) {
            try {
                return new Rejection("duplicate member \"" + Strings.printable(p.currentName()) + "\"" + at);
            } catch (java.io.IOException ignored) {
                // below, with Jackson's own message
            }
        }
        return new Rejection(Strings.printable(message) + at);
    }
}
