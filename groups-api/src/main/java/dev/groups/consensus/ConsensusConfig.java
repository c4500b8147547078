package dev.groups.consensus;

import dev.groups.id.Digest;
import dev.groups.id.PeerId;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Timing and membership settings of a group's consensus, validated when built.
 *
 * <p>Only the three heartbeat settings, and the founding voters in strict mode, are part of the group
 * id ({@link #digest()}): members must agree on them. Election timeouts, the bootstrap delay, the
 * forward and query timeouts and the leadership preference are per node.
 *
 * <p><b>Membership modes.</b> Without {@link Builder#voters(Collection)} the group runs in
 * <em>dynamic</em> mode (mosaik's): whoever is bonded votes. With it, <em>strict</em> mode: the voters
 * are identities. The founding set given here is the group's first configuration; later changes go
 * through the log one voter at a time ({@code group.membership()}), and every member uses the latest
 * configuration its log holds. Elections and commits need a majority of the current voters; a member
 * outside the set (however many there are) replicates the log but never counts, which gives
 * linearizability under any partition.
 *
 * @param heartbeatInterval     bond ping period and leader heartbeat period (default 500 ms)
 * @param heartbeatJitter       random amount subtracted from each bond heartbeat period; in (0, heartbeatInterval) (default 150 ms)
 * @param maxMissedHeartbeats   missed heartbeats after which a bond is dead (default 10)
 * @param electionTimeout       follower and candidate timeout base; above heartbeatInterval (default 2 s)
 * @param electionTimeoutJitter random amount added to each election timeout, drawn from [0, jitter) (default 500 ms)
 * @param bootstrapDelay        added to the first follower timeout while the term is 0 (default 3 s; may be 0)
 * @param forwardTimeout        wait for the leader's acknowledgement of a forwarded command (default 2 s)
 * @param queryTimeout          wait for the answer to a forwarded strong query (default 2 s)
 * @param voters                strict mode's founding voters (their peer ids), or empty for dynamic mode
 * @param leadershipPreference  this node's eagerness to lead (default Normal)
 */
public record ConsensusConfig(
        Duration heartbeatInterval,
        Duration heartbeatJitter,
        int maxMissedHeartbeats,
        Duration electionTimeout,
        Duration electionTimeoutJitter,
        Duration bootstrapDelay,
        Duration forwardTimeout,
        Duration queryTimeout,
        SortedSet<PeerId> voters,
        LeadershipPreference leadershipPreference) {

    /** The most voters a configuration may name (a configuration entry must stay small). */
    public static final int MAX_VOTERS = 255;

    public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofMillis(500);
    public static final Duration DEFAULT_HEARTBEAT_JITTER = Duration.ofMillis(150);
    public static final int DEFAULT_MAX_MISSED_HEARTBEATS = 10;
    public static final Duration DEFAULT_ELECTION_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration DEFAULT_ELECTION_TIMEOUT_JITTER = Duration.ofMillis(500);
    public static final Duration DEFAULT_BOOTSTRAP_DELAY = Duration.ofSeconds(3);
    public static final Duration DEFAULT_FORWARD_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration DEFAULT_QUERY_TIMEOUT = Duration.ofSeconds(2);

    /** Validates every setting; see {@link Builder#build()} for the rules. */
    public ConsensusConfig {
        Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
        Objects.requireNonNull(heartbeatJitter, "heartbeatJitter");
        Objects.requireNonNull(electionTimeout, "electionTimeout");
        Objects.requireNonNull(electionTimeoutJitter, "electionTimeoutJitter");
        Objects.requireNonNull(bootstrapDelay, "bootstrapDelay");
        Objects.requireNonNull(forwardTimeout, "forwardTimeout");
        Objects.requireNonNull(queryTimeout, "queryTimeout");
        Objects.requireNonNull(voters, "voters");
        Objects.requireNonNull(leadershipPreference, "leadershipPreference");
        requirePositive("heartbeatInterval", heartbeatInterval);
        requirePositive("heartbeatJitter", heartbeatJitter);
        if (heartbeatJitter.compareTo(heartbeatInterval) >= 0) {
            throw new IllegalArgumentException("heartbeatJitter must be less than heartbeatInterval ("
                    + heartbeatInterval.toMillis() + " ms), got " + heartbeatJitter.toMillis() + " ms");
        }
        if (maxMissedHeartbeats < 1) {
            throw new IllegalArgumentException("maxMissedHeartbeats must be at least 1, got " + maxMissedHeartbeats);
        }
        requirePositive("electionTimeout", electionTimeout);
        if (electionTimeout.compareTo(heartbeatInterval) <= 0) {
            throw new IllegalArgumentException("electionTimeout must be greater than heartbeatInterval ("
                    + heartbeatInterval.toMillis() + " ms), got " + electionTimeout.toMillis() + " ms");
        }
        requirePositive("electionTimeoutJitter", electionTimeoutJitter);
        if (bootstrapDelay.isNegative()) {
            throw new IllegalArgumentException("bootstrapDelay must be zero or positive, got " + bootstrapDelay.toMillis() + " ms");
        }
        requirePositive("forwardTimeout", forwardTimeout);
        requirePositive("queryTimeout", queryTimeout);
        voters = Collections.unmodifiableSortedSet(new TreeSet<>(voters)); // nulls refused here
        if (voters.size() > MAX_VOTERS) {
            throw new IllegalArgumentException("at most " + MAX_VOTERS + " voters, got " + voters.size());
        }
    }

    /** Every default of the spec, dynamic mode, Normal preference. */
    public static ConsensusConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from this configuration's values. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** True in strict mode (voters are identities). */
    public boolean isStrict() {
        return !voters.isEmpty();
    }

    /** This configuration with {@link LeadershipPreference#reluctant()} (factor 3). */
    public ConsensusConfig deprioritizeLeadership() {
        return toBuilder().leadershipPreference(LeadershipPreference.reluctant()).build();
    }

    /** This configuration with a reluctant preference of the given factor (at least 1). */
    public ConsensusConfig deprioritizeLeadership(int factor) {
        return toBuilder().leadershipPreference(LeadershipPreference.reluctant(factor)).build();
    }

    /**
     * The part of this configuration that goes into the group id (spec §2.2, SHA-256 for BLAKE3):
     * {@code SHA-256(u128le(heartbeatInterval ms) ‖ u128le(heartbeatJitter ms) ‖ u128le(maxMissedHeartbeats))},
     * and in strict mode {@code ‖ u128le(number of founding voters) ‖ their 32-byte keys in ascending
     * order} appended: members that disagree on the founding voters are in different groups, so they can
     * never count each other. Stable across releases: changing it changes every group id, and the
     * known-answer tests will say so.
     */
    public Digest digest() {
        byte[] input = new byte[16 * (isStrict() ? 4 : 3) + Digest.LENGTH * voters.size()];
        putU128Le(input, 0, heartbeatInterval.toMillis());
        putU128Le(input, 16, heartbeatJitter.toMillis());
        putU128Le(input, 32, maxMissedHeartbeats);
        if (isStrict()) {
            putU128Le(input, 48, voters.size());
            int at = 64;
            for (PeerId v : voters) {
                v.key().copyTo(input, at);
                at += Digest.LENGTH;
            }
        }
        return Digest.hash(input);
    }

    private static void putU128Le(byte[] target, int offset, long value) {
        for (int i = 0; i < Long.BYTES; i++) {
            target[offset + i] = (byte) (value >>> (8 * i));
        }
        // the upper 8 bytes stay zero: every value here is non-negative
    }

    private static void requirePositive(String name, Duration d) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + d.toMillis() + " ms");
        }
    }

    /** Builds a validated {@link ConsensusConfig}; every setting starts at the spec's default. */
    public static final class Builder {
        private Duration heartbeatInterval = DEFAULT_HEARTBEAT_INTERVAL;
        private Duration heartbeatJitter = DEFAULT_HEARTBEAT_JITTER;
        private int maxMissedHeartbeats = DEFAULT_MAX_MISSED_HEARTBEATS;
        private Duration electionTimeout = DEFAULT_ELECTION_TIMEOUT;
        private Duration electionTimeoutJitter = DEFAULT_ELECTION_TIMEOUT_JITTER;
        private Duration bootstrapDelay = DEFAULT_BOOTSTRAP_DELAY;
        private Duration forwardTimeout = DEFAULT_FORWARD_TIMEOUT;
        private Duration queryTimeout = DEFAULT_QUERY_TIMEOUT;
        private SortedSet<PeerId> voters = new TreeSet<>();
        private LeadershipPreference leadershipPreference = LeadershipPreference.normal();

        private Builder() {}

        private Builder(ConsensusConfig c) {
            heartbeatInterval = c.heartbeatInterval;
            heartbeatJitter = c.heartbeatJitter;
            maxMissedHeartbeats = c.maxMissedHeartbeats;
            electionTimeout = c.electionTimeout;
            electionTimeoutJitter = c.electionTimeoutJitter;
            bootstrapDelay = c.bootstrapDelay;
            forwardTimeout = c.forwardTimeout;
            queryTimeout = c.queryTimeout;
            voters = new TreeSet<>(c.voters);
            leadershipPreference = c.leadershipPreference;
        }

        public Builder heartbeatInterval(Duration d) {
            heartbeatInterval = d;
            return this;
        }

        public Builder heartbeatJitter(Duration d) {
            heartbeatJitter = d;
            return this;
        }

        public Builder maxMissedHeartbeats(int n) {
            maxMissedHeartbeats = n;
            return this;
        }

        public Builder electionTimeout(Duration d) {
            electionTimeout = d;
            return this;
        }

        public Builder electionTimeoutJitter(Duration d) {
            electionTimeoutJitter = d;
            return this;
        }

        public Builder bootstrapDelay(Duration d) {
            bootstrapDelay = d;
            return this;
        }

        public Builder forwardTimeout(Duration d) {
            forwardTimeout = d;
            return this;
        }

        public Builder queryTimeout(Duration d) {
            queryTimeout = d;
            return this;
        }

        /**
         * Strict mode with these founding voters (at least one peer id, at most {@link #MAX_VOTERS}); part
         * of the group id, so every member, and every member that joins later, names the same set. Later
         * changes go through the log ({@code group.membership()}), not through this setting.
         */
        public Builder voters(Collection<PeerId> founding) {
            Objects.requireNonNull(founding, "voters");
            if (founding.isEmpty()) {
                throw new IllegalArgumentException("strict mode needs at least one voter; use dynamicMembership() for none");
            }
            voters = new TreeSet<>(founding);
            return this;
        }

        /** {@link #voters(Collection)} with the given peer ids. */
        public Builder voters(PeerId... founding) {
            return voters(List.of(founding));
        }

        /** Back to dynamic mode (the default). */
        public Builder dynamicMembership() {
            voters = new TreeSet<>();
            return this;
        }

        public Builder leadershipPreference(LeadershipPreference p) {
            leadershipPreference = p;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @throws IllegalArgumentException naming the setting and the allowed range when: a duration
         *     is not positive (bootstrapDelay may be 0), heartbeatJitter is not below heartbeatInterval,
         *     electionTimeout is not above heartbeatInterval, maxMissedHeartbeats is below 1, there are more
         *     than {@link #MAX_VOTERS} voters
         * @throws NullPointerException when a setting was set to null
         */
        public ConsensusConfig build() {
            return new ConsensusConfig(heartbeatInterval, heartbeatJitter, maxMissedHeartbeats, electionTimeout,
                    electionTimeoutJitter, bootstrapDelay, forwardTimeout, queryTimeout, voters,
                    leadershipPreference);
        }
    }
}
