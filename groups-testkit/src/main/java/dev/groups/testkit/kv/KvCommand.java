package dev.groups.testkit.kv;

import java.util.Objects;

/**
 * A change to the key-value map. {@link Put} and {@link Delete} are idempotent; {@link Increment},
 * {@link Append} and {@link Cas} are not, and each carries a unique operation id {@code op}: the machine
 * counts how often each id was applied (under the key {@link KvStateMachine#applicationsKey(long)}), so
 * a test can check that every command is applied exactly once.
 */
public sealed interface KvCommand permits KvCommand.Put, KvCommand.Delete, KvCommand.Increment, KvCommand.Append,
        KvCommand.Cas {
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

    /** Adds one to the counter at {@code key} (absent counts as 0). */
    record Increment(String key, long op) implements KvCommand {
        public Increment {
            Objects.requireNonNull(key, "key");
        }
    }

    /** Appends {@code op} to the list at {@code key}. */
    record Append(String key, long op) implements KvCommand {
        public Append {
            Objects.requireNonNull(key, "key");
        }
    }

    /**
     * Sets {@code key} to {@code update} if it holds {@code expected} (an absent key never matches); the
     * outcome is kept under {@link KvStateMachine#casResultKey(long)}: 1 swapped, 0 not.
     */
    record Cas(String key, long expected, long update, long op) implements KvCommand {
        public Cas {
            Objects.requireNonNull(key, "key");
        }
    }
}
