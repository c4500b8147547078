package dev.groups.consensus;

/**
 * How eager this node is to lead. Per node, and not part of the group id: members may differ.
 *
 * <ul>
 *   <li>{@link Normal}: the default.</li>
 *   <li>{@link Reluctant}: the follower election timeout (and, while the term is 0, the bootstrap
 *       delay) is multiplied by {@code factor}, so this node rarely wins an election.</li>
 *   <li>{@link Observer}: never a candidate, abstains from votes and from commit counting; it
 *       replicates and serves weak queries only. If every member is an observer no leader is elected.</li>
 * </ul>
 */
public sealed interface LeadershipPreference
        permits LeadershipPreference.Normal, LeadershipPreference.Reluctant, LeadershipPreference.Observer {

    /** The factor {@link #reluctant()} uses. */
    int DEFAULT_RELUCTANT_FACTOR = 3;

    static LeadershipPreference normal() {
        return Normal.INSTANCE;
    }

    /** Reluctant with factor 3. */
    static LeadershipPreference reluctant() {
        return new Reluctant(DEFAULT_RELUCTANT_FACTOR);
    }

    static LeadershipPreference reluctant(int factor) {
        return new Reluctant(factor);
    }

    static LeadershipPreference observer() {
        return Observer.INSTANCE;
    }

    /** The multiplier of the follower election timeout: 1 unless reluctant. */
    default int timeoutFactor() {
        return this instanceof Reluctant r ? r.factor() : 1;
    }

    /** False only for observers. */
    default boolean mayLead() {
        return !(this instanceof Observer);
    }

    /**
     * The more reluctant of two preferences (Observer over Reluctant over Normal; the larger factor
     * between two Reluctant): how a node's configuration and its state machine's preference combine.
     */
    static LeadershipPreference strongest(LeadershipPreference a, LeadershipPreference b) {
        if (a instanceof Observer || b instanceof Observer) {
            return observer();
        }
        return a.timeoutFactor() >= b.timeoutFactor() ? a : b;
    }

    /** The default preference. */
    enum Normal implements LeadershipPreference {
        INSTANCE;

        @Override
        public String toString() {
            return "Normal";
        }
    }

    /** Multiplies the follower election timeout by {@code factor} (at least 1). */
    record Reluctant(int factor) implements LeadershipPreference {
        public Reluctant {
            if (factor < 1) {
                throw new IllegalArgumentException("reluctant factor must be at least 1, got " + factor);
            }
        }
    }

    /** Never leads, never votes, never counts towards a commit. */
    enum Observer implements LeadershipPreference {
        INSTANCE;

        @Override
        public String toString() {
            return "Observer";
        }
    }
}
