package dev.groups.tickets.jwt.internal;

import dev.groups.id.Digest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A bounded LRU of tokens whose signature verified, keyed by the SHA-256 of the token bytes, holding
 * their decoded claims: the expensive part of validation (steps 1–4, which depend on neither the time
 * nor the holder). A hit is never taken as a verdict: the claim checks (steps 5–13) run again against
 * the caller's {@code now} and holder, so a cached ticket expires, and is bound to its subject, exactly
 * as a fresh one. An expired ticket stays cached so that presenting it again is rejected without another
 * signature check; the LRU bound evicts it. Only tokens signed by a configured key get in, so a peer
 * cannot fill the cache with garbage. Capacity 0 disables caching. Thread-safe.
 */
public final class VerdictCache {
    private final int capacity;
    private final Map<Digest, Claims> entries;

    public VerdictCache(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("cache capacity must not be negative, got " + capacity);
        }
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Digest, Claims> eldest) {
                return size() > VerdictCache.this.capacity;
            }
        };
    }

    public boolean enabled() {
        return capacity > 0;
    }

    public Optional<Claims> get(Digest key) {
        synchronized (entries) {
            return Optional.ofNullable(entries.get(key));
        }
    }

    public void put(Digest key, Claims claims) {
        if (capacity > 0) {
            synchronized (entries) {
                entries.put(key, claims);
            }
        }
    }

    public int size() {
        synchronized (entries) {
            return entries.size();
        }
    }
}
