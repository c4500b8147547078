package dev.groups.storage;

import dev.groups.machine.Codec;

/** Provides {@link InMemoryLogStore}s under the name {@value #NAME}. */
public final class InMemoryStorageProvider implements StorageProvider {
    public static final String NAME = "memory";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public <C> Storage<C> open(StorageSpec spec, Codec<C> codec) {
        if (spec.directory().isPresent()) {
            throw new IllegalArgumentException("the \"memory\" log store keeps nothing on disk; "
                    + "use a durable store such as \"chronicle\" (module groups-storage-chronicle) for a directory");
        }
        return new InMemoryLogStore<>();
    }
}
