package dev.groups.storage;

import dev.groups.id.GroupId;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and for whom a {@link StorageProvider} opens a log.
 *
 * @param groupId   the group the log belongs to; a durable store records it and refuses to open a
 *                  directory written for another group
 * @param directory the directory of a durable store (created if missing); empty for in-memory stores
 * @param options   provider-defined settings (for example a sync policy), never secrets
 */
public record StorageSpec(GroupId groupId, Optional<Path> directory, Map<String, String> options) {
    public StorageSpec {
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(directory, "directory");
        options = Map.copyOf(options);
    }

    public static StorageSpec inMemory(GroupId groupId) {
        return new StorageSpec(groupId, Optional.empty(), Map.of());
    }

    public static StorageSpec at(GroupId groupId, Path directory) {
        return new StorageSpec(groupId, Optional.of(directory), Map.of());
    }
}
