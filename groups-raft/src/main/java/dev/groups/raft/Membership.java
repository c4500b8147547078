package dev.groups.raft;

import dev.groups.consensus.VotingConfiguration;
import dev.groups.id.PeerId;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Who votes in a strict-mode group, and changing it while the group runs (Raft dissertation §4): one
 * voter at a time, through the log. Every member uses the latest configuration its log holds; a member
 * outside it replicates the log but never counts toward an election or a commit, however many such
 * members there are.
 *
 * <p>A change may be asked of any member: one that does not lead forwards it to the leader. A new voter
 * must be a bonded member of the group; it first catches up as a non-voter, in rounds of at most an
 * election timeout (up to ten), so that it does not stall commits once it counts. The future completes
 * with the committed configuration that made the change, or fails with:
 * <ul>
 *   <li>{@link GroupException.Refused} — dynamic mode (whoever is bonded votes there, as in mosaik),
 *       removing the last voter (or the last that may lead, when the others only observe), or another
 *       change still running;</li>
 *   <li>{@link GroupException.Offline} — no leader, or the new voter did not catch up in time; nothing
 *       changed, safe to retry;</li>
 *   <li>{@link GroupException.OutcomeUnknown} — the configuration entry was appended but leadership was
 *       lost before it committed: read {@link #configuration()} (on the new leader) to see whether it
 *       took effect.</li>
 * </ul>
 * Adding a voter that already votes, or removing a member that does not, completes at once with the
 * configuration as it is. A leader that removes itself hands leadership to a voter once the change
 * commits, and steps down (§4.2.2). Futures complete on the group's thread.
 */
public final class Membership {
    private final GroupRuntime<?, ?, ?> runtime;
    private final Group<?, ?, ?> group;

    Membership(Group<?, ?, ?> group, GroupRuntime<?, ?, ?> runtime) {
        this.group = group;
        this.runtime = runtime;
    }

    /** Makes {@code peer} a voter (it must be a bonded member of the group). */
    public CompletableFuture<VotingConfiguration> addVoter(PeerId peer) {
        Objects.requireNonNull(peer, "peer");
        return group.checked(() -> runtime.changeVoters(true, peer));
    }

    /** Stops {@code peer} voting; it stays a member and keeps replicating the log. */
    public CompletableFuture<VotingConfiguration> removeVoter(PeerId peer) {
        Objects.requireNonNull(peer, "peer");
        return group.checked(() -> runtime.changeVoters(false, peer));
    }

    /**
     * The configuration this member's log holds (the latest entry, committed or not), as of the group's
     * latest step; empty in dynamic mode. Safe from any thread.
     */
    public Optional<VotingConfiguration> configuration() {
        return runtime.votingConfiguration();
    }
}
