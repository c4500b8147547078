package dev.groups.tickets.jwt.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    private static Object parse(String s) throws Rejection {
        return Json.parse(s);
    }

    private static String rejected(String s) {
        return assertThrows(Rejection.class, () -> Json.parse(s), s).reason();
    }

    @Test
    void parsesEveryKindOfValue() throws Rejection {
        Object v = parse(" {\"a\": [1, -2, 1.5, 1e2, true, false, null, \"x\\u00e9\\ud83d\\ude00\\n\"], \"b\": {}} ");
        Map<?, ?> map = assertInstanceOf(Map.class, v);
        List<?> a = assertInstanceOf(List.class, map.get("a"));
        assertEquals(List.of(BigInteger.ONE, BigInteger.valueOf(-2), 1.5, 100.0, true, false, Json.NULL, "xé😀\n"), a);
        assertEquals(Map.of(), map.get("b"));
    }

    @Test
    void rejectsWhatIsNotStrictJson() {
        for (String bad : new String[] {"", " ", "{", "{\"a\":1,}", "[1,]", "{'a':1}", "{a:1}", "01", "-", "1.", ".5", "1e",
            "+1", "NaN", "Infinity", "[1] 2", "\"\u0001\"", "\"\\x\"", "\"\\ud800\"", "\"\\udc00\"", "\"\\ud800\\u0041\"",
            "/* c */ 1", "tru", "nul", "{\"a\" 1}", "\"abc", "1e400", "11e999767226200", "[" + "1".repeat(Json.MAX_INTEGER_DIGITS + 1) + "]"}) {
            rejected(bad);
        }
        assertTrue(rejected("{\"k\":1,\"k\":2}").contains("duplicate member \"k\""));
        assertTrue(rejected("[".repeat(Json.MAX_DEPTH + 2) + "]".repeat(Json.MAX_DEPTH + 2)).contains("nested deeper"));
    }

    @Test
    void deepButAllowedNestingParses() throws Rejection {
        assertInstanceOf(List.class, parse("[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH)));
    }

    @Test
    void equalityFollowsSerdeJson() throws Rejection {
        assertTrue(JsonValues.same(parse("{\"a\":1,\"b\":[true,null]}"), parse("{\"b\":[true,null],\"a\":1}")));
        assertFalse(JsonValues.same(parse("1"), parse("1.0")));
        assertTrue(JsonValues.same(parse("1.0"), parse("10e-1")));
        assertTrue(JsonValues.same(parse("0.0"), parse("-0.0")));
        assertTrue(JsonValues.same(parse("-0"), parse("0")));
        assertFalse(JsonValues.same(parse("[1,2]"), parse("[2,1]")));
        assertFalse(JsonValues.same(parse("{\"a\":1}"), parse("{\"a\":1,\"b\":1}")));
        assertFalse(JsonValues.same(parse("\"1\""), parse("1")));
        assertFalse(JsonValues.same(parse("null"), parse("false")));
    }

    @Test
    void canonicalFormIsCompactSortedAndEscapedLikeSerdeJson() throws Rejection {
        assertEquals("{\"a\":[true,null,1.5],\"b\":1}", JsonValues.write(parse("{ \"b\" : 1, \"a\" : [true, null, 1.5] }")));
        assertEquals("\"q\\\"b\\\\s/\\n\\t\\r\\b\\f\\u0001\\u001f\u007f\"", JsonValues.write("q\"b\\s/\n\t\r\b\f\u0001\u001f\u007f"));
        // sorted by UTF-8 bytes: U+FFFD (EF BF BD) before U+1F600 (F0 9F 98 80), unlike String.compareTo
        assertEquals("{\"\uFFFD\":1,\"😀\":2}", JsonValues.write(parse("{\"😀\":2,\"\uFFFD\":1}")));
        assertTrue("😀".compareTo("\uFFFD") < 0);
    }

    @Test
    void floatingPointNumbersAreWrittenExactly() throws Rejection {
        assertEquals("1.0", JsonValues.write(parse("1.0")));
        assertEquals("100.0", JsonValues.write(parse("1e2")));
        assertEquals("0.5", JsonValues.write(parse("5e-1")));
        assertEquals("0.0", JsonValues.write(parse("-0.0")));
        assertEquals("0.1000000000000000055511151231257827021181583404541015625", JsonValues.write(parse("0.1")));
        assertEquals("-2.5", JsonValues.write(parse("-2.5")));
        assertEquals("123456789012345678901234567890", JsonValues.write(parse("123456789012345678901234567890")));
    }

    @Test
    void objectsAreReadOnly() throws Rejection {
        Map<?, ?> map = assertInstanceOf(Map.class, parse("{\"a\":[1]}"));
        assertThrows(UnsupportedOperationException.class, map::clear);
        assertThrows(UnsupportedOperationException.class, () -> ((List<?>) map.get("a")).clear());
    }
}
