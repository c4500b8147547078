package dev.groups.tickets.tdx;

import dev.groups.id.Digest;
import dev.groups.id.UniqueId;
import dev.groups.tickets.tdx.internal.Ecdsa;
import dev.groups.tickets.tdx.internal.Pem;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a TDX quote or ticket must satisfy beyond being genuine: measurements, freshness, debug mode,
 * TCB status, and the root of trust. Immutable; built with {@link #builder()}.
 *
 * <p>A policy must say which TDs it admits: {@link Builder#build()} refuses a policy without measurement
 * criteria (a baseline or alternatives that name at least one register) unless
 * {@link Builder#acceptAnyMeasurements()} states that any genuine TD is meant. A forgotten baseline would
 * otherwise admit every non-debug TD on Intel hardware, whatever it runs.
 *
 * <p>Other defaults: no time limits, debug TDs rejected, only {@link TcbStatus#UP_TO_DATE} accepted,
 * collateral not required (but fully checked whenever it is supplied, see {@link TdxCollateral}), the Intel
 * SGX Root CA pinned.
 */
public final class TdxPolicy {
    private static final X509Certificate INTEL_ROOT = loadIntelRoot();

    private final MeasurementCriteria baseline;
    private final List<MeasurementCriteria> alternatives;
    private final Duration maxAge;
    private final Instant notBefore;
    private final Duration maxLifetime;
    private final boolean allowDebug;
    private final Set<TcbStatus> acceptedTcbStatuses;
    private final boolean requireCollateral;
    private final X509Certificate pinnedRoot;

    private TdxPolicy(Builder b) {
        this.baseline = b.baseline;
        this.alternatives = List.copyOf(b.alternatives);
        this.maxAge = b.maxAge;
        this.notBefore = b.notBefore;
        this.maxLifetime = b.maxLifetime;
        this.allowDebug = b.allowDebug;
        this.acceptedTcbStatuses = Set.copyOf(b.acceptedTcbStatuses);
        this.requireCollateral = b.requireCollateral;
        this.pinnedRoot = b.pinnedRoot;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The Intel SGX Root CA shipped in this module: the default pinned root. */
    public static X509Certificate intelRoot() {
        return INTEL_ROOT;
    }

    public MeasurementCriteria baseline() {
        return baseline;
    }

    public List<MeasurementCriteria> alternatives() {
        return alternatives;
    }

    /** True when this policy has no measurement criteria, which its builder was told is intended. */
    public boolean acceptsAnyMeasurements() {
        return baseline.isEmpty() && alternatives.isEmpty();
    }

    public Optional<Duration> maxAge() {
        return Optional.ofNullable(maxAge);
    }

    public Optional<Instant> notBefore() {
        return Optional.ofNullable(notBefore);
    }

    public Optional<Duration> maxLifetime() {
        return Optional.ofNullable(maxLifetime);
    }

    public boolean allowDebug() {
        return allowDebug;
    }

    public Set<TcbStatus> acceptedTcbStatuses() {
        return acceptedTcbStatuses;
    }

    public boolean requireCollateral() {
        return requireCollateral;
    }

    public X509Certificate pinnedRoot() {
        return pinnedRoot;
    }

    /** Why {@code report}'s measurements fail this policy, or empty when they pass. */
    public Optional<String> measurementMismatch(TdReport report) {
        Optional<String> base = baseline.mismatch(report);
        if (base.isPresent()) {
            return Optional.of("measurements do not match the baseline: " + base.get());
        }
        if (alternatives.isEmpty() || alternatives.stream().anyMatch(c -> c.mismatch(report).isEmpty())) {
            return Optional.empty();
        }
        return Optional.of("measurements match none of the " + alternatives.size() + " allowed alternatives");
    }

    /**
     * A stable digest of the whole policy, mixed into the group id: the ticket class, the baseline, the
     * number of alternatives and each in order, max age, not-before, max lifetime (each tagged 0 when
     * unset, else 1 and the value in little-endian seconds and nanoseconds), the debug flag, Intel's
     * names of the accepted TCB statuses sorted and comma-joined, the collateral flag, and the SHA-256
     * of the pinned root's DER encoding. {@link Builder#acceptAnyMeasurements()} is not hashed: it changes
     * what {@code build()} allows, not what a built policy admits.
     */
    public UniqueId signature() {
        Digest sig = TdxTicketValidator.CLASS.digest().derive(baseline.signature());
        sig = sig.derive(le(ByteBuffer.allocate(4)).putInt(alternatives.size()).array());
        for (MeasurementCriteria alternative : alternatives) {
            sig = sig.derive(alternative.signature());
        }
        sig = sig.derive(time(maxAge == null ? null : maxAge.getSeconds(), maxAge == null ? 0 : maxAge.getNano()));
        sig = sig.derive(time(notBefore == null ? null : notBefore.getEpochSecond(),
                notBefore == null ? 0 : notBefore.getNano()));
        sig = sig.derive(time(maxLifetime == null ? null : maxLifetime.getSeconds(),
                maxLifetime == null ? 0 : maxLifetime.getNano()));
        sig = sig.derive(new byte[] {(byte) (allowDebug ? 1 : 0)});
        Set<String> names = new TreeSet<>();
        acceptedTcbStatuses.forEach(s -> names.add(s.intelName()));
        sig = sig.derive(String.join(",", names));
        sig = sig.derive(new byte[] {(byte) (requireCollateral ? 1 : 0)});
        return new UniqueId(sig.derive(rootDigest(pinnedRoot)));
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.baseline = baseline;
        b.alternatives.addAll(alternatives);
        b.maxAge = maxAge;
        b.notBefore = notBefore;
        b.maxLifetime = maxLifetime;
        b.allowDebug = allowDebug;
        b.acceptedTcbStatuses = EnumSet.copyOf(acceptedTcbStatuses);
        b.requireCollateral = requireCollateral;
        b.pinnedRoot = pinnedRoot;
        // the statement carries over only where it was needed: a copy that gains criteria is judged by them
        b.acceptAnyMeasurements = acceptsAnyMeasurements();
        return b;
    }

    @Override
    public String toString() {
        return "TdxPolicy(baseline=" + baseline + ", alternatives=" + alternatives.size() + ", maxAge=" + maxAge
                + ", notBefore=" + notBefore + ", maxLifetime=" + maxLifetime + ", allowDebug=" + allowDebug
                + ", tcb=" + new TreeSet<>(acceptedTcbStatuses) + ", requireCollateral=" + requireCollateral + ")";
    }

    private static byte[] time(Long seconds, int nanos) {
        if (seconds == null) {
            return new byte[] {0};
        }
        return le(ByteBuffer.allocate(13)).put((byte) 1).putLong(seconds).putInt(nanos).array();
    }

    private static ByteBuffer le(ByteBuffer b) {
        return b.order(ByteOrder.LITTLE_ENDIAN);
    }

    static byte[] rootDigest(X509Certificate root) {
        try {
            return Ecdsa.sha256(root.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("the pinned root cannot be encoded", e);
        }
    }

    private static X509Certificate loadIntelRoot() {
        try (InputStream in = TdxPolicy.class.getResourceAsStream("intel_sgx_root_ca.pem")) {
            if (in == null) {
                throw new IllegalStateException("intel_sgx_root_ca.pem is missing from the groups-tickets-tdx jar");
            }
            return Pem.certificates(in.readAllBytes()).get(0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundled Intel SGX Root CA", e);
        }
    }

    /** Builds a {@link TdxPolicy}; every setter validates its argument. */
    public static final class Builder {
        private MeasurementCriteria baseline = MeasurementCriteria.any();
        private final List<MeasurementCriteria> alternatives = new ArrayList<>();
        private Duration maxAge;
        private Instant notBefore;
        private Duration maxLifetime;
        private boolean allowDebug;
        private Set<TcbStatus> acceptedTcbStatuses = EnumSet.of(TcbStatus.UP_TO_DATE);
        private boolean requireCollateral;
        private X509Certificate pinnedRoot = INTEL_ROOT;
        private boolean acceptAnyMeasurements;

        private Builder() {}

        /** Measurements every TD must have; {@link MeasurementCriteria#any()} is the same as not setting one. */
        public Builder baseline(MeasurementCriteria criteria) {
            this.baseline = Objects.requireNonNull(criteria, "criteria");
            return this;
        }

        /**
         * Adds an allowed variant: when any are added, a TD must also match at least one.
         *
         * @throws IllegalArgumentException when {@code criteria} name no register: such an alternative would
         *                                  match every TD and make all the others pointless
         */
        public Builder allowAlternative(MeasurementCriteria criteria) {
            Objects.requireNonNull(criteria, "criteria");
            if (criteria.isEmpty()) {
                throw new IllegalArgumentException("an alternative must require at least one register; one without "
                        + "any matches every TD (use acceptAnyMeasurements() if that is meant)");
            }
            alternatives.add(criteria);
            return this;
        }

        /**
         * States that this policy admits any genuine TD whatever it runs: without this, a policy with no
         * baseline and no alternative is refused by {@link #build()}. Meant for development, tests, and tools
         * that report measurements rather than judge them. When criteria are set as well they apply in full:
         * this never loosens a policy that has them.
         */
        public Builder acceptAnyMeasurements() {
            this.acceptAnyMeasurements = true;
            return this;
        }

        /** Rejects tickets quoted longer than {@code maxAge} before validation. */
        public Builder maxAge(Duration maxAge) {
            this.maxAge = positive(maxAge, "maxAge");
            return this;
        }

        /** Rejects tickets quoted before {@code notBefore} (for example, before a fleet-wide rollout). */
        public Builder notBefore(Instant notBefore) {
            this.notBefore = Objects.requireNonNull(notBefore, "notBefore");
            return this;
        }

        /** Rejects never-expiring tickets and tickets that expire more than {@code maxLifetime} after their quote. */
        public Builder maxLifetime(Duration maxLifetime) {
            this.maxLifetime = positive(maxLifetime, "maxLifetime");
            return this;
        }

        /** Accept debug TDs. Only for development: a debug TD's secrets and measurements are open to the host. */
        public Builder allowDebug(boolean allowDebug) {
            this.allowDebug = allowDebug;
            return this;
        }

        /** The TCB statuses to accept when collateral is evaluated; {@link TcbStatus#REVOKED} is refused. */
        public Builder acceptTcbStatuses(Set<TcbStatus> statuses) {
            Objects.requireNonNull(statuses, "statuses");
            if (statuses.isEmpty()) {
                throw new IllegalArgumentException("accept at least one TCB status");
            }
            if (statuses.contains(TcbStatus.REVOKED)) {
                throw new IllegalArgumentException("a revoked TCB can never be accepted");
            }
            this.acceptedTcbStatuses = EnumSet.copyOf(statuses);
            return this;
        }

        /** When true, quotes are rejected unless TCB info, QE identity and CRLs for the whole chain are supplied. */
        public Builder requireCollateral(boolean requireCollateral) {
            this.requireCollateral = requireCollateral;
            return this;
        }

        /** Replaces the Intel SGX Root CA as the trust anchor (tests, private PKIs). */
        public Builder pinnedRoot(X509Certificate root) {
            this.pinnedRoot = Objects.requireNonNull(root, "root");
            if (!Ecdsa.isP256(root.getPublicKey())) {
                throw new IllegalArgumentException("the pinned root must have a P-256 key, as Intel's does");
            }
            return this;
        }

        /**
         * @throws IllegalStateException when the policy has no measurement criteria and
         *                               {@link #acceptAnyMeasurements()} was not called
         */
        public TdxPolicy build() {
            if (baseline.isEmpty() && alternatives.isEmpty() && !acceptAnyMeasurements) {
                throw new IllegalStateException("a TDX policy needs measurement criteria: set baseline(...) or "
                        + "allowAlternative(...) with the MRTD/RTMRs your TDs must have, or call acceptAnyMeasurements() "
                        + "to admit any genuine TD whatever it runs");
            }
            return new TdxPolicy(this);
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, got " + d);
            }
            return d;
        }
    }
}
