package dev.groups.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.groups.id.GroupId;
import dev.groups.id.Digest;
import dev.groups.machine.Codecs;
import dev.groups.storage.InMemoryLogStore;
import dev.groups.storage.InMemoryStorageProvider;
import dev.groups.storage.StorageProvider;
import dev.groups.storage.StorageSpec;
import java.nio.file.Path;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class PluginsTest {
    private static ServiceLoader<StorageProvider> storages() {
        return ServiceLoader.load(StorageProvider.class);
    }

    @Test
    void theInMemoryStoreIsFoundByName() {
        StorageProvider p = Plugins.select(storages(), "log storage", "memory", "groups-storage-chronicle");
        assertInstanceOf(InMemoryStorageProvider.class, p);
        var store = p.open(StorageSpec.inMemory(new GroupId(Digest.zero())), Codecs.utf8());
        assertInstanceOf(InMemoryLogStore.class, store);
    }

    @Test
    void aMissingProviderNamesTheModuleToAdd() {
        var e = assertThrows(PluginNotFoundException.class,
                () -> Plugins.select(storages(), "log storage", "chronicle", "groups-storage-chronicle"));
        assertTrue(e.getMessage().contains("no log storage provider called \"chronicle\""), e.getMessage());
        assertTrue(e.getMessage().contains("dev.groups:groups-storage-chronicle"), e.getMessage());
        assertTrue(e.getMessage().contains("memory"), "lists what is installed: " + e.getMessage());
    }

    @Test
    void duplicatesKeepTheFirstProviderFound() {
        // The test resources register two providers called "test-only"; the loader's order decides.
        StorageProvider first = null;
        for (StorageProvider p : storages()) {
            if (p.name().equals("test-only")) {
                first = p;
                break;
            }
        }
        var byName = Plugins.byName(storages(), "log storage");
        assertEquals(first.getClass(), byName.get("test-only").getClass());
        assertEquals(2, byName.size(), "memory and test-only, each once");
        assertTrue(Plugins.find(storages(), "log storage", "nope").isEmpty());
    }

    @Test
    void singlePrefersTheNamedOneWhenSeveralExist() {
        assertEquals("test-only", Plugins.single(storages(), "log storage", "test-only", "x").name());
        assertThrows(PluginNotFoundException.class, () -> Plugins.single(storages(), "log storage", "other", "x"));
    }

    @Test
    void inMemoryProviderRefusesADirectory() {
        var e = assertThrows(IllegalArgumentException.class, () -> new InMemoryStorageProvider()
                .open(StorageSpec.at(new GroupId(Digest.zero()), Path.of("/tmp/x")), Codecs.utf8()));
        assertTrue(e.getMessage().contains("chronicle"));
    }
}
