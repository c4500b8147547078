package dev.groups.testkit.linearizability;

/**
 * What a client observes from a single {@code long} register (see {@link RegisterModel}).
 */
public sealed interface RegisterOutput {

    /** The value a read returned. */
    record Value(long value) implements RegisterOutput {
        @Override
        public String toString() {
            return Long.toString(value);
        }
    }

    /** The acknowledgement of a write. */
    record Ack() implements RegisterOutput {
        @Override
        public String toString() {
            return "ok";
        }
    }

    /** Whether a compare-and-set swapped the value. */
    record CasResult(boolean swapped) implements RegisterOutput {
        @Override
        public String toString() {
            return Boolean.toString(swapped);
        }
    }

    /** A read's result. */
    static RegisterOutput value(long value) {
        return new Value(value);
    }

    /** A write's acknowledgement. */
    static RegisterOutput ok() {
        return new Ack();
    }

    /** A compare-and-set's result. */
    static RegisterOutput casResult(boolean swapped) {
        return new CasResult(swapped);
    }
}
