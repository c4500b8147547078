package dev.groups.testkit.kv;

/** The value of a key, or its absence. */
public sealed interface KvResult permits KvResult.Value, KvResult.Absent {
    record Value(long value) implements KvResult {}

    record Absent() implements KvResult {}
}
