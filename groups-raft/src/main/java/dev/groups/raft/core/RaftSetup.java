package dev.groups.raft.core;

import dev.groups.consensus.ConsensusConfig;
import dev.groups.id.GroupId;
import dev.groups.id.NetworkId;
import dev.groups.id.PeerId;
import dev.groups.log.LogPayload;
import dev.groups.machine.StateMachine;
import dev.groups.metrics.GroupListener;
import dev.groups.storage.Storage;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Everything a {@link RaftNode} is made of. The random source is injected so that a seed reproduces a
 * run; the core has no other source of nondeterminism. The listener is the group's metrics listener,
 * handed to the state sync (its snapshot events); the core itself reports nothing through it.
 */
public record RaftSetup<C, Q, R>(PeerId localId, GroupId groupId, NetworkId networkId, ConsensusConfig config,
                                 StateMachine<C, Q, R> machine, Storage<LogPayload<C>> storage,
                                 RandomGenerator random, RaftTuning tuning, GroupListener listener) {
    public RaftSetup {
        Objects.requireNonNull(localId, "localId");
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(networkId, "networkId");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(machine, "machine");
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(random, "random");
        Objects.requireNonNull(tuning, "tuning");
        Objects.requireNonNull(listener, "listener");
    }

    /** With no metrics listener. */
    public RaftSetup(PeerId localId, GroupId groupId, NetworkId networkId, ConsensusConfig config,
                     StateMachine<C, Q, R> machine, Storage<LogPayload<C>> storage, RandomGenerator random,
                     RaftTuning tuning) {
        this(localId, groupId, networkId, config, machine, storage, random, tuning, GroupListener.NONE);
    }

    /** With the default {@link RaftTuning}. */
    public RaftSetup(PeerId localId, GroupId groupId, NetworkId networkId, ConsensusConfig config,
                     StateMachine<C, Q, R> machine, Storage<LogPayload<C>> storage, RandomGenerator random) {
        this(localId, groupId, networkId, config, machine, storage, random, RaftTuning.defaults());
    }
}
