package dev.groups.examples.kv;

import java.util.Objects;
import java.util.Optional;

/**
 * A change to the store. Every command names one key; a command whose condition does not hold (a
 * {@link CompareAndSet} that does not match) is still a committed entry, applied as a no-op.
 *
 * <p>Keys and values are Java strings, sent as UTF-8: keys are 1 to {@link KvLimits#maxKeyBytes()}
 * bytes, values 0 to {@link KvLimits#maxValueBytes()}. The records check only what does not depend on
 * the machine's settings (non-null, non-empty key); the sizes are checked when the command is encoded,
 * so an oversized command fails in the caller ({@code GroupException.Encoding}) and never reaches the log.
 */
public sealed interface KvCommand permits KvCommand.Put, KvCommand.Delete, KvCommand.CompareAndSet {
    String key();

    /** Sets {@code key} to {@code value}, whatever it was. */
    record Put(String key, String value) implements KvCommand {
        public Put {
            requireKey(key);
            Objects.requireNonNull(value, "value");
        }
    }

    /** Removes {@code key}; nothing happens if it is absent. */
    record Delete(String key) implements KvCommand {
        public Delete {
            requireKey(key);
        }
    }

    /**
     * Changes {@code key} only if its current value is {@code expected}, atomically.
     *
     * @param expected the value the key must have; empty: the key must be absent
     * @param update   the value to set; empty: remove the key
     */
    record CompareAndSet(String key, Optional<String> expected, Optional<String> update) implements KvCommand {
        public CompareAndSet {
            requireKey(key);
            Objects.requireNonNull(expected, "expected");
            Objects.requireNonNull(update, "update");
        }

        /** Sets {@code key} to {@code value} if it is absent (acquire a lock, claim a name). */
        public static CompareAndSet ifAbsent(String key, String value) {
            return new CompareAndSet(key, Optional.empty(), Optional.of(value));
        }

        /** Sets {@code key} to {@code update} if its value is {@code expected} (optimistic update). */
        public static CompareAndSet ifEquals(String key, String expected, String update) {
            return new CompareAndSet(key, Optional.of(expected), Optional.of(update));
        }

        /** Removes {@code key} if its value is {@code expected} (release a lock only if still ours). */
        public static CompareAndSet deleteIfEquals(String key, String expected) {
            return new CompareAndSet(key, Optional.of(expected), Optional.empty());
        }
    }

    private static void requireKey(String key) {
        Objects.requireNonNull(key, "key");
        if (key.isEmpty()) {
            throw new IllegalArgumentException("a key must not be empty");
        }
    }
}
