package dev.groups.raft;

import dev.groups.id.UniqueId;
import dev.groups.machine.ApplyContext;
import dev.groups.machine.Codec;
import dev.groups.machine.Codecs;
import dev.groups.machine.StateMachine;
import dev.groups.machine.Unit;
import dev.groups.sync.LogReplaySync;
import dev.groups.sync.StateSync;

/**
 * A test machine that adds its commands up; the query returns the sum. Replays the log to catch up.
 * Tests that need a variant (another signature, a command that throws) extend it.
 */
class SumMachine implements StateMachine<Long, Unit, Long> {
    private long sum;

    @Override
    public UniqueId signature() {
        return UniqueId.of("test.sum.v1");
    }

    @Override
    public void apply(Long command, ApplyContext ctx) {
        sum += command;
    }

    @Override
    public Long query(Unit query) {
        return sum;
    }

    @Override
    public void reset() {
        sum = 0;
    }

    @Override
    public StateSync<Long, ?> stateSync() {
        return new LogReplaySync<>();
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
}
