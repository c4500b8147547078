package dev.groups.tickets.tdx.internal;

import dev.groups.id.Digest;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A small LRU of successful verifications keyed by a digest of the verified bytes. An entry is reused
 * only for verification times inside its {@link Window} and within {@code maxAge} of when it was made
 * (both judged with the caller's clock, never the wall clock), so a cached result is exactly the one a
 * fresh verification would give. Thread-safe.
 */
public final class VerdictCache<V> {
    private record Entry<V>(V value, Window window, Instant cachedAt) {}

    private final int capacity;
    private final Duration maxAge;
    private final Map<Digest, Entry<V>> entries;

    public VerdictCache(int capacity, Duration maxAge) {
        this.capacity = capacity;
        this.maxAge = maxAge;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Digest, Entry<V>> eldest) {
                return size() > VerdictCache.this.capacity;
            }
        };
    }

    public synchronized Optional<V> get(Digest key, Instant now) {
        Entry<V> e = entries.get(key);
        if (e == null) {
            return Optional.empty();
        }
        boolean fresh = Duration.between(e.cachedAt, now).abs().compareTo(maxAge) <= 0;
        if (!fresh || !e.window.contains(now)) {
            entries.remove(key);
            return Optional.empty();
        }
        return Optional.of(e.value);
    }

    public synchronized void put(Digest key, V value, Window window, Instant now) {
        entries.put(key, new Entry<>(value, window, now));
    }

    public synchronized int size() {
        return entries.size();
    }
}
