package dev.groups.snapshot;

import dev.groups.log.Cursor;
import java.time.Instant;
import java.util.Objects;

/**
 * A snapshot this member holds, for status displays: where it is anchored, how large it is, when this
 * member got it (wall clock, for display only: nothing in the state sync reads it) and whether it was
 * taken here or installed from a peer.
 */
public record SnapshotSummary(Cursor anchor, long size, Instant at, boolean installed) {
    public SnapshotSummary {
        Objects.requireNonNull(anchor, "anchor");
        Objects.requireNonNull(at, "at");
    }
}
