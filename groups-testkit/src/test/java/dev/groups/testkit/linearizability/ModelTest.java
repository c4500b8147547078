package dev.groups.testkit.linearizability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ModelTest {

    private final RegisterModel register = new RegisterModel();
    private final KeyValueModel kv = new KeyValueModel();

    @Test
    void registerChecksObservedOutputs() {
        assertEquals(Optional.of(5L), register.step(5L, RegisterInput.read(), Optional.of(RegisterOutput.value(5))));
        assertEquals(Optional.empty(), register.step(5L, RegisterInput.read(), Optional.of(RegisterOutput.value(4))));
        assertEquals(Optional.of(7L), register.step(5L, RegisterInput.write(7), Optional.of(RegisterOutput.ok())));
        assertEquals(Optional.of(6L),
                register.step(5L, RegisterInput.cas(5, 6), Optional.of(RegisterOutput.casResult(true))));
        assertEquals(Optional.empty(),
                register.step(5L, RegisterInput.cas(5, 6), Optional.of(RegisterOutput.casResult(false))));
        assertEquals(Optional.of(5L),
                register.step(5L, RegisterInput.cas(4, 6), Optional.of(RegisterOutput.casResult(false))));
    }

    @Test
    void registerAcceptsAnyUnknownOutputAndAppliesTheEffect() {
        assertEquals(Optional.of(5L), register.step(5L, RegisterInput.read(), Optional.empty()));
        assertEquals(Optional.of(7L), register.step(5L, RegisterInput.write(7), Optional.empty()));
        assertEquals(Optional.of(6L), register.step(5L, RegisterInput.cas(5, 6), Optional.empty()));
        assertEquals(Optional.of(5L), register.step(5L, RegisterInput.cas(4, 6), Optional.empty()));
        assertTrue(register.isReadOnly(RegisterInput.read()));
        assertFalse(register.isReadOnly(RegisterInput.cas(1, 1)));
        assertEquals(Model.SINGLE_PARTITION, register.partitionKey(RegisterInput.write(1)));
    }

    @Test
    void keyValueChecksObservedOutputs() {
        Map<String, Long> empty = kv.init();
        assertEquals(Optional.of(empty), kv.step(empty, KvInput.get("k"), Optional.of(KvOutput.absent())));
        assertEquals(Optional.empty(), kv.step(empty, KvInput.get("k"), Optional.of(KvOutput.value(0))));
        Map<String, Long> one = kv.step(empty, KvInput.put("k", 1), Optional.of(KvOutput.ok())).orElseThrow();
        assertEquals(Map.of("k", 1L), one);
        assertEquals(Optional.of(one), kv.step(one, KvInput.get("k"), Optional.of(KvOutput.value(1))));
        assertEquals(Optional.of(Map.of("k", 2L)),
                kv.step(one, KvInput.cas("k", 1, 2), Optional.of(KvOutput.casResult(true))));
        assertEquals(Optional.of(empty), kv.step(one, KvInput.delete("k"), Optional.of(KvOutput.ok())));
        assertEquals(Optional.empty(), kv.step(one, KvInput.put("k", 3), Optional.of(KvOutput.absent())));
        assertEquals("k", kv.partitionKey(KvInput.cas("k", 1, 2)));
        assertTrue(kv.isReadOnly(KvInput.get("k")));
        assertFalse(kv.isReadOnly(KvInput.delete("k")));
    }

    @Test
    void descriptionsAreReadable() {
        assertEquals("cas(1, 2) -> true",
                register.describe(RegisterInput.cas(1, 2), Optional.of(RegisterOutput.casResult(true))));
        assertEquals("write(3) -> ?", register.describe(RegisterInput.write(3), Optional.empty()));
        assertEquals("get(k) -> absent", kv.describe(KvInput.get("k"), Optional.of(KvOutput.absent())));
        assertEquals("{k=1}", kv.describeState(Map.of("k", 1L)));
        assertEquals("client 2 put(k, 1) -> ? [invoked 3, outcome unknown, gave up 8]",
                Operation.<KvInput, KvOutput>unknown(2, KvInput.put("k", 1), 3, 8).describe(kv));
        assertEquals("client 2 put(k, 1) -> ? [invoked 3, never completed]",
                Operation.<KvInput, KvOutput>unknown(2, KvInput.put("k", 1), 3).describe(kv));
    }
}
