package dev.groups.sync;

import dev.groups.id.PeerId;
import dev.groups.log.IndexRange;
import dev.groups.log.Term;
import dev.groups.sync.replay.EncodedEntry;
import dev.groups.sync.replay.EntryBatch;
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

    /** The answer to a {@link FetchEntriesRequest}: entries, or none ({@link EntryBatch}). */
    static final class FetchEntriesResponse extends EntryBatch implements LogReplaySync.Message {
        FetchEntriesResponse(IndexRange range, Term prevTerm, Optional<PeerId> prevLeader, List<EncodedEntry> entries) {
            super(range, prevTerm, prevLeader, entries);
        }

        static FetchEntriesResponse none(IndexRange requested) {
            return EntryBatch.none(requested, FetchEntriesResponse::new);
        }
    }
}
