package dev.groups.snapshot.internal;

import dev.groups.id.Digest;
import dev.groups.id.GroupId;
import dev.groups.id.NetworkId;
import dev.groups.id.PeerId;
import dev.groups.log.Cursor;
import dev.groups.log.Index;
import dev.groups.log.LogPayload;
import dev.groups.machine.Codec;
import dev.groups.metrics.GroupListener;
import dev.groups.snapshot.SnapshotSync;
import dev.groups.storage.Storage;
import dev.groups.sync.RuntimeState;
import dev.groups.sync.SyncProviderContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/** A provider context over a log, a committed position and a recording listener. */
final class FakeContext implements SyncProviderContext<Long, SnapshotSync.Message> {
    static final PeerId SELF = PeerId.fromBytes(new byte[32]);

    final Storage<LogPayload<Long>> log;
    Cursor committed = Cursor.ZERO;
    byte[] sessions = {1, 2, 3};
    final List<String> events = new ArrayList<>();
    final List<RuntimeState> restored = new ArrayList<>();

    FakeContext(Storage<LogPayload<Long>> log) {
        this.log = log;
    }

    @Override
    public PeerId localId() {
        return SELF;
    }

    @Override
    public GroupId groupId() {
        return new GroupId(Digest.of("snapshot-tests"));
    }

    @Override
    public NetworkId networkId() {
        return NetworkId.of("tests");
    }

    @Override
    public Storage<LogPayload<Long>> log() {
        return log;
    }

    @Override
    public Codec<LogPayload<Long>> payloadCodec() {
        throw new UnsupportedOperationException("not used by these tests");
    }

    @Override
    public Cursor committed() {
        return committed;
    }

    @Override
    public SortedSet<PeerId> bonds() {
        return new TreeSet<>();
    }

    @Override
    public void send(PeerId to, SnapshotSync.Message message) {
        events.add("sent " + message);
    }

    @Override
    public Instant now() {
        return Instant.EPOCH;
    }

    @Override
    public GroupListener listener() {
        return new GroupListener() {
            @Override
            public void snapshotTaken(Index upTo, long bytes, long nanos) {
                events.add("taken " + upTo.value() + " " + bytes);
            }

            @Override
            public void snapshotInstalled(Index upTo, long bytes, long nanos) {
                events.add("installed " + upTo.value() + " " + bytes);
            }
        };
    }

    @Override
    public Optional<PeerId> leader() {
        return Optional.of(SELF);
    }

    @Override
    public boolean isLeader() {
        return true;
    }

    @Override
    public boolean feedCommand(Long command) {
        return false;
    }

    /** A second voter of the strict-mode configuration every snapshot records. */
    static final dev.groups.id.PeerId OTHER_VOTER = dev.groups.id.PeerId.fromHex("77".repeat(32));

    @Override
    public RuntimeState runtimeState() {
        return new RuntimeState(committed, Optional.of(SELF), sessions, new java.util.TreeSet<>(java.util.List.of(SELF, OTHER_VOTER)));
    }

    @Override
    public void restored(RuntimeState state) {
        restored.add(state);
    }
}
