package dev.groups.testkit.linearizability;

/**
 * What a client observes from a map from {@code String} keys to {@code long} values (see
 * {@link KeyValueModel}).
 */
public sealed interface KvOutput {

    /** A get found the key holding {@code value}. */
    record Value(long value) implements KvOutput {
        @Override
        public String toString() {
            return Long.toString(value);
        }
    }

    /** A get found the key absent. */
    record Absent() implements KvOutput {
        @Override
        public String toString() {
            return "absent";
        }
    }

    /** The acknowledgement of a put or delete. */
    record Ack() implements KvOutput {
        @Override
        public String toString() {
            return "ok";
        }
    }

    /** Whether a compare-and-set swapped the value. */
    record CasResult(boolean swapped) implements KvOutput {
        @Override
        public String toString() {
            return Boolean.toString(swapped);
        }
    }

    /** A get's result when the key holds {@code value}. */
    static KvOutput value(long value) {
        return new Value(value);
    }

    /** A get's result when the key is absent. */
    static KvOutput absent() {
        return new Absent();
    }

    /** A put's or delete's acknowledgement. */
    static KvOutput ok() {
        return new Ack();
    }

    /** A compare-and-set's result. */
    static KvOutput casResult(boolean swapped) {
        return new CasResult(swapped);
    }
}
