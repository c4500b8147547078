package dev.groups.tickets;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Until when a ticket is valid: {@link Never}, or {@link At} an instant. {@code Never} orders above
 * every {@code At}; two {@code At} compare by time. Time is always passed in, so that validation is
 * deterministic under test.
 */
public sealed interface Expiration extends Comparable<Expiration> permits Expiration.Never, Expiration.At {

    static Expiration never() {
        return Never.INSTANCE;
    }

    static Expiration at(Instant instant) {
        return new At(instant);
    }

    /** {@code now + duration}. */
    static Expiration after(Instant now, Duration duration) {
        return new At(now.plus(duration));
    }

    /** An expiration one hour before {@code now}. */
    static Expiration alreadyExpired(Instant now) {
        return new At(now.minus(Duration.ofHours(1)));
    }

    /** True for {@code At(t)} with {@code t < now}. */
    boolean isExpiredAt(Instant now);

    /** Time left at {@code now}: empty for {@code Never} and when already expired. */
    Optional<Duration> remaining(Instant now);

    /** The earlier of two expirations (Never is the latest). */
    static Expiration earliest(Expiration a, Expiration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** The later of two expirations. */
    static Expiration latest(Expiration a, Expiration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    @Override
    default int compareTo(Expiration o) {
        if (this instanceof At a && o instanceof At b) {
            return a.instant().compareTo(b.instant());
        }
        if (this instanceof Never) {
            return o instanceof Never ? 0 : 1;
        }
        return -1;
    }

    /** Never expires. (A record rather than an enum: an enum is already {@code Comparable<Never>}.) */
    record Never() implements Expiration {
        static final Never INSTANCE = new Never();

        @Override
        public boolean isExpiredAt(Instant now) {
            return false;
        }

        @Override
        public Optional<Duration> remaining(Instant now) {
            return Optional.empty();
        }

        @Override
        public String toString() {
            return "Never";
        }
    }

    /** Expires at {@code instant}. */
    record At(Instant instant) implements Expiration {
        public At {
            Objects.requireNonNull(instant, "instant");
        }

        @Override
        public boolean isExpiredAt(Instant now) {
            return instant.isBefore(now);
        }

        @Override
        public Optional<Duration> remaining(Instant now) {
            return isExpiredAt(now) ? Optional.empty() : Optional.of(Duration.between(now, instant));
        }

        @Override
        public String toString() {
            return "At(" + instant + ")";
        }
    }
}
