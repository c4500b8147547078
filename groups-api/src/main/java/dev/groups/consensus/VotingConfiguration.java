package dev.groups.consensus;

import dev.groups.id.PeerId;
import dev.groups.log.Cursor;
import java.util.Collections;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A strict-mode group's voters as a member's log holds them (Raft dissertation §4.1): the latest
 * configuration entry, committed or not, or the founding voters before any.
 *
 * @param voters    who counts toward elections and commits
 * @param position  the log position of the entry that set them ({@link Cursor#ZERO} for the founding
 *                  voters; the log's offset when a snapshot recorded them)
 * @param committed true once that entry is known committed; an uncommitted configuration is already in
 *                  force but may still be replaced by a new leader's log
 */
public record VotingConfiguration(SortedSet<PeerId> voters, Cursor position, boolean committed) {
    public VotingConfiguration {
        voters = Collections.unmodifiableSortedSet(new TreeSet<>(Objects.requireNonNull(voters, "voters")));
        Objects.requireNonNull(position, "position");
    }

    /** A majority of {@link #voters()}: how many must agree to elect or commit. */
    public int quorum() {
        return voters.size() / 2 + 1;
    }
}
