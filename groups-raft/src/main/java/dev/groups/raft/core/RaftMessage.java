package dev.groups.raft.core;

import dev.groups.id.PeerId;
import dev.groups.log.Cursor;
import dev.groups.log.Index;
import dev.groups.log.IndexRange;
import dev.groups.log.LogEntry;
import dev.groups.log.LogPayload;
import dev.groups.log.Term;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Everything consensus members say to each other within one group. Messages that carry a term are
 * subject to Raft's term rules (a higher term makes the receiver a follower; a lower one is stale).
 *
 * @param <C> command type
 * @param <Q> query type
 * @param <R> query result type
 */
public sealed interface RaftMessage<C, Q, R> {

    /** The term of a term-carrying message, or {@link Term#ZERO} for forwarding and sync traffic. */
    default Term term() {
        return Term.ZERO;
    }

    /**
     * Replicates entries (or, when empty, a heartbeat). {@code prev} and {@code prevLeader} identify the
     * entry before {@code entries} by (term, leader of that term, index): the receiver accepts only if its
     * own entry there matches on all three (Raft §5.3, extended for same-term rivals in dynamic mode).
     *
     * @param prevLeader the leader of {@code prev.term()}, or null when unknown (term 0, or pruned)
     * @param seq        increases with every message of this leader; echoed to confirm leadership (read index)
     * @param catchUp    the leader asks a far-behind follower to fetch the gap up to {@code prev} itself,
     *                   through its state sync, instead of receiving it from the leader
     */
    record AppendEntries<C, Q, R>(Term term, PeerId leader, Cursor prev, PeerId prevLeader,
                                  List<LogEntry<LogPayload<C>>> entries, Index leaderCommit, long seq,
                                  boolean catchUp)
            implements RaftMessage<C, Q, R> {
        public AppendEntries {
            Objects.requireNonNull(term, "term");
            Objects.requireNonNull(leader, "leader");
            Objects.requireNonNull(prev, "prev");
            entries = List.copyOf(entries);
            Objects.requireNonNull(leaderCommit, "leaderCommit");
        }

        public boolean isHeartbeat() {
            return entries.isEmpty();
        }

        /** The index of the last entry carried, or {@code prev.index()} for a heartbeat. */
        public Index lastIndex() {
            return prev.index().plus(entries.size());
        }
    }

    /**
     * The answer to {@link AppendEntries}.
     *
     * @param vote       {@code GRANTED}: the log matches the leader's up to {@code index} (durable);
     *                   {@code DENIED}: no match at the message's prev, {@code index} is where the leader should
     *                   retry from; {@code ABSTAINED}: catching up on its own (or an observer), leave it out
     *                   of the quorum
     * @param prevIndex  the prev index of the message answered (to discard stale answers)
     * @param observer   the sender never counts towards a quorum (its GRANTED only reports progress)
     * @param conflict   DENIED because the entry at prev differs (not merely missing): the follower's log
     *                   has a tail the leader must overwrite, so it cannot catch up on its own
     */
    record AppendEntriesResponse<C, Q, R>(Term term, Vote vote, Index index, Index prevIndex, long seq,
                                          boolean observer, boolean conflict)
            implements RaftMessage<C, Q, R> {
        public AppendEntriesResponse {
            Objects.requireNonNull(term, "term");
            Objects.requireNonNull(vote, "vote");
            Objects.requireNonNull(index, "index");
            Objects.requireNonNull(prevIndex, "prevIndex");
        }
    }

    /**
     * A candidacy (Raft §5.2), with the candidate's last log position.
     *
     * @param transfer the leader handed leadership to the candidate ({@link TimeoutNow}): voters grant it
     *                 even while they hear from that leader (dissertation §3.10, §9.6)
     */
    record RequestVote<C, Q, R>(Term term, PeerId candidate, Cursor lastLog, boolean transfer)
            implements RaftMessage<C, Q, R> {
        public RequestVote {
            Objects.requireNonNull(term, "term");
            Objects.requireNonNull(candidate, "candidate");
            Objects.requireNonNull(lastLog, "lastLog");
        }

        /** An ordinary candidacy (not a transfer). */
        public RequestVote(Term term, PeerId candidate, Cursor lastLog) {
            this(term, candidate, lastLog, false);
        }
    }

    /**
     * A pre-vote (Raft dissertation §9.6): would the receiver vote for {@code candidate} in
     * {@code proposedTerm}? Nothing changes on either side: the candidate has not raised its term, and the
     * receiver neither raises its term nor records a vote. It is not a term-carrying message
     * ({@link #term()} stays zero), so a member returning from a partition cannot depose a healthy leader
     * by asking.
     */
    record PreVote<C, Q, R>(Term proposedTerm, PeerId candidate, Cursor lastLog) implements RaftMessage<C, Q, R> {
        public PreVote {
            Objects.requireNonNull(proposedTerm, "proposedTerm");
            Objects.requireNonNull(candidate, "candidate");
            Objects.requireNonNull(lastLog, "lastLog");
        }
    }

    /**
     * The answer to a {@link PreVote}: {@code term} is the voter's current term (term-carrying: a voter
     * ahead of the candidate makes it a follower of that term), {@code proposedTerm} echoes the question.
     */
    record PreVoteResponse<C, Q, R>(Term term, Term proposedTerm, Vote vote) implements RaftMessage<C, Q, R> {
        public PreVoteResponse {
            Objects.requireNonNull(term, "term");
            Objects.requireNonNull(proposedTerm, "proposedTerm");
            Objects.requireNonNull(vote, "vote");
        }
    }

    /**
     * Leadership transfer (Raft dissertation §3.10): the leader of {@code term}, having brought the
     * receiver's log up to its own, asks it to stand at once, without waiting for its election timeout
     * and without a pre-vote.
     */
    record TimeoutNow<C, Q, R>(Term term) implements RaftMessage<C, Q, R> {
        public TimeoutNow {
            Objects.requireNonNull(term, "term");
        }
    }

    record RequestVoteResponse<C, Q, R>(Term term, Vote vote) implements RaftMessage<C, Q, R> {
        public RequestVoteResponse {
            Objects.requireNonNull(term, "term");
            Objects.requireNonNull(vote, "vote");
        }
    }

    /**
     * Commands a follower forwards to its leader. {@code session} and {@code firstSequence} tag them
     * (sequence numbers {@code firstSequence ..}) so that the leader appends a retried forward once.
     *
     * <p>{@code leaderTerm} is the term in which the sender believes the receiver leads; a leader
     * appends the commands only in exactly that term. So every copy of a forwarded command lies in a
     * term the sender chose, and once the sender's applied log holds an entry of a later term, no copy
     * can commit any more: that is what lets it report {@code SUPERSEDED} truthfully, even when a
     * delayed or duplicated forward is still on the wire. It is not a term-carrying message
     * ({@link #term()} stays zero): a forward never deposes anyone.
     */
    record ForwardCommands<C, Q, R>(long requestId, long session, long firstSequence, List<C> commands,
                                    Term leaderTerm) implements RaftMessage<C, Q, R> {
        public ForwardCommands {
            commands = List.copyOf(commands);
            Objects.requireNonNull(leaderTerm, "leaderTerm");
        }
    }

    /** The leader appended forwarded commands at {@code assigned}. */
    record CommandAck<C, Q, R>(long requestId, IndexRange assigned) implements RaftMessage<C, Q, R> {
        public CommandAck {
            Objects.requireNonNull(assigned, "assigned");
        }
    }

    /** The receiver is not the leader (any more): the origin retries with its current leader. */
    record NotLeader<C, Q, R>(long requestId) implements RaftMessage<C, Q, R> {
    }

    /** A strong query forwarded to the leader. */
    record ForwardQuery<C, Q, R>(long requestId, Q query) implements RaftMessage<C, Q, R> {
        public ForwardQuery {
            Objects.requireNonNull(query, "query");
        }
    }

    /** The answer to a forwarded strong query, read at {@code position}. */
    record QueryResponse<C, Q, R>(long requestId, R result, Index position) implements RaftMessage<C, Q, R> {
        public QueryResponse {
            Objects.requireNonNull(result, "result");
            Objects.requireNonNull(position, "position");
        }
    }

    /** A state-sync message, encoded with the group's {@code StateSync#messageCodec()}. */
    record SyncMessage<C, Q, R>(byte[] payload) implements RaftMessage<C, Q, R> {
        public SyncMessage {
            Objects.requireNonNull(payload, "payload");
        }
    }

    /**
     * A voter change asked of a member that does not lead, forwarded to the leader of {@code leaderTerm}
     * (strict mode; dissertation §4.1). Answered with a {@link VoterChangeResult} once the configuration
     * entry commits or the change fails. Not term-carrying, like every forward.
     */
    record ForwardVoterChange<C, Q, R>(long requestId, Term leaderTerm, boolean add, PeerId peer)
            implements RaftMessage<C, Q, R> {
        public ForwardVoterChange {
            Objects.requireNonNull(leaderTerm, "leaderTerm");
            Objects.requireNonNull(peer, "peer");
        }
    }

    /**
     * How a forwarded voter change ended: {@code voters} and {@code position} are the configuration the
     * leader holds (for {@link VoterChangeStatus#CHANGED}, the committed one that made the change).
     */
    record VoterChangeResult<C, Q, R>(long requestId, VoterChangeStatus status, String detail,
                                      SortedSet<PeerId> voters, Cursor position) implements RaftMessage<C, Q, R> {
        /** The longest detail a result carries (in UTF-8 bytes on the wire). */
        public static final int MAX_DETAIL_BYTES = 1024;

        public VoterChangeResult {
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(detail, "detail");
            voters = Collections.unmodifiableSortedSet(new TreeSet<>(voters));
            Objects.requireNonNull(position, "position");
        }
    }
}
