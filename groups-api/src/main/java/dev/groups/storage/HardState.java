package dev.groups.storage;

import dev.groups.id.PeerId;
import dev.groups.log.Term;
import java.util.Objects;
import java.util.Optional;

/**
 * The part of Raft state that must survive a restart besides the log: the latest term this node has
 * seen and whom it voted for in that term (Raft figure 2, "persistent state on all servers").
 */
public record HardState(Term currentTerm, Optional<PeerId> votedFor) {
    /** Term 0, no vote: the state of a new log. */
    public static final HardState INITIAL = new HardState(Term.ZERO, Optional.empty());

    public HardState {
        Objects.requireNonNull(currentTerm, "currentTerm");
        Objects.requireNonNull(votedFor, "votedFor");
    }

    public static HardState of(Term term, PeerId votedFor) {
        return new HardState(term, Optional.ofNullable(votedFor));
    }

    @Override
    public String toString() {
        return "HardState(term=" + currentTerm + ", vote=" + votedFor.map(PeerId::shortHex).orElse("-") + ")";
    }
}
