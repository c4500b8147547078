package dev.groups.sync;

import dev.groups.id.PeerId;
import dev.groups.log.IndexRange;
import dev.groups.log.Term;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The four messages of {@link LogReplaySync} (spec §5.2), kept package-private: only their codec is public. */
final class ReplayMessages {
    private ReplayMessages() {}

    /** "What can you serve?" — sent by a session to each bonded peer, again whenever the answer may have changed. */
    record AvailabilityRequest() implements LogReplaySync.Message {}

    /** The entries a provider serves; possibly empty ({@code start > end}). */
    record AvailabilityResponse(IndexRange range) implements LogReplaySync.Message {
        AvailabilityResponse {
            Objects.requireNonNull(range, "range");
        }
    }

    record FetchEntriesRequest(IndexRange range) implements LogReplaySync.Message {
        FetchEntriesRequest {
            Objects.requireNonNull(range, "range");
        }
    }

    /**
     * Entries {@code range} (contiguous, one per index), with the term and, if known, the leader of the
     * entry at {@code range.start - 1} so the session can check that they continue its log. With no
     * entries it is the explicit "none" answer to a request for {@code range}: its prev fields are then
     * zero and empty.
     */
    record FetchEntriesResponse(IndexRange range, Term prevTerm, Optional<PeerId> prevLeader,
                                List<EncodedEntry> entries) implements LogReplaySync.Message {
        FetchEntriesResponse {
            Objects.requireNonNull(range, "range");
            Objects.requireNonNull(prevTerm, "prevTerm");
            Objects.requireNonNull(prevLeader, "prevLeader");
            entries = List.copyOf(entries);
            if (entries.isEmpty()) {
                if (!prevTerm.isZero() || prevLeader.isPresent()) {
                    throw new IllegalArgumentException("a none response carries no prev entry");
                }
            } else if (range.start().isZero() || range.size() != entries.size()) {
                throw new IllegalArgumentException(entries.size() + " entries for range " + range);
            }
        }

        static FetchEntriesResponse none(IndexRange requested) {
            return new FetchEntriesResponse(requested, Term.ZERO, Optional.empty(), List.of());
        }

        boolean isNone() {
            return entries.isEmpty();
        }
    }

    /** One entry on the wire: its term and its payload as encoded by the group's payload codec. */
    record EncodedEntry(Term term, byte[] payload) {
        EncodedEntry {
            Objects.requireNonNull(term, "term");
            Objects.requireNonNull(payload, "payload");
        }

        // Records compare arrays by identity; messages must compare by content (codec round trips).
        @Override
        public boolean equals(Object o) {
            return o instanceof EncodedEntry e && term.equals(e.term) && Arrays.equals(payload, e.payload);
        }

        @Override
        public int hashCode() {
            return 31 * term.hashCode() + Arrays.hashCode(payload);
        }

        @Override
        public String toString() {
            return "EncodedEntry[term=" + term + ", " + payload.length + " bytes]";
        }
    }
}
