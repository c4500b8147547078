package dev.groups.snapshot;

import java.time.Duration;
import java.util.Objects;

/**
 * The settings of a {@link SnapshotSync}. Immutable and thread-safe; {@code with…} methods return a
 * copy. Only the wire limits ({@code chunkSize}, {@code batchSize}) are part of the state sync's
 * signature, hence of the group id: members must share them. The snapshot policy and the tail are each
 * member's own business.
 *
 * @param interval     the entries policy: a member snapshots its machine the first time its committed
 *                     index reaches a multiple of it
 * @param logBytes     the bytes policy: a member also snapshots when its log has grown by this many bytes
 *                     since its last snapshot (as {@code Storage.sizeInBytes()} reports; a store that
 *                     does not report its size is never snapshotted by bytes); 0 turns it off
 * @param tail         entries kept in the log behind the snapshot it is pruned to, so that followers a
 *                     little behind catch up from the log instead of a whole snapshot: the log is pruned
 *                     to the newest snapshot anchored at least {@code tail} entries before the committed
 *                     index (it holds between {@code tail} and about {@code interval + tail} entries)
 * @param chunkSize    the most snapshot bytes one message carries (1 byte .. 8 MiB)
 * @param batchSize    the most log entries one message carries (entries after a snapshot's anchor)
 * @param fetchTimeout how long a session waits for a peer's answer before asking another
 */
public record SnapshotSettings(long interval, long logBytes, long tail, int chunkSize, int batchSize,
                               Duration fetchTimeout) {
    public static final long DEFAULT_INTERVAL = 10_000;
    public static final long DEFAULT_LOG_BYTES = 0;
    public static final long DEFAULT_TAIL = 1_000;
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
        if (logBytes < 0) {
            throw new IllegalArgumentException("logBytes must be 0 (off) or positive, got " + logBytes);
        }
        if (tail < 0) {
            throw new IllegalArgumentException("tail must be 0 or more, got " + tail);
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

    /** An entries policy of {@code interval}, no bytes policy and no tail (the log is pruned right to a snapshot). */
    public SnapshotSettings(long interval, int chunkSize, int batchSize, Duration fetchTimeout) {
        this(interval, 0, 0, chunkSize, batchSize, fetchTimeout);
    }

    /**
     * A snapshot every 10,000 entries, no bytes policy, a tail of 1,000 entries, 256 KiB chunks, 2,000
     * entries a batch, 25 s fetch timeout.
     */
    public static SnapshotSettings defaults() {
        return new SnapshotSettings(DEFAULT_INTERVAL, DEFAULT_LOG_BYTES, DEFAULT_TAIL, DEFAULT_CHUNK_SIZE,
                DEFAULT_BATCH_SIZE, DEFAULT_FETCH_TIMEOUT);
    }

    public SnapshotSettings withInterval(long interval) {
        return new SnapshotSettings(interval, logBytes, tail, chunkSize, batchSize, fetchTimeout);
    }

    public SnapshotSettings withLogBytes(long logBytes) {
        return new SnapshotSettings(interval, logBytes, tail, chunkSize, batchSize, fetchTimeout);
    }

    public SnapshotSettings withTail(long tail) {
        return new SnapshotSettings(interval, logBytes, tail, chunkSize, batchSize, fetchTimeout);
    }

    public SnapshotSettings withChunkSize(int chunkSize) {
        return new SnapshotSettings(interval, logBytes, tail, chunkSize, batchSize, fetchTimeout);
    }

    public SnapshotSettings withBatchSize(int batchSize) {
        return new SnapshotSettings(interval, logBytes, tail, chunkSize, batchSize, fetchTimeout);
    }

    public SnapshotSettings withFetchTimeout(Duration fetchTimeout) {
        return new SnapshotSettings(interval, logBytes, tail, chunkSize, batchSize, fetchTimeout);
    }

    /** How often a session asks its peers again what they have: a fifth of the fetch timeout, at least 1 ms. */
    public Duration reaskInterval() {
        Duration fifth = fetchTimeout.dividedBy(5);
        return fifth.compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1) : fifth;
    }
}
