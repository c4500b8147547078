package dev.groups.storage.chronicle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.groups.log.Index;
import dev.groups.log.Term;
import dev.groups.machine.Codecs;
import dev.groups.storage.Storage;
import dev.groups.storage.StorageProvider;
import dev.groups.storage.StorageSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChronicleStorageProviderTest {
    @TempDir
    Path dir;

    private static StorageProvider chronicle() {
        return ServiceLoader.load(StorageProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals("chronicle"))
                .findFirst().orElseThrow();
    }

    @Test
    void isFoundByNameAndOpensADurableStore() {
        StorageProvider provider = chronicle();
        assertEquals(ChronicleStorageProvider.class, provider.getClass());
        assertEquals("groups-storage-chronicle", provider.module());
        StorageSpec spec = StorageSpec.at(ChronicleStorageContractTest.GROUP, dir);
        try (Storage<String> store = provider.open(spec, Codecs.utf8())) {
            assertTrue(store.isPersistent());
            store.append("kept", Term.ONE);
            store.flush();
        }
        try (Storage<String> store = provider.open(spec, Codecs.utf8())) {
            assertEquals("kept", store.get(Index.ONE).orElseThrow().command());
        }
    }

    @Test
    void needsADirectory() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> chronicle().open(StorageSpec.inMemory(ChronicleStorageContractTest.GROUP), Codecs.utf8()));
        assertTrue(e.getMessage().contains("needs a directory"), e.getMessage());
    }

    @Test
    void rejectsUnknownOptionsAndRollCycles() {
        StorageSpec typo = new StorageSpec(ChronicleStorageContractTest.GROUP, Optional.of(dir), Map.of("rollcycle", "FAST_DAILY"));
        assertThrows(IllegalArgumentException.class, () -> chronicle().open(typo, Codecs.utf8()));
        StorageSpec bad = new StorageSpec(ChronicleStorageContractTest.GROUP, Optional.of(dir), Map.of("rollCycle", "MONTHLY"));
        assertThrows(IllegalArgumentException.class, () -> chronicle().open(bad, Codecs.utf8()));
    }

    @Test
    void theRollCycleOptionChoosesTheFilePeriod() throws IOException {
        StorageSpec daily = new StorageSpec(ChronicleStorageContractTest.GROUP, Optional.of(dir), Map.of("rollCycle", "FAST_DAILY"));
        try (Storage<String> store = chronicle().open(daily, Codecs.utf8())) {
            store.append("x", Term.ONE);
        }
        String name = StoreFiles.onlyCycleFile(dir).getFileName().toString();
        assertTrue(name.matches("\\d{8}F\\.cq4"), name);
    }

    @Test
    void theLegacyMinutelyCycleIsAcceptedForFineGrainedCompaction() throws IOException {
        StorageSpec minutely = new StorageSpec(ChronicleStorageContractTest.GROUP, Optional.of(dir), Map.of("rollCycle", "MINUTELY"));
        try (Storage<String> store = chronicle().open(minutely, Codecs.utf8())) {
            store.append("x", Term.ONE);
        }
        String name = StoreFiles.onlyCycleFile(dir).getFileName().toString();
        assertTrue(name.matches("\\d{8}-\\d{4}\\.cq4"), name);
    }
}
