package dev.groups.tickets.jwt.internal;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;

/**
 * A validated, immutable JWT policy. The builder guarantees: at least one key, keys distinct and sorted
 * by {@link VerificationKey#ORDER}; issuers and audiences non-empty strings without commas, sorted by
 * UTF-8 bytes; a non-empty subject; required claims sorted by the UTF-8 bytes of their names, none of
 * them registered; durations positive whole seconds (clock skew: zero or positive).
 */
public record Policy(List<VerificationKey> keys, SortedSet<String> issuers, SortedSet<String> audiences,
                     Optional<String> subject, SortedMap<String, Object> requiredClaims, boolean allowNonExpiring,
                     Optional<Duration> maxLifetime, Optional<Duration> maxAge, Duration clockSkew) {
    public Policy {
        keys = List.copyOf(keys);
        requiredClaims = Collections.unmodifiableSortedMap(requiredClaims);
        issuers = Collections.unmodifiableSortedSet(issuers);
        audiences = Collections.unmodifiableSortedSet(audiences);
    }

    /** The keys whose algorithm is exactly {@code alg} (case-sensitive). */
    public List<VerificationKey> keysFor(String alg) {
        return keys.stream().filter(k -> k.algorithm().equals(alg)).toList();
    }

    /** The configured algorithm names, sorted and distinct, for messages. */
    public List<String> algorithms() {
        return keys.stream().map(VerificationKey::algorithm).distinct().toList();
    }

    /** The required claims' canonical JSON, for {@code toString}. */
    public String describeClaims() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Object> e : requiredClaims.entrySet()) {
            sb.append(sb.length() == 0 ? "" : ",").append(e.getKey()).append('=').append(JsonValues.write(e.getValue()));
        }
        return sb.toString();
    }
}
