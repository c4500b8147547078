package dev.groups.tickets.tdx;

import dev.groups.id.Digest;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Required values for some of a TD's measurement registers; registers left unset match anything.
 * Immutable. A {@link TdxPolicy} has one baseline and any number of alternatives.
 */
public final class MeasurementCriteria {
    private static final MeasurementCriteria ANY = new MeasurementCriteria(new EnumMap<>(Register.class));

    /**
     * The registers a criterion can pin. <b>The declaration order is part of {@link #signature()}</b>:
     * append new constants, never reorder.
     */
    public enum Register {
        MRTD(TdReport::mrTd),
        RTMR0(r -> r.rtmr(0)),
        RTMR1(r -> r.rtmr(1)),
        RTMR2(r -> r.rtmr(2)),
        RTMR3(r -> r.rtmr(3)),
        MRCONFIGID(TdReport::mrConfigId),
        MROWNER(TdReport::mrOwner),
        MROWNERCONFIG(TdReport::mrOwnerConfig);

        private final Function<TdReport, Measurement> reader;

        Register(Function<TdReport, Measurement> reader) {
            this.reader = reader;
        }

        public Measurement read(TdReport report) {
            return reader.apply(report);
        }
    }

    private final EnumMap<Register, Measurement> required;

    private MeasurementCriteria(EnumMap<Register, Measurement> required) {
        this.required = required;
    }

    /** Criteria that every TD meets. */
    public static MeasurementCriteria any() {
        return ANY;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Optional<Measurement> required(Register register) {
        return Optional.ofNullable(required.get(register));
    }

    public boolean isEmpty() {
        return required.isEmpty();
    }

    /** Why {@code report} does not meet these criteria, or empty when it does. */
    public Optional<String> mismatch(TdReport report) {
        for (Map.Entry<Register, Measurement> e : required.entrySet()) {
            Measurement actual = e.getKey().read(report);
            if (!actual.matches(e.getValue())) {
                return Optional.of(e.getKey() + " is " + actual + ", expected " + e.getValue());
            }
        }
        return Optional.empty();
    }

    /**
     * A stable digest of these criteria: over every register in declaration order, a tag byte 0 (unset)
     * or 1 followed by the 48 required bytes.
     */
    public Digest signature() {
        Digest sig = Digest.of("groups.tee.tdx.measurement-criteria.v1");
        for (Register register : Register.values()) {
            Measurement m = required.get(register);
            byte[] field = new byte[m == null ? 1 : 1 + Measurement.LENGTH];
            if (m != null) {
                field[0] = 1;
                System.arraycopy(m.toBytes(), 0, field, 1, Measurement.LENGTH);
            }
            sig = sig.derive(field);
        }
        return sig;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MeasurementCriteria c && required.equals(c.required);
    }

    @Override
    public int hashCode() {
        return required.hashCode();
    }

    @Override
    public String toString() {
        return "MeasurementCriteria" + required;
    }

    /** Collects required registers; setting one twice keeps the last value. */
    public static final class Builder {
        private final EnumMap<Register, Measurement> required = new EnumMap<>(Register.class);

        private Builder() {}

        public Builder require(Register register, Measurement value) {
            required.put(Objects.requireNonNull(register, "register"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** @throws IllegalArgumentException unless {@code hex} is 96 hex characters */
        public Builder require(Register register, String hex) {
            return require(register, Measurement.fromHex(hex));
        }

        public Builder mrtd(String hex) {
            return require(Register.MRTD, hex);
        }

        /** RTMR {@code index} (0 to 3). */
        public Builder rtmr(int index, String hex) {
            Objects.checkIndex(index, 4);
            return require(Register.values()[Register.RTMR0.ordinal() + index], hex);
        }

        public MeasurementCriteria build() {
            return required.isEmpty() ? ANY : new MeasurementCriteria(new EnumMap<>(required));
        }
    }
}
