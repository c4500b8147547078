package dev.groups.plugin;

import dev.groups.machine.Codec;
import dev.groups.storage.InMemoryLogStore;
import dev.groups.storage.Storage;
import dev.groups.storage.StorageProvider;
import dev.groups.storage.StorageSpec;

/** A second provider named "test-only" (registered in test resources) to exercise duplicate handling. */
public final class DuplicateTestOnlyProvider implements StorageProvider {
    @Override
    public String name() {
        return "test-only";
    }

    @Override
    public <C> Storage<C> open(StorageSpec spec, Codec<C> codec) {
        return new InMemoryLogStore<>();
    }
}
