package dev.groups.snapshot.internal;

import dev.groups.snapshot.SnapshotSync;
import dev.groups.id.Digest;
import dev.groups.id.PeerId;
import dev.groups.log.Cursor;
import dev.groups.log.IndexRange;
import dev.groups.log.Term;
import dev.groups.sync.replay.EncodedEntry;
import dev.groups.sync.replay.EntryBatch;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The messages of {@link SnapshotSync}, package-private: only their codec is public. */
final class SnapshotMessages {
    private SnapshotMessages() {}

    /** The largest snapshot a member serves or fetches (4 TiB): snapshots are files, not arrays. */
    static final long MAX_SNAPSHOT_BYTES = 1L << 42;
    /** The most chunks a snapshot may have: bounds a download's bookkeeping (a bit per chunk). */
    static final int MAX_CHUNKS = 1 << 24;
    /** The most snapshots one member keeps, hence offers. */
    static final int MAX_OFFERED = 2;

    /**
     * One snapshot a member keeps: the machine's state at {@code anchor} (a committed position), its
     * length and SHA-256, and the leader that started the anchor's term when known (in dynamic mode two
     * leaders may share a term, so the term alone does not name a history).
     */
    record SnapshotInfo(Cursor anchor, long size, Digest digest, Optional<PeerId> anchorLeader) {
        SnapshotInfo {
            Objects.requireNonNull(anchor, "anchor");
            Objects.requireNonNull(digest, "digest");
            Objects.requireNonNull(anchorLeader, "anchorLeader");
            if (anchor.index().isZero() || size < 0 || size > MAX_SNAPSHOT_BYTES) {
                throw new IllegalArgumentException("bad snapshot " + anchor + " of " + size + " bytes");
            }
        }

        /**
         * Chunks of {@code chunkSize} bytes; an empty snapshot is one empty chunk. At most
         * {@link #MAX_CHUNKS}: a snapshot that needs more ({@link #fits} is false) is never served or fetched.
         */
        int chunkCount(int chunkSize) {
            return (int) Math.min(MAX_CHUNKS, chunks(chunkSize));
        }

        /** True when the snapshot takes at most {@link #MAX_CHUNKS} chunks of {@code chunkSize}. */
        boolean fits(int chunkSize) {
            return chunks(chunkSize) <= MAX_CHUNKS;
        }

        private long chunks(int chunkSize) {
            return size == 0 ? 1 : (size + chunkSize - 1) / chunkSize;
        }

        /** The length of chunk {@code chunk}. */
        int chunkLength(int chunk, int chunkSize) {
            long start = (long) chunk * chunkSize;
            return (int) Math.min(chunkSize, size - start);
        }
    }

    /** "What can you serve?": sent by a session to each bonded peer, again whenever the answer may have changed. */
    record StatusRequest() implements SnapshotSync.Message {}

    /**
     * What a provider serves: the snapshots it keeps (newest first) and the log entries it hands out
     * (its committed entries; all of its log on the leader), possibly none ({@code start > end}).
     */
    record StatusResponse(List<SnapshotInfo> snapshots, IndexRange servable) implements SnapshotSync.Message {
        StatusResponse {
            snapshots = List.copyOf(snapshots);
            Objects.requireNonNull(servable, "servable");
            if (snapshots.size() > MAX_OFFERED) {
                throw new IllegalArgumentException(snapshots.size() + " snapshots offered, at most " + MAX_OFFERED);
            }
        }
    }

    record ChunkRequest(SnapshotInfo snapshot, int chunk) implements SnapshotSync.Message {
        ChunkRequest {
            Objects.requireNonNull(snapshot, "snapshot");
        }
    }

    /** Chunk {@code chunk} of {@code snapshot}, or empty when the provider no longer keeps that snapshot. */
    record ChunkResponse(SnapshotInfo snapshot, int chunk, Optional<byte[]> data) implements SnapshotSync.Message {
        ChunkResponse {
            Objects.requireNonNull(snapshot, "snapshot");
            data = data.map(byte[]::clone);
        }

        // Records compare arrays by identity; messages must compare by content (codec round trips).
        @Override
        public boolean equals(Object o) {
            return o instanceof ChunkResponse r && snapshot.equals(r.snapshot) && chunk == r.chunk
                    && data.isPresent() == r.data.isPresent()
                    && (data.isEmpty() || Arrays.equals(data.get(), r.data.get()));
        }

        @Override
        public int hashCode() {
            return Objects.hash(snapshot, chunk) * 31 + data.map(Arrays::hashCode).orElse(0);
        }

        @Override
        public String toString() {
            return "ChunkResponse[" + snapshot.anchor() + " #" + chunk + ", "
                    + data.map(d -> d.length + " bytes").orElse("none") + "]";
        }
    }

    record EntriesRequest(IndexRange range) implements SnapshotSync.Message {
        EntriesRequest {
            Objects.requireNonNull(range, "range");
        }
    }

    /** The answer to an {@link EntriesRequest}: entries after a snapshot's anchor, or none ({@link EntryBatch}). */
    static final class EntriesResponse extends EntryBatch implements SnapshotSync.Message {
        EntriesResponse(IndexRange range, Term prevTerm, Optional<PeerId> prevLeader, List<EncodedEntry> entries) {
            super(range, prevTerm, prevLeader, entries);
        }

        static EntriesResponse none(IndexRange requested) {
            return EntryBatch.none(requested, EntriesResponse::new);
        }
    }
}
