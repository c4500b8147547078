package dev.groups.raft.core;

import dev.groups.log.IndexRange;
import dev.groups.machine.QueryResultAt;
import java.util.Objects;

/**
 * What became of a local client request ({@code feed}, {@code execute}, {@code query}). Each request
 * gets at most one {@link Assigned}, then exactly one final outcome ({@link Committed}, {@link Failed}
 * or {@link Answered}); a feed that does not wait for its commit ends with {@link Assigned}.
 */
public sealed interface ClientOutcome<R> {
    long requestId();

    /** The leader appended the commands at {@code range} (not yet committed). */
    record Assigned<R>(long requestId, IndexRange range, boolean last) implements ClientOutcome<R> {
        public Assigned {
            Objects.requireNonNull(range, "range");
        }
    }

    /** The request's own entries were committed and applied. */
    record Committed<R>(long requestId, IndexRange range) implements ClientOutcome<R> {
        public Committed {
            Objects.requireNonNull(range, "range");
        }
    }

    /** A strong or weak query's answer. */
    record Answered<R>(long requestId, QueryResultAt<R> result) implements ClientOutcome<R> {
        public Answered {
            Objects.requireNonNull(result, "result");
        }
    }

    /** The request failed; {@link Failure} says whether its commands may still be applied. */
    record Failed<R>(long requestId, Failure failure, String detail) implements ClientOutcome<R> {
        public Failed {
            Objects.requireNonNull(failure, "failure");
            Objects.requireNonNull(detail, "detail");
        }
    }

    /** A leadership transfer ended: {@code newLeader} leads now. */
    record Transferred<R>(long requestId, dev.groups.id.PeerId newLeader) implements ClientOutcome<R> {
        public Transferred {
            Objects.requireNonNull(newLeader, "newLeader");
        }
    }

    /** A voter change committed (strict mode): {@code configuration} is the one it made. */
    record VotersChanged<R>(long requestId, dev.groups.consensus.VotingConfiguration configuration)
            implements ClientOutcome<R> {
        public VotersChanged {
            Objects.requireNonNull(configuration, "configuration");
        }
    }

    /** Why a request failed. */
    enum Failure {
        /** No leader was known (or this node is a candidate): nothing was sent; safe to retry. */
        OFFLINE,
        /** Sent, but no answer came in time: the commands may or may not be applied. */
        UNKNOWN,
        /** The entries were appended but replaced by another leader's: they will never be applied. */
        SUPERSEDED,
        /** The group stopped. */
        TERMINATED,
        /** Refused as asked (an invalid voter change, for one): nothing changed; retrying the same fails too. */
        REFUSED
    }
}
