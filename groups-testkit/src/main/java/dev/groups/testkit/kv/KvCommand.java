package dev.groups.testkit.kv;

import java.util.Objects;

/** A change to the key-value map. */
public sealed interface KvCommand permits KvCommand.Put, KvCommand.Delete {
    String key();

    record Put(String key, long value) implements KvCommand {
        public Put {
            Objects.requireNonNull(key, "key");
        }
    }

    record Delete(String key) implements KvCommand {
        public Delete {
            Objects.requireNonNull(key, "key");
        }
    }
}
