package dev.groups.testkit.kv;

import dev.groups.id.Digest;
import dev.groups.id.UniqueId;
import dev.groups.machine.ApplyContext;
import dev.groups.machine.Codec;
import dev.groups.machine.StateMachine;
import dev.groups.sync.LogReplaySync;
import dev.groups.sync.StateSync;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * A replicated map from string keys to long values: the machine of the simulator, of the scenario
 * tests and of the linearizability checks. Deterministic (a sorted map), catches up by log replay.
 */
public final class KvStateMachine implements StateMachine<KvCommand, KvQuery, KvResult> {
    public static final UniqueId SIGNATURE = UniqueId.of("groups.testkit.kv.v1");

    private final TreeMap<String, Long> map = new TreeMap<>();
    private final LogReplaySync<KvCommand> sync;

    public KvStateMachine() {
        this(new LogReplaySync<>());
    }

    public KvStateMachine(LogReplaySync<KvCommand> sync) {
        this.sync = sync;
    }

    @Override
    public UniqueId signature() {
        return SIGNATURE;
    }

    @Override
    public void apply(KvCommand command, ApplyContext ctx) {
        if (command instanceof KvCommand.Put p) {
            map.put(p.key(), p.value());
        } else {
            map.remove(command.key());
        }
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

    /** A digest of the whole map: equal on two replicas iff their states are equal. */
    public Digest stateDigest() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Long> e : map.entrySet()) {
            sb.append(e.getKey()).append('=').append(e.getValue()).append(';');
        }
        return Digest.hash(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** A copy of the map. */
    public Map<String, Long> snapshot() {
        return new TreeMap<>(map);
    }
}
