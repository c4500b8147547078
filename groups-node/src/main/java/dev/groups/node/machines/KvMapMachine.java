package dev.groups.node.machines;

import dev.groups.id.Digest;
import dev.groups.id.UniqueId;
import dev.groups.machine.ApplyContext;
import dev.groups.machine.Codec;
import dev.groups.machine.CodecException;
import dev.groups.machine.Codecs;
import dev.groups.machine.StateMachine;
import dev.groups.node.TextCommands;
import dev.groups.snapshot.SnapshotSync;
import dev.groups.snapshot.Snapshottable;
import dev.groups.sync.LogReplaySync;
import dev.groups.sync.StateSync;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A replicated string map (built in as {@value KvMapProvider#NAME}). Commands put or delete a key;
 * queries read a key, or summarize the whole map as its size and a SHA-256 digest of its sorted
 * entries, so replicas can be compared at a glance. Text: {@code put KEY VALUE…}, {@code del KEY};
 * queries {@code get KEY}, {@code summary}.
 */
public final class KvMapMachine implements StateMachine<KvMapMachine.Command, KvMapMachine.Query, Optional<String>>,
        TextCommands<KvMapMachine.Command, KvMapMachine.Query, Optional<String>>, Snapshottable {

    /** What changes the map. */
    public sealed interface Command permits Put, Delete {}

    public record Put(String key, String value) implements Command {
        public Put {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
        }
    }

    public record Delete(String key) implements Command {
        public Delete {
            Objects.requireNonNull(key, "key");
        }
    }

    /** What reads it. */
    public sealed interface Query permits Get, Summary {}

    public record Get(String key) implements Query {
        public Get {
            Objects.requireNonNull(key, "key");
        }
    }

    /** {@code "N keys, digest 1a2b3c4d"}: equal on replicas that hold the same map. */
    public record Summary() implements Query {}

    /** The longest key or value a snapshot may hold (a command frame is smaller anyway). */
    private static final int MAX_STRING_BYTES = 16 << 20;

    private TreeMap<String, String> map = new TreeMap<>();
    private final StateSync<Command, ?> sync;

    /** Catches up by log replay; the log is never pruned. */
    public KvMapMachine() {
        this.sync = new LogReplaySync<>();
    }

    /** Catches up from snapshots taken with {@code snapshots}' policy; the log is pruned behind them. */
    public KvMapMachine(SnapshotCapableProvider.Snapshots snapshots) {
        this.sync = SnapshotSync.inDirectory(this, snapshots.settings(), snapshots.root());
    }

    @Override
    public UniqueId signature() {
        return UniqueId.of("dev.groups.node.kvmap.v1");
    }

    @Override
    public void apply(Command command, ApplyContext ctx) {
        if (command instanceof Put p) {
            map.put(p.key(), p.value());
        } else if (command instanceof Delete d) {
            map.remove(d.key());
        }
    }

    @Override
    public Optional<String> query(Query query) {
        if (query instanceof Get g) {
            return Optional.ofNullable(map.get(g.key()));
        }
        return Optional.of(map.size() + " keys, digest " + digest().shortHex());
    }

    /** SHA-256 over the entries in key order, each as length-prefixed UTF-8 key and value. */
    private Digest digest() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Map.Entry<String, String> e : map.entrySet()) {
                for (String s : new String[] {e.getKey(), e.getValue()}) {
                    byte[] b = s.getBytes(StandardCharsets.UTF_8);
                    sha.update(ByteBuffer.allocate(4).putInt(b.length).array());
                    sha.update(b);
                }
            }
            return Digest.fromBytes(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK must support SHA-256", e);
        }
    }

    @Override
    public void reset() {
        map.clear();
    }

    @Override
    public StateSync<Command, ?> stateSync() {
        return sync;
    }

    @Override
    public Codec<Command> commandCodec() {
        return COMMANDS;
    }

    @Override
    public Codec<Query> queryCodec() {
        return QUERIES;
    }

    @Override
    public Codec<Optional<String>> resultCodec() {
        return RESULTS;
    }

    // ------------------------------------------------------------------------------------------- text

    @Override
    public Command parseCommand(String line) {
        String[] words = line.trim().split("\\s+", 3);
        if (words.length == 3 && words[0].equals("put")) {
            return new Put(words[1], words[2]);
        }
        if (words.length == 2 && words[0].equals("del")) {
            return new Delete(words[1]);
        }
        throw new IllegalArgumentException("kvmap commands are 'put KEY VALUE' or 'del KEY', got '" + line + "'");
    }

    @Override
    public Query parseQuery(String line) {
        String[] words = line.trim().split("\\s+");
        if (words.length == 2 && words[0].equals("get")) {
            return new Get(words[1]);
        }
        if (words.length == 1 && words[0].equals("summary")) {
            return new Summary();
        }
        throw new IllegalArgumentException("kvmap queries are 'get KEY' or 'summary', got '" + line + "'");
    }

    @Override
    public Query summaryQuery() {
        return new Summary();
    }

    @Override
    public String formatResult(Optional<String> result) {
        return result.orElse("(no such key)");
    }

    // ------------------------------------------------------------------------------------------- codecs

    private static final byte PUT = 1;
    private static final byte DELETE = 2;
    private static final byte GET = 1;
    private static final byte SUMMARY = 2;

    /** {@code 1 ‖ keyLength(4) ‖ key ‖ value} or {@code 2 ‖ key}, strings in UTF-8. */
    private static final Codec<Command> COMMANDS = new Codec<>() {
        @Override
        public byte[] encode(Command c) {
            if (c instanceof Put p) {
                byte[] k = utf8(p.key());
                byte[] v = utf8(p.value());
                return ByteBuffer.allocate(5 + k.length + v.length).put(PUT).putInt(k.length).put(k).put(v).array();
            }
            byte[] k = utf8(((Delete) c).key());
            return ByteBuffer.allocate(1 + k.length).put(DELETE).put(k).array();
        }

        @Override
        public Command decode(byte[] data, int offset, int length) {
            Codecs.checkBounds(data, offset, length);
            if (length >= 1 && data[offset] == DELETE) {
                return new Delete(string(data, offset + 1, length - 1));
            }
            if (length >= 5 && data[offset] == PUT) {
                int k = ByteBuffer.wrap(data, offset + 1, 4).getInt();
                if (k >= 0 && k <= length - 5) {
                    return new Put(string(data, offset + 5, k), string(data, offset + 5 + k, length - 5 - k));
                }
            }
            throw new CodecException("not a kvmap command");
        }
    };

    private static final Codec<Query> QUERIES = new Codec<>() {
        @Override
        public byte[] encode(Query q) {
            if (q instanceof Get g) {
                byte[] k = utf8(g.key());
                return ByteBuffer.allocate(1 + k.length).put(GET).put(k).array();
            }
            return new byte[] {SUMMARY};
        }

        @Override
        public Query decode(byte[] data, int offset, int length) {
            Codecs.checkBounds(data, offset, length);
            if (length >= 1 && data[offset] == GET) {
                return new Get(string(data, offset + 1, length - 1));
            }
            if (length == 1 && data[offset] == SUMMARY) {
                return new Summary();
            }
            throw new CodecException("not a kvmap query");
        }
    };

    /** {@code 0} (absent) or {@code 1 ‖ value}. */
    private static final Codec<Optional<String>> RESULTS = new Codec<>() {
        @Override
        public byte[] encode(Optional<String> r) {
            if (r.isEmpty()) {
                return new byte[] {0};
            }
            byte[] v = utf8(r.get());
            return ByteBuffer.allocate(1 + v.length).put((byte) 1).put(v).array();
        }

        @Override
        public Optional<String> decode(byte[] data, int offset, int length) {
            Codecs.checkBounds(data, offset, length);
            if (length == 1 && data[offset] == 0) {
                return Optional.empty();
            }
            if (length >= 1 && data[offset] == 1) {
                return Optional.of(string(data, offset + 1, length - 1));
            }
            throw new CodecException("not a kvmap result");
        }
    };

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String string(byte[] data, int offset, int length) {
        return Codecs.utf8().decode(data, offset, length);
    }

    // -------------------------------------------------------------------------------------- snapshots

    /**
     * The map in key order, streamed: {@code count:i32 (keyLength:i32 key valueLength:i32 value){count}},
     * strings in UTF-8. Equal maps give equal bytes.
     */
    @Override
    public void writeSnapshot(OutputStream out) throws IOException {
        DataOutputStream data = new DataOutputStream(out);
        data.writeInt(map.size());
        for (Map.Entry<String, String> e : map.entrySet()) {
            writeString(data, e.getKey());
            writeString(data, e.getValue());
        }
        data.flush();
    }

    /** Reads a whole map aside, then swaps it in: on a bad snapshot the map is unchanged. */
    @Override
    public void restoreSnapshot(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        TreeMap<String, String> next = new TreeMap<>();
        try {
            int count = data.readInt();
            if (count < 0) {
                throw new CodecException("a kvmap snapshot with " + count + " entries");
            }
            String previous = null;
            for (int i = 0; i < count; i++) {
                String key = readString(data);
                if (previous != null && previous.compareTo(key) >= 0) {
                    throw new CodecException("kvmap snapshot keys out of order");
                }
                next.put(key, readString(data));
                previous = key;
            }
        } catch (java.io.EOFException e) {
            throw new CodecException("a truncated kvmap snapshot", e);
        }
        map = next;
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readString(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > MAX_STRING_BYTES) {
            throw new CodecException("a string of " + n + " bytes in a kvmap snapshot");
        }
        byte[] b = in.readNBytes(n);
        if (b.length != n) {
            throw new CodecException("a truncated kvmap snapshot");
        }
        return new String(b, StandardCharsets.UTF_8);
    }
}
