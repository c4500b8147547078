package dev.groups.examples.kv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.groups.machine.StateMachine;
import dev.groups.machine.StateMachineProvider;
import dev.groups.plugin.PluginNotFoundException;
import dev.groups.plugin.Plugins;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** The provider is found by name, as an application or the node daemon finds it, and reads its settings. */
class KvProviderTest {
    private static StateMachineProvider lookUp(String name) {
        return Plugins.select(ServiceLoader.load(StateMachineProvider.class), "state machine", name, "kv-plugin");
    }

    @Test
    void serviceLoaderFindsTheProviderByItsName() {
        StateMachineProvider provider = lookUp("kv");
        assertInstanceOf(KvProvider.class, provider);
        StateMachine<?, ?, ?> machine = provider.create(Map.of());
        assertEquals(KvLimits.DEFAULTS, assertInstanceOf(KvMachine.class, machine).limits());
    }

    @Test
    void aMissingNameSaysWhichProvidersThereAre() {
        PluginNotFoundException e = assertThrows(PluginNotFoundException.class, () -> lookUp("kv2"));
        assertTrue(e.getMessage().contains("installed: kv"), e.getMessage());
    }

    @Test
    void everyCallMakesANewMachine() {
        KvProvider provider = new KvProvider();
        assertNotSame(provider.create(Map.of()), provider.create(Map.of()));
    }

    @Test
    void settingsSetTheLimitsAndTheLimitsAreInTheSignature() {
        KvProvider provider = new KvProvider();
        KvMachine small = provider.create(Map.of("max-key-bytes", "16", "max-value-bytes", " 0 "));
        assertEquals(new KvLimits(16, 0), small.limits());
        assertEquals(small.signature(), provider.create(Map.of("max-key-bytes", "16", "max-value-bytes", "0")).signature());
        assertNotEquals(new KvMachine().signature(), small.signature(), "other limits, another group");
        assertNotEquals(new KvMachine().signature(), new KvMachine(new KvLimits(1024, 16)).signature());
        assertEquals(new KvMachine().signature(), provider.create(Map.of("max-key-bytes", "1024")).signature(),
                "an explicit default is the default");
    }

    @Test
    void aBadSettingIsAnErrorThatNamesIt() {
        KvProvider provider = new KvProvider();
        assertMessage("max-keys", () -> provider.create(Map.of("max-keys", "3")));
        assertMessage("max-key-bytes", () -> provider.create(Map.of("max-key-bytes", "0")));
        assertMessage("max-key-bytes", () -> provider.create(Map.of("max-key-bytes", "4097")));
        assertMessage("max-value-bytes", () -> provider.create(Map.of("max-value-bytes", "1k")));
        assertMessage("max-value-bytes", () -> provider.create(Map.of("max-value-bytes", "-1")));
        assertMessage("max-value-bytes", () -> provider.create(Map.of("max-value-bytes", "24577")));
    }

    private static void assertMessage(String setting, Runnable create) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, create::run);
        assertTrue(e.getMessage().contains(setting), e.getMessage());
    }
}
