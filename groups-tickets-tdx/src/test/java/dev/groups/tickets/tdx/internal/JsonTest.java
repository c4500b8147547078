package dev.groups.tickets.tdx.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void parsesValuesAndKeepsTheRawTextOfTopLevelMembers() {
        Json.Document doc = Json.parseObject(" {\"a\" : { \"b\":[1, -2, true, false, null, \"x\\u0041\\n\"] },\"s\":\"t\"} ");
        assertEquals("{ \"b\":[1, -2, true, false, null, \"x\\u0041\\n\"] }", doc.rawMembers().get("a"));
        assertEquals("\"t\"", doc.rawMembers().get("s"));
        @SuppressWarnings("unchecked")
        Map<String, Object> a = (Map<String, Object>) doc.root().get("a");
        assertEquals(List.of(1L, -2L, true, false, Json.NULL, "xA\n"), a.get("b"));
    }

    @Test
    void rejectsWhatIntelNeverSends() {
        for (String bad : List.of("", "[]", "{", "{\"a\":1,\"a\":2}", "{\"a\":1.5}", "{\"a\":01}", "{\"a\":1} x",
                "{\"a\":\"\u0001\"}", "{\"a\":\"\\x\"}", "{\"a\":tru}", "{\"a\":12345678901234567890}", "{a:1}",
                "{\"a\":[1,]}", "{\"a\":" + "[".repeat(40) + "]".repeat(40) + "}")) {
            assertThrows(IllegalArgumentException.class, () -> Json.parseObject(bad), bad);
        }
    }
}
