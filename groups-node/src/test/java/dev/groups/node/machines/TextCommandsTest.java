package dev.groups.node.machines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.groups.machine.ApplyContext;
import dev.groups.machine.StateMachineProvider;
import dev.groups.plugin.Plugins;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class TextCommandsTest {
    private static final ApplyContext CTX = null; // neither machine reads its context

    @Test
    void theBuiltInMachinesAreFoundByName() {
        ServiceLoader<StateMachineProvider> loader = ServiceLoader.load(StateMachineProvider.class);
        assertTrue(Plugins.select(loader, "state machine", "counter", null).create(Map.of()) instanceof CounterMachine);
        assertTrue(Plugins.select(loader, "state machine", "kvmap", null).create(Map.of()) instanceof KvMapMachine);
        assertThrows(IllegalArgumentException.class, () -> new CounterProvider().create(Map.of("x", "1")));
    }

    @Test
    void counterText() {
        CounterMachine c = new CounterMachine();
        c.apply(c.parseCommand("add 5"), CTX);
        c.apply(c.parseCommand("sub 2"), CTX);
        c.apply(c.parseCommand("-10"), CTX);
        assertEquals("value -7", c.formatResult(c.query(c.parseQuery("get"))));
        assertThrows(IllegalArgumentException.class, () -> c.parseCommand("add five"));
        assertThrows(IllegalArgumentException.class, () -> c.parseQuery("value"));
    }

    @Test
    void kvmapTextAndSummary() {
        KvMapMachine a = new KvMapMachine();
        KvMapMachine b = new KvMapMachine();
        for (KvMapMachine m : new KvMapMachine[] {a, b}) {
            m.apply(m.parseCommand("put greeting hello world"), CTX);
            m.apply(m.parseCommand("put x 1"), CTX);
            m.apply(m.parseCommand("del x"), CTX);
        }
        assertEquals("hello world", a.formatResult(a.query(a.parseQuery("get greeting"))));
        assertEquals("(no such key)", a.formatResult(a.query(a.parseQuery("get x"))));
        String summary = a.formatResult(a.query(a.summaryQuery()));
        assertTrue(summary.startsWith("1 keys, digest "), summary);
        assertEquals(summary, b.formatResult(b.query(b.summaryQuery())), "same map, same summary");
        b.apply(new KvMapMachine.Put("greeting", "hello"), CTX);
        assertTrue(!summary.equals(b.formatResult(b.query(b.summaryQuery()))), "a different value changes the digest");
        assertThrows(IllegalArgumentException.class, () -> a.parseCommand("put onlykey"));
        assertEquals(Optional.empty(), a.resultCodec().decode(a.resultCodec().encode(Optional.empty())));
    }
}
