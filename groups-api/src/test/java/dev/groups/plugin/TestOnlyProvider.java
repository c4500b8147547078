package dev.groups.plugin;

import dev.groups.machine.Codec;
import dev.groups.storage.InMemoryLogStore;
import dev.groups.storage.Storage;
import dev.groups.storage.StorageProvider;
import dev.groups.storage.StorageSpec;

/** A provider with its own name, registered in test resources. */
public final class TestOnlyProvider implements StorageProvider {
    @Override
    public String name() {
        return "test-only";
    }

    @Override
    public <C> Storage<C> open(StorageSpec spec, Codec<C> codec) {
        return new InMemoryLogStore<>();
    }
}
