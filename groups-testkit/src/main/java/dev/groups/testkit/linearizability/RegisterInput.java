package dev.groups.testkit.linearizability;

/**
 * What a client asks of a single {@code long} register (see {@link RegisterModel}).
 */
public sealed interface RegisterInput {

    /** A read of the register; answered with {@link RegisterOutput.Value}. */
    record Read() implements RegisterInput {
        @Override
        public String toString() {
            return "read()";
        }
    }

    /** A write of {@code value}; answered with {@link RegisterOutput.Ack}. */
    record Write(long value) implements RegisterInput {
        @Override
        public String toString() {
            return "write(" + value + ")";
        }
    }

    /**
     * Compare-and-set: sets the register to {@code update} if it holds {@code expected}; answered with
     * {@link RegisterOutput.CasResult}.
     */
    record Cas(long expected, long update) implements RegisterInput {
        @Override
        public String toString() {
            return "cas(" + expected + ", " + update + ")";
        }
    }

    /** A read. */
    static RegisterInput read() {
        return new Read();
    }

    /** A write of {@code value}. */
    static RegisterInput write(long value) {
        return new Write(value);
    }

    /** A compare-and-set from {@code expected} to {@code update}. */
    static RegisterInput cas(long expected, long update) {
        return new Cas(expected, update);
    }
}
