package dev.groups.benchmarks.cluster;

import dev.groups.id.UniqueId;
import dev.groups.machine.ApplyContext;
import dev.groups.machine.Codec;
import dev.groups.machine.Codecs;
import dev.groups.machine.StateMachine;
import dev.groups.machine.Unit;
import dev.groups.sync.LogReplaySync;
import dev.groups.sync.StateSync;
import java.util.List;

/** The harness's state machine: counts commands and their bytes, as the peers' counters do. */
public final class BenchCounter implements StateMachine<byte[], Unit, Long> {
    private long count;
    private long bytes;

    @Override
    public UniqueId signature() {
        return UniqueId.of("bench.counter.v1");
    }

    @Override
    public void apply(byte[] command, ApplyContext ctx) {
        count++;
        bytes += command.length;
    }

    @Override
    public void applyBatch(List<byte[]> commands, ApplyContext ctx) {
        for (byte[] c : commands) {
            count++;
            bytes += c.length;
        }
    }

    @Override
    public Long query(Unit query) {
        return count;
    }

    @Override
    public void reset() {
        count = 0;
        bytes = 0;
    }

    @Override
    public StateSync<byte[], ?> stateSync() {
        return new LogReplaySync<>();
    }

    @Override
    public Codec<byte[]> commandCodec() {
        return Codecs.bytes();
    }

    @Override
    public Codec<Unit> queryCodec() {
        return Codecs.unit();
    }

    @Override
    public Codec<Long> resultCodec() {
        return Codecs.int64();
    }
}
