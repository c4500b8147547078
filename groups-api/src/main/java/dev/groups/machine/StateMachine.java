package dev.groups.machine;

import dev.groups.consensus.LeadershipPreference;
import dev.groups.id.UniqueId;
import dev.groups.sync.StateSync;
import java.util.List;

/**
 * The replicated application: every member applies the same committed commands in the same order
 * and so holds the same state.
 *
 * <p><b>Threading.</b> Every method is called by the runtime from the group's actor, one call at a
 * time and never concurrently, each call seeing everything the previous ones did (happens-before);
 * the machine needs no locks of its own as long as nothing else touches it. The group runs on a pool
 * shared by the node's groups, so successive calls may come from different threads: keep no state in
 * thread-locals, and do not block, as a blocked call holds up a worker other groups need. A machine
 * instance belongs to one group on one node.
 *
 * <p><b>Determinism.</b> {@link #apply} and {@link #applyBatch} must depend only on the machine's
 * state, the command and the {@link ApplyContext}: no clock, no randomness, no I/O, no iteration
 * order of hash-based collections. Two replicas that applied the same commands must answer every
 * query the same way. The testkit's {@code StateMachineContract} checks this.
 *
 * <p><b>Blocking.</b> Calls should be short and must not block on I/O: the group thread also runs
 * consensus, and a slow apply delays heartbeats.
 *
 * <p><b>Never</b> throw from {@code apply}: a command that is invalid for the application is still a
 * committed entry; record the rejection in the state instead. An exception from {@code apply} stops
 * the group (it cannot skip a committed entry and stay consistent).
 *
 * @param <C> command type (changes the state)
 * @param <Q> query type (reads the state)
 * @param <R> query result type
 */
public interface StateMachine<C, Q, R> {
    /**
     * A stable identifier of this machine's type and of its command semantics (e.g.
     * {@code UniqueId.of("com.example.kv.v1")}); part of the group id. Change it whenever a change in
     * the machine would make old and new replicas disagree.
     */
    UniqueId signature();

    /** Applies one committed command. Called exactly once per committed entry, in log order. */
    void apply(C command, ApplyContext ctx);

    /**
     * Applies a run of committed commands that share one term, in order. The default applies them one
     * by one; override it to amortize work over the batch. {@code commands} is read-only and valid
     * only during the call.
     */
    default void applyBatch(List<C> commands, ApplyContext ctx) {
        for (C command : commands) {
            apply(command, ctx);
        }
    }

    /** Answers a query from the current state. Must not change the state. */
    R query(Q query);

    /**
     * Returns the machine to its initial state, as if newly constructed. The runtime calls it before
     * rebuilding the state from the log: after a restart with a durable log, and in dynamic mode when
     * a healed partition reveals that entries this node applied were superseded.
     */
    void reset();

    /**
     * How a lagging member of this group catches up. Called once when the group is created and once
     * more when its id is derived; the {@link StateSync#signature()} is part of the group id.
     */
    StateSync<C, ?> stateSync();

    Codec<C> commandCodec();

    Codec<Q> queryCodec();

    Codec<R> resultCodec();

    /**
     * This machine's wish about leading; combined with the node's {@code ConsensusConfig} preference
     * (the more reluctant wins). Not part of the group id.
     */
    default LeadershipPreference leadershipPreference() {
        return LeadershipPreference.normal();
    }
}
