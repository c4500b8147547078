package dev.groups.storage;

import dev.groups.machine.Codec;
import dev.groups.plugin.NamedProvider;

/**
 * Opens log stores of one kind, found by {@link #name()} through {@link java.util.ServiceLoader}
 * (for example {@code "memory"} or {@code "chronicle"}); register with
 * {@code @AutoService(StorageProvider.class)} and {@code provides} in {@code module-info}.
 *
 * <p>{@link #open} is called on the joining thread, may block on file I/O, and may be called for
 * several groups concurrently; an implementation must be thread-safe across distinct directories.
 */
public interface StorageProvider extends NamedProvider {
    /**
     * Opens (creating if needed) the log of {@code spec.groupId()}, restoring entries and hard state
     * that were flushed before.
     *
     * @param codec encodes commands for a durable store; an in-memory store may ignore it
     * @throws StorageException if the location cannot be used: unreadable, corrupted, or written for
     *     another group (the message says which)
     * @throws IllegalArgumentException if the spec lacks what this provider needs (e.g. a directory)
     */
    <C> Storage<C> open(StorageSpec spec, Codec<C> codec);
}
