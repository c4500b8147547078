package dev.groups.tickets.tdx.internal;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Strict JSON (RFC 8259) through Jackson for Intel's collateral, which also needs the <b>exact text</b>
 * of each top-level member (the signature covers the raw bytes of {@code "tcbInfo"}): the members are
 * read one by one from Jackson's streaming parser, whose token offsets give that text. Objects become
 * insertion-ordered maps, arrays lists, numbers {@code Long} (Intel's collateral has integers only),
 * plus strings, booleans and {@code null} (as {@link #NULL}).
 *
 * <p>Duplicate keys, trailing content, nesting deeper than {@value #MAX_DEPTH}, non-integer numbers and
 * integers of more than 18 digits are rejected. Any malformed input gives an
 * {@link IllegalArgumentException}; nothing else is thrown.
 */
public final class Json {
    public static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };
    static final int MAX_DEPTH = 32;
    private static final long MAX_INTEGER = 999_999_999_999_999_999L; // 18 digits

    private static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH + 1).build()).build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .build();

    private Json() {}

    /** A parsed top-level object and the raw text of each of its members' values. */
    public record Document(Map<String, Object> root, Map<String, String> rawMembers) {}

    public static Document parseObject(String text) {
        try (JsonParser p = MAPPER.createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw error("expected a JSON object", p);
            }
            Map<String, Object> root = new LinkedHashMap<>();
            Map<String, String> raw = new LinkedHashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                p.nextToken();
                int start = (int) p.currentTokenLocation().getCharOffset();
                JsonNode value = MAPPER.readTree(p); // leaves the parser on the value's last token
                root.put(key, value(value));
                raw.put(key, text.substring(start, (int) p.currentLocation().getCharOffset()));
            }
            if (p.nextToken() != null) {
                throw error("unexpected content after the JSON value", p);
            }
            return new Document(root, Collections.unmodifiableMap(raw));
        } catch (StreamConstraintsException e) {
            throw new IllegalArgumentException("JSON nested deeper than " + MAX_DEPTH + ": " + e.getOriginalMessage(), e);
        } catch (JacksonException e) {
            throw new IllegalArgumentException(e.getOriginalMessage() + at(e.getLocation() == null ? -1
                    : e.getLocation().getCharOffset()), e);
        } catch (IOException e) { // a String source does no I/O
            throw new IllegalArgumentException("unreadable JSON: " + e.getMessage(), e);
        }
    }

    private static Object value(JsonNode node) {
        switch (node.getNodeType()) {
            case OBJECT: {
                Map<String, Object> map = new LinkedHashMap<>();
                for (Map.Entry<String, JsonNode> e : node.properties()) {
                    map.put(e.getKey(), value(e.getValue()));
                }
                return map;
            }
            case ARRAY: {
                List<Object> list = new ArrayList<>(node.size());
                for (JsonNode element : node) {
                    list.add(value(element));
                }
                return list;
            }
            case STRING:
                return node.textValue();
            case BOOLEAN:
                return node.booleanValue();
            case NULL:
                return NULL;
            case NUMBER:
                if (!node.isIntegralNumber()) {
                    throw new IllegalArgumentException("only integer numbers are expected, not " + node.asText());
                }
                if (!node.canConvertToLong() || node.longValue() > MAX_INTEGER || node.longValue() < -MAX_INTEGER) {
                    throw new IllegalArgumentException("number too large: " + node.asText());
                }
                return node.longValue();
            default:
                throw new IllegalArgumentException("unexpected JSON value " + node.getNodeType());
        }
    }

    private static IllegalArgumentException error(String message, JsonParser p) {
        return new IllegalArgumentException(message + at(p.currentTokenLocation().getCharOffset()));
    }

    private static String at(long offset) {
        return offset < 0 ? "" : " at character " + offset;
    }
}
