package dev.groups.testkit.linearizability;

import java.util.Objects;

/**
 * What a client asks of a map from {@code String} keys to {@code long} values (see
 * {@link KeyValueModel}). Every input touches exactly one key, which is what makes per-key
 * partitioning sound.
 */
public sealed interface KvInput {

    /** The key this input reads or writes. */
    String key();

    /** A read of {@code key}; answered with {@link KvOutput.Value} or {@link KvOutput.Absent}. */
    record Get(String key) implements KvInput {
        /** Rejects a null key. */
        public Get {
            Objects.requireNonNull(key, "key");
        }

        @Override
        public String toString() {
            return "get(" + key + ")";
        }
    }

    /** Sets {@code key} to {@code value}; answered with {@link KvOutput.Ack}. */
    record Put(String key, long value) implements KvInput {
        /** Rejects a null key. */
        public Put {
            Objects.requireNonNull(key, "key");
        }

        @Override
        public String toString() {
            return "put(" + key + ", " + value + ")";
        }
    }

    /** Removes {@code key} (whether or not it is present); answered with {@link KvOutput.Ack}. */
    record Delete(String key) implements KvInput {
        /** Rejects a null key. */
        public Delete {
            Objects.requireNonNull(key, "key");
        }

        @Override
        public String toString() {
            return "delete(" + key + ")";
        }
    }

    /**
     * Sets {@code key} to {@code update} if it is present and holds {@code expected}; answered with
     * {@link KvOutput.CasResult}. A compare-and-set on an absent key does not swap.
     */
    record Cas(String key, long expected, long update) implements KvInput {
        /** Rejects a null key. */
        public Cas {
            Objects.requireNonNull(key, "key");
        }

        @Override
        public String toString() {
            return "cas(" + key + ", " + expected + ", " + update + ")";
        }
    }

    /** A read of {@code key}. */
    static KvInput get(String key) {
        return new Get(key);
    }

    /** A write of {@code value} to {@code key}. */
    static KvInput put(String key, long value) {
        return new Put(key, value);
    }

    /** A removal of {@code key}. */
    static KvInput delete(String key) {
        return new Delete(key);
    }

    /** A compare-and-set of {@code key} from {@code expected} to {@code update}. */
    static KvInput cas(String key, long expected, long update) {
        return new Cas(key, expected, update);
    }
}
