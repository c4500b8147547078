package dev.groups.testkit.snapshot;

import java.time.Duration;
import java.util.Objects;

/**
 * The settings of a {@link SnapshotSync}. Immutable and thread-safe; {@code with…} methods return a
 * copy. Every setting is part of the state sync's signature, hence of the group id: members must share
 * them.
 *
 * @param interval     committed entries between two snapshots: a member snapshots its machine the first
 *                     time its committed index reaches a multiple of it
 * @param chunkSize    the most snapshot bytes one message carries (1 byte .. 8 MiB)
 * @param batchSize    the most log entries one message carries (entries after a snapshot's anchor)
 * @param fetchTimeout how long a session waits for a peer's answer before asking another; only whole
 *                     seconds enter the signature
 */
public record SnapshotSettings(long interval, int chunkSize, int batchSize, Duration fetchTimeout) {
    public static final long DEFAULT_INTERVAL = 10_000;
    public static final int DEFAULT_CHUNK_SIZE = 256 << 10;
    public static final int DEFAULT_BATCH_SIZE = 2000;
    public static final Duration DEFAULT_FETCH_TIMEOUT = Duration.ofSeconds(25);
    /** Keeps a chunk message well under the transport's default 16 MiB frame. */
    public static final int MAX_CHUNK_SIZE = 8 << 20;
    /** Bounds what a decoder accepts for one batch of entries. */
    public static final int MAX_BATCH_SIZE = 1 << 20;

    public SnapshotSettings {
        if (interval < 1) {
            throw new IllegalArgumentException("interval must be at least 1, got " + interval);
        }
        if (chunkSize < 1 || chunkSize > MAX_CHUNK_SIZE) {
            throw new IllegalArgumentException("chunkSize must be in 1.." + MAX_CHUNK_SIZE + ", got " + chunkSize);
        }
        if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
            throw new IllegalArgumentException("batchSize must be in 1.." + MAX_BATCH_SIZE + ", got " + batchSize);
        }
        Objects.requireNonNull(fetchTimeout, "fetchTimeout");
        if (fetchTimeout.isNegative() || fetchTimeout.isZero()) {
            throw new IllegalArgumentException("fetchTimeout must be positive, got " + fetchTimeout);
        }
    }

    /** A snapshot every 10,000 entries, 256 KiB chunks, 2,000 entries a batch, 25 s fetch timeout. */
    public static SnapshotSettings defaults() {
        return new SnapshotSettings(DEFAULT_INTERVAL, DEFAULT_CHUNK_SIZE, DEFAULT_BATCH_SIZE, DEFAULT_FETCH_TIMEOUT);
    }

    public SnapshotSettings withInterval(long interval) {
        return new SnapshotSettings(interval, chunkSize, batchSize, fetchTimeout);
    }

    public SnapshotSettings withChunkSize(int chunkSize) {
        return new SnapshotSettings(interval, chunkSize, batchSize, fetchTimeout);
    }

    public SnapshotSettings withBatchSize(int batchSize) {
        return new SnapshotSettings(interval, chunkSize, batchSize, fetchTimeout);
    }

    public SnapshotSettings withFetchTimeout(Duration fetchTimeout) {
        return new SnapshotSettings(interval, chunkSize, batchSize, fetchTimeout);
    }

    /** How often a session asks its peers again what they have: a fifth of the fetch timeout, at least 1 ms. */
    Duration reaskInterval() {
        Duration fifth = fetchTimeout.dividedBy(5);
        return fifth.compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1) : fifth;
    }
}
