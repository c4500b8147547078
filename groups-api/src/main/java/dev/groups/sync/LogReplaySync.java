package dev.groups.sync;

import dev.groups.id.UniqueId;
import dev.groups.log.Cursor;
import dev.groups.log.Index;
import dev.groups.log.LogEntry;
import dev.groups.log.LogPayload;
import dev.groups.machine.Codec;
import dev.groups.sync.replay.CatchUpTarget;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The built-in {@link StateSync}: a lagging member fetches the entries it is missing from its bonded
 * peers, in parallel batches, and appends them to its log; the runtime then applies them as the
 * leader's commit index covers them (spec §5.2). It needs the whole log, so it never lets the runtime
 * prune ({@link StateSyncProvider#safeToPrunePrefix} stays empty).
 *
 * <h2>Settings</h2>
 * Immutable; {@code with…} methods return a copy. Both settings are part of {@link #signature()}, so
 * every member of a group must use the same ones.
 * <ul>
 *   <li>{@link #batchSize()} (default {@value #DEFAULT_BATCH_SIZE}): the most entries one request
 *       asks for and one response carries. A provider may send fewer (it also caps a response at
 *       about 4 MiB of payload); the session fetches the rest.</li>
 *   <li>{@link #fetchTimeout()} (default 25 s): how long a session waits for an answer before it
 *       gives that peer's range to another. Only whole seconds enter the signature.</li>
 * </ul>
 *
 * <h2>Protocol</h2>
 * Each member's provider answers availability requests with the range it can serve (its committed
 * entries; the leader serves its whole log) and fetch requests with a contiguous run of entries plus
 * the term and leader of the entry just before it. The session asks every bonded peer what it has,
 * splits the gap into chunks of at most {@code batchSize} entries, keeps one request in flight per
 * peer (the leader last in preference, to spread the load), and appends chunks in index order after
 * checking that each one continues the local log.
 *
 * <h2>Liveness</h2>
 * A session finishes whenever some bonded peer can serve the missing entries, whatever the others do:
 * <ul>
 *   <li>the leader advertises its uncommitted tail too, so a gap past every follower's commit index
 *       is still served (a stall of the original);</li>
 *   <li>an empty answer frees that peer and makes the session ask it again what it has (the original
 *       stored it at index 0 and blocked for ever);</li>
 *   <li>a request unanswered within {@code fetchTimeout}, or a peer that leaves, gives its range to
 *       another peer;</li>
 *   <li>peers whose availability is unknown or too short are asked again every
 *       {@code fetchTimeout / 5}, not only once;</li>
 *   <li>a peer whose chunk does not continue the local log is not used again by this session; if the
 *       leader's own chunk does not, no peer can help and the session ends at its current position so
 *       that the runtime's log matching repairs the log.</li>
 * </ul>
 *
 * <h2>Threading</h2>
 * Like every state sync, its provider and sessions run on the group's thread and never block: they
 * send, return, and are polled again. Time comes only from {@link SyncContext#now()}. Instances of this
 * class are immutable and may be shared by groups.
 *
 * @param <C> the state machine's command type
 */
public final class LogReplaySync<C> implements StateSync<C, LogReplaySync.Message> {
    public static final int DEFAULT_BATCH_SIZE = 2000;
    public static final Duration DEFAULT_FETCH_TIMEOUT = Duration.ofSeconds(25);

    /** The stable name the signature starts from; changing it splits groups, so it carries a version. */
    private static final String SIGNATURE_NAME = "groups.log-replay-sync.v1";

    private final int batchSize;
    private final Duration fetchTimeout;

    /** With the default settings. */
    public LogReplaySync() {
        this(DEFAULT_BATCH_SIZE, DEFAULT_FETCH_TIMEOUT);
    }

    private LogReplaySync(int batchSize, Duration fetchTimeout) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
        }
        Objects.requireNonNull(fetchTimeout, "fetchTimeout");
        if (fetchTimeout.isNegative() || fetchTimeout.isZero()) {
            throw new IllegalArgumentException("fetchTimeout must be positive, got " + fetchTimeout);
        }
        this.batchSize = batchSize;
        this.fetchTimeout = fetchTimeout;
    }

    /** A copy with another batch size (at least 1). */
    public LogReplaySync<C> withBatchSize(int batchSize) {
        return new LogReplaySync<>(batchSize, fetchTimeout);
    }

    /** A copy with another fetch timeout (positive). */
    public LogReplaySync<C> withFetchTimeout(Duration fetchTimeout) {
        return new LogReplaySync<>(batchSize, fetchTimeout);
    }

    public int batchSize() {
        return batchSize;
    }

    public Duration fetchTimeout() {
        return fetchTimeout;
    }

    /**
     * {@code id("groups.log-replay-sync.v1").derive(u64le(batchSize)).derive(u64le(fetchTimeout seconds))}:
     * mosaik's recipe without the Rust type name, which Java cannot reproduce (spec §2.3, §10).
     */
    @Override
    public UniqueId signature() {
        return UniqueId.of(SIGNATURE_NAME)
                .derive(u64le(batchSize))
                .derive(u64le(fetchTimeout.toSeconds()));
    }

    @Override
    public Codec<Message> messageCodec() {
        return new ReplayCodec(batchSize);
    }

    @Override
    public StateSyncProvider<Message> createProvider(SyncProviderContext<C, Message> ctx) {
        return new ReplayProvider(batchSize);
    }

    @Override
    public StateSyncSession<C, Message> createSession(SyncSessionContext<C, Message> ctx, Cursor position,
                                                      Index leaderCommit, List<LogEntry<LogPayload<C>>> entries) {
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(entries, "entries");
        return new ReplaySession<>(batchSize, fetchTimeout, new CatchUpTarget<>(position, entries));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LogReplaySync<?> other && batchSize == other.batchSize
                && fetchTimeout.equals(other.fetchTimeout);
    }

    @Override
    public int hashCode() {
        return Objects.hash(batchSize, fetchTimeout);
    }

    @Override
    public String toString() {
        return "LogReplaySync(batchSize=" + batchSize + ", fetchTimeout=" + fetchTimeout + ")";
    }

    private static byte[] u64le(long value) {
        byte[] out = new byte[Long.BYTES];
        for (int i = 0; i < Long.BYTES; i++) {
            out[i] = (byte) (value >>> (8 * i));
        }
        return out;
    }

    /**
     * A message between members' log-replay providers and sessions. Opaque outside this package: the
     * runtime only carries it, encoded with {@link #messageCodec()}.
     */
    public sealed interface Message permits ReplayMessages.AvailabilityRequest, ReplayMessages.AvailabilityResponse,
            ReplayMessages.FetchEntriesRequest, ReplayMessages.FetchEntriesResponse {}
}
