package dev.groups.examples.kv;

import dev.groups.id.UniqueId;
import dev.groups.machine.ApplyContext;
import dev.groups.machine.Codec;
import dev.groups.machine.StateMachine;
import dev.groups.sync.LogReplaySync;
import dev.groups.sync.StateSync;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A replicated map from string keys to string values, with compare-and-set: a template for state
 * machine authors. Commands are {@link KvCommand}s, queries {@link KvQuery}s, answers {@link KvResult}s.
 *
 * <p><b>Versions.</b> Every stored value remembers the log index of the command that wrote it. The
 * index comes from the {@link ApplyContext}, which is derived from the log, so every replica stores the
 * same versions. {@code execute} tells a client only the index of its command, not what the command
 * did; a read at or after that index shows it: if the key's version equals the index, that command
 * wrote the current value (a compare-and-set matched). If the version is higher, a later command has
 * overwritten the key since, and the version alone no longer says whether the compare-and-set matched.
 *
 * <p><b>What makes it a correct state machine.</b>
 * <ul>
 *   <li>Deterministic: the state depends only on the commands and their indices. A {@link TreeMap} keeps
 *       iteration (and so every scan) in key order on every replica; nothing reads a clock, a random
 *       source or a hash order.</li>
 *   <li>{@link #apply} never throws: a compare-and-set that does not match is a committed entry all
 *       the same, applied as a no-op. Sizes are checked by the codecs, before a command is logged.</li>
 *   <li>{@link #query} only reads, and its answers are bounded ({@link #PAGE_BYTES}).</li>
 *   <li>Not thread-safe, and needs no locks: the runtime calls every method on the group's thread.</li>
 * </ul>
 *
 * <p>Lagging members catch up by log replay ({@link LogReplaySync}): the log is never pruned, and the
 * state is rebuilt from it after a restart.
 */
public final class KvMachine implements StateMachine<KvCommand, KvQuery, KvResult> {
    /** A scan page stops growing once its entries take about this many bytes (1 MiB) on the wire. */
    public static final int PAGE_BYTES = 1 << 20;

    /**
     * The signature's name; the version changes whenever a change would make replicas disagree (v2:
     * the codecs moved to groups-api's WireFormats, with varint lengths, so v1 logs do not decode).
     */
    private static final String SIGNATURE_NAME = "dev.groups.examples.kv.v2";

    private record Stored(String value, long version) {}

    private final KvLimits limits;
    private final KvCodecs codecs;
    private final StateSync<KvCommand, ?> sync = new LogReplaySync<>();
    private final TreeMap<String, Stored> entries = new TreeMap<>();

    /** With the {@linkplain KvLimits#DEFAULTS default limits}. */
    public KvMachine() {
        this(KvLimits.DEFAULTS);
    }

    public KvMachine(KvLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.codecs = new KvCodecs(limits);
    }

    public KvLimits limits() {
        return limits;
    }

    /** The name and version of the command semantics, and the limits (members must agree on both). */
    @Override
    public UniqueId signature() {
        return UniqueId.of(SIGNATURE_NAME)
                .derive(KvLimits.MAX_KEY_BYTES + "=" + limits.maxKeyBytes())
                .derive(KvLimits.MAX_VALUE_BYTES + "=" + limits.maxValueBytes());
    }

    @Override
    public void apply(KvCommand command, ApplyContext ctx) {
        apply(command, ctx.indexOf(0).value());
    }

    /**
     * Overridden for correctness, not speed: the default calls {@link #apply} with the batch's context
     * for every command, and {@code ctx.indexOf(0)} would then give them all the first one's index.
     */
    @Override
    public void applyBatch(List<KvCommand> commands, ApplyContext ctx) {
        for (int i = 0; i < commands.size(); i++) {
            apply(commands.get(i), ctx.indexOf(i).value());
        }
    }

    private void apply(KvCommand command, long index) {
        if (command instanceof KvCommand.Put put) {
            entries.put(put.key(), new Stored(put.value(), index));
        } else if (command instanceof KvCommand.Delete delete) {
            entries.remove(delete.key());
        } else if (command instanceof KvCommand.CompareAndSet cas) {
            Stored current = entries.get(cas.key());
            boolean matches = cas.expected().isEmpty()
                    ? current == null
                    : current != null && current.value().equals(cas.expected().get());
            if (!matches) {
                return; // committed all the same; the unchanged version tells the client
            }
            if (cas.update().isPresent()) {
                entries.put(cas.key(), new Stored(cas.update().get(), index));
            } else {
                entries.remove(cas.key());
            }
        }
    }

    @Override
    public KvResult query(KvQuery query) {
        if (query instanceof KvQuery.Get get) {
            Stored s = entries.get(get.key());
            return s == null ? new KvResult.Absent() : new KvResult.Found(new KvResult.Entry(get.key(), s.value(), s.version()));
        }
        return scan((KvQuery.Scan) query);
    }

    private KvResult.Page scan(KvQuery.Scan scan) {
        String prefix = scan.prefix();
        // Keys with a prefix are contiguous in sorted order and start at the prefix itself.
        NavigableMap<String, Stored> from = scan.after().compareTo(prefix) >= 0
                ? entries.tailMap(scan.after(), false)
                : entries.tailMap(prefix, true);
        List<KvResult.Entry> page = new ArrayList<>(Math.min(scan.limit(), 64));
        long bytes = 0;
        for (Map.Entry<String, Stored> e : from.entrySet()) {
            if (!e.getKey().startsWith(prefix)) {
                return new KvResult.Page(page, false);
            }
            long size = encodedSize(e.getKey(), e.getValue().value());
            if (page.size() == scan.limit() || (!page.isEmpty() && bytes + size > PAGE_BYTES)) {
                return new KvResult.Page(page, true);
            }
            page.add(new KvResult.Entry(e.getKey(), e.getValue().value(), e.getValue().version()));
            bytes += size;
        }
        return new KvResult.Page(page, false);
    }

    /** An entry's size in the result encoding (lengths, UTF-8, version). */
    private static long encodedSize(String key, String value) {
        return 4 + utf8Length(key) + 4 + utf8Length(value) + 8;
    }

    private static int utf8Length(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            n += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3; // a surrogate pair is 4
        }
        return n;
    }

    @Override
    public void reset() {
        entries.clear();
    }

    @Override
    public StateSync<KvCommand, ?> stateSync() {
        return sync;
    }

    @Override
    public Codec<KvCommand> commandCodec() {
        return codecs.commands;
    }

    @Override
    public Codec<KvQuery> queryCodec() {
        return codecs.queries;
    }

    @Override
    public Codec<KvResult> resultCodec() {
        return codecs.results;
    }

    @Override
    public String toString() {
        return "KvMachine(" + limits + ")";
    }
}
