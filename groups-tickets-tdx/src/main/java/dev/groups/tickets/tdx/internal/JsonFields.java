package dev.groups.tickets.tdx.internal;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Typed, checked access to members of a parsed JSON object; every failure names the member. */
final class JsonFields {
    private final Map<String, Object> map;
    private final String path;

    JsonFields(Map<String, Object> map, String path) {
        this.map = map;
        this.path = path;
    }

    static JsonFields of(Object value, String path) {
        if (!(value instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException(path + " is not a JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) m;
        return new JsonFields(map, path);
    }

    boolean has(String key) {
        return map.containsKey(key);
    }

    Object get(String key) {
        Object v = map.get(key);
        if (v == null) {
            throw new IllegalArgumentException(path + "." + key + " is missing");
        }
        return v;
    }

    String string(String key) {
        if (get(key) instanceof String s) {
            return s;
        }
        throw new IllegalArgumentException(path + "." + key + " is not a string");
    }

    long integer(String key, long min, long max) {
        if (get(key) instanceof Long v && v >= min && v <= max) {
            return v;
        }
        throw new IllegalArgumentException(path + "." + key + " is not an integer in [" + min + ", " + max + "]");
    }

    byte[] hex(String key, int length) {
        String s = string(key);
        if (s.length() != 2 * length) {
            throw new IllegalArgumentException(path + "." + key + " is not " + length + " hex-encoded bytes");
        }
        try {
            return HexFormat.of().parseHex(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(path + "." + key + " is not hex", e);
        }
    }

    Instant instant(String key) {
        try {
            return Instant.parse(string(key));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(path + "." + key + " is not an ISO-8601 UTC time", e);
        }
    }

    JsonFields object(String key) {
        return of(get(key), path + "." + key);
    }

    Optional<JsonFields> optionalObject(String key) {
        return has(key) ? Optional.of(object(key)) : Optional.empty();
    }

    List<Object> array(String key) {
        if (get(key) instanceof List<?> list) {
            return List.copyOf(list);
        }
        throw new IllegalArgumentException(path + "." + key + " is not an array");
    }

    String path() {
        return path;
    }
}
