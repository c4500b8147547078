package dev.groups.snapshot.internal;

import dev.groups.log.Cursor;
import dev.groups.snapshot.SnapshotStore;
import dev.groups.snapshot.internal.SnapshotMessages.SnapshotInfo;
import java.util.Objects;

/**
 * A snapshot a member keeps: its description and its committed bytes in the store. The bytes are never
 * modified (they are served to peers as they are); a chunk is read from the store when asked for.
 */
record Snapshot(SnapshotInfo info, SnapshotStore.Stored data) {
    Snapshot {
        Objects.requireNonNull(info, "info");
        Objects.requireNonNull(data, "data");
        if (data.size() != info.size()) {
            throw new IllegalArgumentException(data.size() + " bytes for " + info);
        }
    }

    Cursor anchor() {
        return info.anchor();
    }

    /** A new array with chunk {@code chunk}, read from the store. */
    byte[] chunk(int chunk, int chunkSize) {
        byte[] out = new byte[info.chunkLength(chunk, chunkSize)];
        long from = (long) chunk * chunkSize;
        int at = 0;
        while (at < out.length) {
            int n = data.read(from + at, out, at, out.length - at);
            if (n <= 0) {
                throw new IllegalStateException("the stored snapshot at " + info.anchor() + " ends before byte "
                        + (from + at) + " of " + info.size());
            }
            at += n;
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Snapshot s && info.equals(s.info); // the digest stands for the bytes
    }

    @Override
    public int hashCode() {
        return info.hashCode();
    }

    @Override
    public String toString() {
        return "Snapshot[" + info.anchor() + ", " + info.size() + " bytes, " + info.digest().shortHex() + "]";
    }
}
