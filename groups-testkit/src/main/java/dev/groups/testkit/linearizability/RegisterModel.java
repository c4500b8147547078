package dev.groups.testkit.linearizability;

import java.util.Objects;
import java.util.Optional;

/**
 * A single {@code long} register with read, write and compare-and-set, starting at a given value
 * (0 by default). The state is the register's value. Histories are not partitioned.
 *
 * <p>An output of the wrong kind (for example an acknowledgement for a read) is treated as an
 * impossible output, so it shows up as a violation naming that operation.
 */
public final class RegisterModel implements Model<Long, RegisterInput, RegisterOutput> {

    private final long initialValue;

    /** A register that starts at 0. */
    public RegisterModel() {
        this(0L);
    }

    /** A register that starts at {@code initialValue}. */
    public RegisterModel(long initialValue) {
        this.initialValue = initialValue;
    }

    @Override
    public Long init() {
        return initialValue;
    }

    @Override
    public Optional<Long> step(Long state, RegisterInput input, Optional<RegisterOutput> output) {
        Objects.requireNonNull(state, "state");
        if (input instanceof RegisterInput.Read) {
            return accept(output, new RegisterOutput.Value(state), state);
        }
        if (input instanceof RegisterInput.Write write) {
            return accept(output, new RegisterOutput.Ack(), write.value());
        }
        if (input instanceof RegisterInput.Cas cas) {
            boolean swapped = state == cas.expected();
            return accept(output, new RegisterOutput.CasResult(swapped), swapped ? cas.update() : state);
        }
        throw new IllegalArgumentException("unsupported register input: " + input);
    }

    private static Optional<Long> accept(Optional<RegisterOutput> observed, RegisterOutput expected, long next) {
        return observed.isEmpty() || observed.get().equals(expected) ? Optional.of(next) : Optional.empty();
    }

    @Override
    public boolean isReadOnly(RegisterInput input) {
        return input instanceof RegisterInput.Read;
    }

    @Override
    public String describe(RegisterInput input, Optional<RegisterOutput> output) {
        return input + " -> " + output.map(RegisterOutput::toString).orElse("?");
    }

    @Override
    public String describeState(Long state) {
        return "register = " + state;
    }

    @Override
    public String toString() {
        return "RegisterModel(initial " + initialValue + ")";
    }
}
