package dev.groups.testkit.sim;

import dev.groups.consensus.ConsensusConfig;
import dev.groups.consensus.LeadershipPreference;
import dev.groups.id.GroupId;
import dev.groups.id.NetworkId;
import dev.groups.id.PeerId;
import dev.groups.log.Index;
import dev.groups.log.LogPayload;
import dev.groups.machine.ApplyContext;
import dev.groups.machine.Codec;
import dev.groups.machine.StateMachine;
import dev.groups.raft.core.RaftNode;
import dev.groups.raft.core.RaftSetup;
import dev.groups.raft.core.RaftTuning;
import dev.groups.sync.StateSync;
import dev.groups.testkit.kv.KvCommand;
import dev.groups.testkit.kv.KvQuery;
import dev.groups.testkit.kv.KvResult;
import dev.groups.testkit.kv.KvStateMachine;
import dev.groups.snapshot.SnapshotSync;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * One simulated member: a group's consensus core on one host, over its own simulated disk, with the
 * machine it applies to. All members of a host share its fate (crash, partition) and its peer id.
 */
final class SimNode {
    /** Observes what a node applies, for the state-machine-safety invariant. */
    interface ApplyListener {
        void applied(SimNode node, long index, KvCommand command);

        void reset(SimNode node);
    }

    /** The member's position in the cluster's list of all members. */
    final int number;
    final int host;
    final int group;
    /** The host's identity; a host wiped as a new member gets a new one ({@link #wipe}). */
    PeerId id;
    final SimStorage<LogPayload<KvCommand>> disk = new SimStorage<>(LogPayload.codec(dev.groups.testkit.kv.KvCodecs.COMMAND));
    /** Durable like the disk: the snapshots a restart from the disk's pruned log needs. */
    final SimSnapshotStore snapshots = new SimSnapshotStore(disk);
    final TreeSet<PeerId> bonds = new TreeSet<>();
    KvStateMachine machine;
    RaftNode<KvCommand, KvQuery, KvResult> raft;
    boolean alive;
    int incarnation;
    long tickGeneration;
    long tickAt = Long.MAX_VALUE;
    boolean flushScheduled;
    long lastCommitted;
    /** Snapshots installed from peers by the incarnations before this one. */
    private long pastInstalls;

    SimNode(int number, int host, int group, PeerId id) {
        this.number = number;
        this.host = host;
        this.group = group;
        this.id = id;
    }

    /** Starts (or restarts) the process from what its disk kept. */
    void boot(GroupId group, NetworkId network, ConsensusConfig config, RaftTuning tuning, long seed, long now,
              ApplyListener listener, SimMachineFactory machines, LeadershipPreference preference) {
        incarnation++;
        alive = true;
        bonds.clear();
        flushScheduled = false;
        lastCommitted = 0;
        machine = machines.create(snapshots);
        raft = new RaftNode<>(new RaftSetup<>(id, group, network, config,
                new Recording(this, machine, listener, preference), disk,
                new SplittableRandom(seed * 31 + number * 7919L + incarnation * 104_729L), tuning));
        raft.start(now);
    }

    void crash(SplittableRandom random) {
        pastInstalls += installs(machine);
        alive = false;
        disk.crash(random);
        raft = null;
        machine = null;
        bonds.clear();
    }

    /** While down: the member's disk and snapshots are lost; it will boot with nothing, as {@code identity}. */
    void wipe(PeerId identity) {
        if (alive) {
            throw new IllegalStateException(this + " is running: crash it first");
        }
        disk.wipe();
        snapshots.wipe();
        id = identity;
    }

    /** Snapshots installed from peers by every incarnation of this member (0 without {@link SnapshotSync}). */
    long snapshotInstalls() {
        return pastInstalls + installs(machine);
    }

    private static long installs(KvStateMachine m) {
        return m != null && m.stateSync() instanceof SnapshotSync<?> s ? s.snapshotsInstalled() : 0;
    }

    @Override
    public String toString() {
        return group == 0 ? "n" + host : "n" + host + "/g" + group;
    }

    /** Delegates to the machine and reports every applied command with its log index. */
    private record Recording(SimNode node, KvStateMachine delegate, ApplyListener listener,
                             LeadershipPreference preference) implements StateMachine<KvCommand, KvQuery, KvResult> {
        @Override
        public LeadershipPreference leadershipPreference() {
            return preference;
        }

        @Override
        public dev.groups.id.UniqueId signature() {
            return delegate.signature();
        }

        @Override
        public void apply(KvCommand command, ApplyContext ctx) {
            applyBatch(List.of(command), ctx);
        }

        @Override
        public void applyBatch(List<KvCommand> commands, ApplyContext ctx) {
            delegate.applyBatch(commands, ctx);
            for (int i = 0; i < commands.size(); i++) {
                Index index = ctx.indexOf(i);
                listener.applied(node, index.value(), commands.get(i));
            }
        }

        @Override
        public KvResult query(KvQuery query) {
            return delegate.query(query);
        }

        @Override
        public void reset() {
            delegate.reset();
            listener.reset(node);
        }

        @Override
        public StateSync<KvCommand, ?> stateSync() {
            return delegate.stateSync();
        }

        @Override
        public Codec<KvCommand> commandCodec() {
            return delegate.commandCodec();
        }

        @Override
        public Codec<KvQuery> queryCodec() {
            return delegate.queryCodec();
        }

        @Override
        public Codec<KvResult> resultCodec() {
            return delegate.resultCodec();
        }
    }
}
