package dev.groups.examples.kv;

import java.util.List;
import java.util.Objects;

/** The answer to a {@link KvQuery}. */
public sealed interface KvResult permits KvResult.Found, KvResult.Absent, KvResult.Page {
    /**
     * A key's current value, and the log index of the command that wrote it ({@code version}, at least
     * 1). Versions are how a client learns what its commands did: {@code execute} returns the index of
     * its command, and a read at or after that index whose version equals it proves that this very
     * command wrote the value (a compare-and-set that matched, or the last put).
     */
    record Entry(String key, String value, long version) {
        public Entry {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
            if (version < 1) {
                throw new IllegalArgumentException("a version is a log index, at least 1; got " + version);
            }
        }
    }

    /** {@link KvQuery.Get}: the key is present. */
    record Found(Entry entry) implements KvResult {
        public Found {
            Objects.requireNonNull(entry, "entry");
        }
    }

    /** {@link KvQuery.Get}: the key is absent. */
    record Absent() implements KvResult {}

    /**
     * {@link KvQuery.Scan}: matching entries in ascending key order.
     *
     * @param more whether further keys match after the last entry of this page
     */
    record Page(List<Entry> entries, boolean more) implements KvResult {
        public Page {
            entries = List.copyOf(entries);
        }
    }
}
