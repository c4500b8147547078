package dev.groups.raft;

import dev.groups.id.PeerId;
import dev.groups.log.Index;
import java.util.Objects;

/**
 * What a leader knows of one follower's replication ({@link Group#followers()}).
 *
 * @param peer       the follower
 * @param matchIndex the highest index known to be durable in the follower's log and to match the leader's
 * @param lag        how many entries the follower is behind the leader's log ({@code last index - matchIndex})
 */
public record FollowerProgress(PeerId peer, Index matchIndex, long lag) {
    public FollowerProgress {
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(matchIndex, "matchIndex");
        if (lag < 0) {
            throw new IllegalArgumentException("lag must be >= 0, got " + lag);
        }
    }
}
