package dev.groups.tickets.jwt.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Equality and a canonical compact form of {@link Json} values.
 *
 * <p><b>Equality</b> is serde_json's {@code Value} equality: objects as maps (member order does not
 * matter), arrays element by element, integers by value, floating-point numbers by value ({@code 0.0}
 * equals {@code -0.0}), and an integer never equals a floating-point number ({@code 1} ≠ {@code 1.0}).
 *
 * <p><b>Canonical form</b> (hashed into the validator's signature, and what tokens are written with):
 * no whitespace; object members sorted by the UTF-8 bytes of their names; strings escaped as
 * serde_json does ({@code \"}, {@code \\}, {@code \b \f \n \r \t}, other control characters as
 * lowercase {@code \}{@code u00xx}, nothing else escaped); integers in decimal; floating-point
 * numbers as their exact decimal value in plain notation with at least one fractional digit
 * ({@code 0.5}, {@code 1.0}, {@code 100000000000000000000.0}). This differs from serde_json only for
 * floating-point numbers, where serde_json prints the shortest representation; exact decimals keep the
 * form independent of the JDK's {@code Double.toString}, which changed in JDK 19.
 */
public final class JsonValues {
    private JsonValues() {}

    public static boolean same(Object a, Object b) {
        if (a instanceof Double x && b instanceof Double y) {
            return x.doubleValue() == y.doubleValue();
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (Map.Entry<?, ?> e : x.entrySet()) {
                if (!y.containsKey(e.getKey()) || !same(e.getValue(), y.get(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            Iterator<?> i = x.iterator();
            Iterator<?> j = y.iterator();
            while (i.hasNext()) {
                if (!same(i.next(), j.next())) {
                    return false;
                }
            }
            return true;
        }
        return a == b || (a != null && a.equals(b));
    }

    /** The canonical compact form of {@code value}. */
    public static String write(Object value) {
        StringBuilder sb = new StringBuilder();
        write(value, sb);
        return sb.toString();
    }

    public static void write(Object value, StringBuilder sb) {
        if (value == Json.NULL) {
            sb.append("null");
        } else if (value instanceof Boolean b) {
            sb.append(b.booleanValue());
        } else if (value instanceof BigInteger i) {
            sb.append(i);
        } else if (value instanceof Double d) {
            sb.append(decimal(d));
        } else if (value instanceof String s) {
            string(s, sb);
        } else if (value instanceof List<?> list) {
            sb.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                write(list.get(i), sb);
            }
            sb.append(']');
        } else if (value instanceof Map<?, ?> map) {
            List<String> keys = new ArrayList<>();
            map.keySet().forEach(k -> keys.add((String) k));
            keys.sort(Strings.UTF8_ORDER);
            sb.append('{');
            for (int i = 0; i < keys.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                string(keys.get(i), sb);
                sb.append(':');
                write(map.get(keys.get(i)), sb);
            }
            sb.append('}');
        } else {
            throw new IllegalArgumentException("not a JSON value: " + (value == null ? "null reference" : value.getClass()));
        }
    }

    /** A JSON string literal, escaped as serde_json escapes it. */
    public static void string(String s, StringBuilder sb) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append("\\u00").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xf, 16));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    private static String decimal(double d) {
        String plain = new BigDecimal(d).stripTrailingZeros().toPlainString();
        return plain.indexOf('.') < 0 ? plain + ".0" : plain;
    }
}
