package dev.groups.raft.core;

import dev.groups.id.PeerId;
import java.util.Objects;

/** A message the core wants sent to a bonded peer. Delivery is best effort; the core tolerates loss. */
public record Outgoing<C, Q, R>(PeerId to, RaftMessage<C, Q, R> message) {
    public Outgoing {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(message, "message");
    }
}
