package dev.groups.raft;

import dev.groups.id.PeerId;
import dev.groups.raft.discovery.SignedPeerEntry;
import dev.groups.transport.CloseReason;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * A live, authenticated bond with one peer in one group (spec §1.8). A snapshot handle: its peer entry
 * is the latest known when it was read; {@link #terminated()} completes once, with the reason.
 */
public interface Bond {
    PeerId peer();

    /** The peer's latest signed entry (updates replace it). */
    SignedPeerEntry peerEntry();

    /** Identifies this bond among all bonds of this node (unique per channel). */
    long id();

    boolean isTerminated();

    /**
     * How long ago the last frame arrived from the peer, on this bond or on any other bond between the
     * two nodes (heartbeats are sent once per peer pair for all the groups it carries, so an idle group's
     * bond is live while its peer is): a healthy bond stays under the heartbeat interval; one silent for
     * {@code maxMissedHeartbeats} intervals is closed.
     */
    Duration sinceLastFrame();

    /** Completes with the reason the bond ended ({@code UNEXPECTED_CLOSE} when none was known). */
    CompletableFuture<CloseReason> terminated();

    /** Closes the bond with {@code reason} and completes when it has ended. */
    CompletableFuture<CloseReason> close(CloseReason reason);
}
