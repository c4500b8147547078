package dev.groups.node.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void roundTrips() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("s", "a \"quoted\" \\ line\nwith\ttabs and é");
        m.put("n", 42L);
        m.put("neg", -7L);
        m.put("d", 1.5);
        m.put("t", true);
        m.put("null", null);
        m.put("list", List.of(1L, "two", Map.of("three", 3L)));
        assertEquals(m, Json.parse(Json.write(m)));
        assertEquals(Arrays.asList(1L, null, false), Json.parse(" [1, null ,false] "));
    }

    @Test
    void rejectsWhatIsNotJson() {
        for (String bad : new String[] {"", "{", "[1,]", "{'a':1}", "01", "tru", "\"\\x\"", "{\"a\" 1}", "1 2",
                "{\"a\":1,\"a\":2}", "1e400", "92233720368547758080", "// c\n1",
                "[".repeat(100) + "]".repeat(100)}) {
            assertThrows(IllegalArgumentException.class, () -> Json.parse(bad), bad);
        }
    }
}
