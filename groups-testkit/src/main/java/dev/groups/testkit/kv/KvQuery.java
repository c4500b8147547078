package dev.groups.testkit.kv;

import java.util.Objects;

/** Reads one key. */
public record KvQuery(String key) {
    public KvQuery {
        Objects.requireNonNull(key, "key");
    }
}
