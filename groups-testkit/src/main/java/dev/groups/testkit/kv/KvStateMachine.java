package dev.groups.testkit.kv;

import dev.groups.id.Digest;
import dev.groups.id.UniqueId;
import dev.groups.machine.ApplyContext;
import dev.groups.machine.Codec;
import dev.groups.machine.CodecException;
import dev.groups.machine.StateMachine;
import dev.groups.sync.LogReplaySync;
import dev.groups.sync.StateSync;
import dev.groups.snapshot.Snapshottable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A replicated map from string keys to long values: the machine of the simulator, of the scenario
 * tests and of the linearizability checks. Deterministic (a sorted map). Catches up by log replay
 * unless built with another state sync, such as a {@code SnapshotSync} over its {@link Snapshottable}
 * side.
 *
 * <p>Not thread-safe: the runtime calls it on the group's thread (see {@link StateMachine}).
 */
public final class KvStateMachine implements StateMachine<KvCommand, KvQuery, KvResult>, Snapshottable {
    public static final UniqueId SIGNATURE = UniqueId.of("groups.testkit.kv.v1");

    private final TreeMap<String, Long> map = new TreeMap<>();
    private final StateSync<KvCommand, ?> sync;

    public KvStateMachine() {
        this(new LogReplaySync<>());
    }

    public KvStateMachine(LogReplaySync<KvCommand> sync) {
        this.sync = Objects.requireNonNull(sync, "sync");
    }

    /**
     * With the state sync {@code syncFactory} builds for this machine (called once, here), for example
     * {@code new KvStateMachine(m -> new SnapshotSync<>(m, settings))}. The machine is empty and fully
     * constructed when the factory sees it.
     */
    public KvStateMachine(Function<? super KvStateMachine, ? extends StateSync<KvCommand, ?>> syncFactory) {
        this.sync = Objects.requireNonNull(syncFactory.apply(this), "the state sync factory returned null");
    }

    @Override
    public UniqueId signature() {
        return SIGNATURE;
    }

    @Override
    public void apply(KvCommand command, ApplyContext ctx) {
        if (command instanceof KvCommand.Put p) {
            map.put(p.key(), p.value());
        } else if (command instanceof KvCommand.Delete) {
            map.remove(command.key());
        } else if (command instanceof KvCommand.Increment i) {
            map.merge(i.key(), 1L, Long::sum);
            counted(i.op());
        } else if (command instanceof KvCommand.Append a) {
            // The list [e0, e1, ...] at key k is k#len = n and k[i] = ei: still a map of longs.
            long length = map.getOrDefault(a.key() + "#len", 0L);
            map.put(a.key() + "[" + length + "]", a.op());
            map.put(a.key() + "#len", length + 1);
            counted(a.op());
        } else if (command instanceof KvCommand.Cas c) {
            Long current = map.get(c.key());
            boolean swapped = current != null && current == c.expected();
            if (swapped) {
                map.put(c.key(), c.update());
            }
            map.put(casResultKey(c.op()), swapped ? 1L : 0L);
            counted(c.op());
        }
    }

    private void counted(long op) {
        map.merge(applicationsKey(op), 1L, Long::sum);
    }

    /** Where the machine counts the applications of the non-idempotent command {@code op}. */
    public static String applicationsKey(long op) {
        return "#" + op;
    }

    /** Where the machine keeps whether the compare-and-set {@code op} swapped (1) or not (0). */
    public static String casResultKey(long op) {
        return "?" + op;
    }

    /** The value at {@code key}, if present (for checks; clients use {@link #query}). */
    public java.util.OptionalLong valueOf(String key) {
        Long v = map.get(key);
        return v == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(v);
    }

    @Override
    public KvResult query(KvQuery query) {
        Long v = map.get(query.key());
        return v == null ? new KvResult.Absent() : new KvResult.Value(v);
    }

    @Override
    public void reset() {
        map.clear();
    }

    @Override
    public StateSync<KvCommand, ?> stateSync() {
        return sync;
    }

    @Override
    public Codec<KvCommand> commandCodec() {
        return KvCodecs.COMMAND;
    }

    @Override
    public Codec<KvQuery> queryCodec() {
        return KvCodecs.QUERY;
    }

    @Override
    public Codec<KvResult> resultCodec() {
        return KvCodecs.RESULT;
    }

    /**
     * The map in key order: {@code count(u32) (keyLength(u16) key(UTF-8) value(i64)){count}}, big-endian.
     * Equal maps give equal bytes. Keys are at most 1,024 bytes, as the command codec allows.
     */
    public byte[] snapshot() {
        return KvSnapshots.encode(map);
    }

    /** Replaces the map with the one {@code snapshot} encodes; on malformed input the map is unchanged. */
    public void restore(byte[] snapshot) {
        TreeMap<String, Long> restored = KvSnapshots.decode(snapshot);
        map.clear();
        map.putAll(restored);
    }

    /** {@link #snapshot()}, written to {@code out} (the test kit's maps are small: encoded whole). */
    @Override
    public void writeSnapshot(OutputStream out) throws IOException {
        out.write(snapshot());
    }

    /** {@link #restore(byte[])} of everything {@code in} holds. */
    @Override
    public void restoreSnapshot(InputStream in) throws IOException {
        restore(in.readAllBytes());
    }

    /** A digest of the whole map: equal on two replicas iff their states are equal. */
    public Digest stateDigest() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Long> e : map.entrySet()) {
            sb.append(e.getKey()).append('=').append(e.getValue()).append(';');
        }
        return Digest.hash(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** A copy of the map. */
    public Map<String, Long> contents() {
        return new TreeMap<>(map);
    }

    /** The snapshot encoding of the map. */
    private static final class KvSnapshots {
        /** The shortest entry: an empty key and its value. */
        private static final int MIN_ENTRY = 2 + 8;

        static byte[] encode(TreeMap<String, Long> map) {
            byte[][] keys = new byte[map.size()][];
            int size = 4;
            int i = 0;
            for (String key : map.keySet()) {
                keys[i] = KvCodecs.QUERY.encode(new KvQuery(key)); // the length-prefixed key, as commands carry it
                size += keys[i].length + 8;
                i++;
            }
            ByteBuffer out = ByteBuffer.allocate(size).putInt(map.size());
            i = 0;
            for (long value : map.values()) {
                out.put(keys[i]).putLong(value);
                i++;
            }
            return out.array();
        }

        static TreeMap<String, Long> decode(byte[] data) {
            ByteBuffer in = ByteBuffer.wrap(data);
            if (in.remaining() < 4) {
                throw new CodecException("truncated key-value snapshot");
            }
            long count = Integer.toUnsignedLong(in.getInt());
            if (count > in.remaining() / MIN_ENTRY) {
                throw new CodecException("bad entry count " + count);
            }
            TreeMap<String, Long> map = new TreeMap<>();
            String previous = null;
            for (long i = 0; i < count; i++) {
                String key = KvCodecs.QUERY.decode(keyField(in)).key();
                if (in.remaining() < 8) {
                    throw new CodecException("truncated value");
                }
                if (previous != null && previous.compareTo(key) >= 0) {
                    throw new CodecException("keys out of order");
                }
                map.put(key, in.getLong());
                previous = key;
            }
            if (in.hasRemaining()) {
                throw new CodecException(in.remaining() + " trailing bytes");
            }
            return map;
        }

        /** The length-prefixed key at the buffer's position, in the query codec's format. */
        private static byte[] keyField(ByteBuffer in) {
            if (in.remaining() < 2) {
                throw new CodecException("truncated key length");
            }
            int len = in.getShort(in.position()) & 0xffff;
            if (len > in.remaining() - 2) {
                throw new CodecException("bad key length " + len);
            }
            byte[] field = new byte[2 + len];
            in.get(field);
            return field;
        }
    }
}
