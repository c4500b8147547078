package dev.groups.metrics;

import dev.groups.id.GroupId;
import dev.groups.id.PeerId;
import dev.groups.log.Term;
import java.util.Optional;
import java.util.Set;

/**
 * The live values of one group on this node, for gauges: implemented by the runtime, read by metrics
 * bindings.
 *
 * <h2>Contract</h2>
 * Safe to call from any thread at any time (a scrape), including after the group stopped; every value
 * is as of the group's latest step (the runtime publishes them after each step, so a reader never
 * waits for the group and never sees a half-done step of one value). Calls are cheap and never block;
 * {@link #bondedPeers()} returns a new set, the caller's to keep.
 */
public interface GroupGauges {
    /** The group. */
    GroupId groupId();

    /** This node. */
    PeerId localId();

    /** The current term. */
    Term term();

    /** The leader this node follows (itself when it leads); empty during an election. */
    Optional<PeerId> leader();

    /** True while this node leads the group. */
    default boolean isLeader() {
        return leader().map(localId()::equals).orElse(false);
    }

    /** The highest index this node knows to be committed. */
    long commitIndex();

    /** The highest index applied to the state machine here; {@code commitIndex() - appliedIndex()} is the apply lag. */
    long appliedIndex();

    /** The entries the log holds now (retrievable: after the last pruned index, up to the last). */
    long logEntries();

    /**
     * The bytes the log takes in its store (for a durable store: on disk), or -1 when the store does not
     * say ({@code Storage.sizeInBytes()}).
     */
    long logBytes();

    /** The peers with an open bond in this group. */
    Set<PeerId> bondedPeers();

    /** Milliseconds since the last frame from {@code peer} on its bond; -1 when there is no open bond. */
    long millisSinceLastFrame(PeerId peer);

    /** True while this node catches up through its state sync. */
    boolean isCatchingUp();

    /** While catching up: the entries between this node's log and the sync's target; 0 otherwise. */
    long syncRemaining();
}
