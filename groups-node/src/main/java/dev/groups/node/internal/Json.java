package dev.groups.node.internal;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON the admin endpoint speaks, through Jackson: maps (insertion order kept), lists, strings,
 * numbers (integers as {@code Long}, others as finite {@code Double}), booleans and null. Reading is
 * strict: duplicate member names, trailing content, integers beyond a {@code long}, non-finite numbers
 * and nesting deeper than 64 are refused.
 */
public final class Json {
    private static final int MAX_DEPTH = 64;
    private static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build()).build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY, DeserializationFeature.FAIL_ON_TRAILING_TOKENS,
                    DeserializationFeature.USE_LONG_FOR_INTS)
            .build();

    private Json() {}

    /** Doubles with three decimals (rates, for people); anything that is not a JSON type as its {@code toString()}. */
    public static String write(Object value) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = MAPPER.createGenerator(out)) {
            write(g, value);
        } catch (IOException e) { // a StringWriter does no I/O
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void write(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof String s) {
            g.writeString(s);
        } else if (v instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) {
                g.writeNull();
            } else {
                g.writeNumber(String.format(Locale.ROOT, "%.3f", d));
            }
        } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            g.writeNumber(((Number) v).longValue());
        } else if (v instanceof Number n) {
            g.writeNumber(n.toString());
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Map<?, ?> m) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                write(g, e.getValue());
            }
            g.writeEndObject();
        } else if (v instanceof List<?> l) {
            g.writeStartArray();
            for (Object element : l) {
                write(g, element);
            }
            g.writeEndArray();
        } else {
            g.writeString(v.toString());
        }
    }

    /**
     * Parses one JSON value.
     *
     * @throws IllegalArgumentException at the first thing that is not JSON
     */
    public static Object parse(String text) {
        JsonNode tree;
        try {
            tree = MAPPER.readTree(text);
        } catch (JacksonException e) {
            long at = e.getLocation() == null ? -1 : e.getLocation().getCharOffset();
            throw new IllegalArgumentException("bad JSON" + (at < 0 ? "" : " at offset " + at) + ": " + e.getOriginalMessage(), e);
        }
        if (tree == null || tree.isMissingNode()) {
            throw new IllegalArgumentException("bad JSON: unexpected end");
        }
        return value(tree);
    }

    private static Object value(JsonNode node) {
        switch (node.getNodeType()) {
            case OBJECT: {
                Map<String, Object> m = new LinkedHashMap<>();
                for (Map.Entry<String, JsonNode> e : node.properties()) {
                    m.put(e.getKey(), value(e.getValue()));
                }
                return m;
            }
            case ARRAY: {
                List<Object> l = new ArrayList<>(node.size());
                for (JsonNode element : node) {
                    l.add(value(element));
                }
                return l;
            }
            case STRING:
                return node.textValue();
            case BOOLEAN:
                return node.booleanValue();
            case NULL:
                return null;
            case NUMBER:
                if (node.isIntegralNumber()) {
                    if (!node.canConvertToLong()) {
                        throw new IllegalArgumentException("bad JSON: integer out of range: " + node.asText());
                    }
                    return node.longValue();
                }
                if (!Double.isFinite(node.doubleValue())) {
                    throw new IllegalArgumentException("bad JSON: number out of range: " + node.asText());
                }
                return node.doubleValue();
            default:
                throw new IllegalArgumentException("bad JSON: unexpected " + node.getNodeType());
        }
    }
}
