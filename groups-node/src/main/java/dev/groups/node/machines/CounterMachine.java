package dev.groups.node.machines;

import dev.groups.id.UniqueId;
import dev.groups.machine.ApplyContext;
import dev.groups.machine.Codec;
import dev.groups.machine.CodecException;
import dev.groups.machine.Codecs;
import dev.groups.machine.StateMachine;
import dev.groups.machine.Unit;
import dev.groups.node.TextCommands;
import dev.groups.snapshot.SnapshotSync;
import dev.groups.snapshot.Snapshottable;
import dev.groups.sync.LogReplaySync;
import dev.groups.sync.StateSync;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/**
 * A replicated counter (built in as {@value CounterProvider#NAME}): a command adds a signed amount,
 * with wrapping arithmetic; the query reads the value. Text commands: {@code add N}, {@code sub N} or
 * a bare signed number; text query: {@code get}.
 */
public final class CounterMachine implements StateMachine<Long, Unit, Long>, TextCommands<Long, Unit, Long>, Snapshottable {
    private long value;
    private final StateSync<Long, ?> sync;

    /** Catches up by log replay; the log is never pruned. */
    public CounterMachine() {
        this.sync = new LogReplaySync<>();
    }

    /** Catches up from snapshots taken with {@code snapshots}' policy; the log is pruned behind them. */
    public CounterMachine(SnapshotCapableProvider.Snapshots snapshots) {
        this.sync = SnapshotSync.inDirectory(this, snapshots.settings(), snapshots.root());
    }

    @Override
    public UniqueId signature() {
        return UniqueId.of("dev.groups.node.counter.v1");
    }

    @Override
    public void apply(Long delta, ApplyContext ctx) {
        value += delta;
    }

    @Override
    public Long query(Unit query) {
        return value;
    }

    @Override
    public void reset() {
        value = 0;
    }

    @Override
    public StateSync<Long, ?> stateSync() {
        return sync;
    }

    /** The value: 8 bytes, big-endian. */
    @Override
    public void writeSnapshot(OutputStream out) throws IOException {
        new DataOutputStream(out).writeLong(value);
    }

    @Override
    public void restoreSnapshot(InputStream in) throws IOException {
        byte[] b = in.readNBytes(Long.BYTES + 1);
        if (b.length != Long.BYTES) {
            throw new CodecException("a counter snapshot is 8 bytes, got " + b.length + (b.length > Long.BYTES ? " or more" : ""));
        }
        value = ByteBuffer.wrap(b).getLong();
    }

    @Override
    public Codec<Long> commandCodec() {
        return Codecs.int64();
    }

    @Override
    public Codec<Unit> queryCodec() {
        return Codecs.unit();
    }

    @Override
    public Codec<Long> resultCodec() {
        return Codecs.int64();
    }

    // ------------------------------------------------------------------------------------------- text

    @Override
    public Long parseCommand(String line) {
        String[] words = line.trim().split("\\s+");
        try {
            if (words.length == 1) {
                return Long.parseLong(words[0]);
            }
            if (words.length == 2 && (words[0].equals("add") || words[0].equals("sub"))) {
                long n = Long.parseLong(words[1]);
                return words[0].equals("add") ? n : -n;
            }
        } catch (NumberFormatException e) {
            // fall through to the usage message
        }
        throw new IllegalArgumentException("counter commands are 'add N', 'sub N' or a signed number, got '" + line + "'");
    }

    @Override
    public Unit parseQuery(String line) {
        if (!line.trim().equals("get")) {
            throw new IllegalArgumentException("the counter's only query is 'get', got '" + line + "'");
        }
        return Unit.INSTANCE;
    }

    @Override
    public Unit summaryQuery() {
        return Unit.INSTANCE;
    }

    @Override
    public String formatResult(Long result) {
        return "value " + result;
    }
}
