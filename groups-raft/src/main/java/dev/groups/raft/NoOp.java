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
 * The machine of a group joined without one ({@code withKey(k).join()}): leader election and
 * membership only. Unit commands, queries and results.
 */
public final class NoOp implements StateMachine<Unit, Unit, Unit> {
    public static final UniqueId SIGNATURE = UniqueId.of("groups.noop.v1");

    @Override
    public UniqueId signature() {
        return SIGNATURE;
    }

    @Override
    public void apply(Unit command, ApplyContext ctx) {
        // nothing to change: the log itself is the point
    }

    @Override
    public Unit query(Unit query) {
        return Unit.INSTANCE;
    }

    @Override
    public void reset() {
        // stateless
    }

    @Override
    public StateSync<Unit, ?> stateSync() {
        return new LogReplaySync<>();
    }

    @Override
    public Codec<Unit> commandCodec() {
        return Codecs.unit();
    }

    @Override
    public Codec<Unit> queryCodec() {
        return Codecs.unit();
    }

    @Override
    public Codec<Unit> resultCodec() {
        return Codecs.unit();
    }
}
