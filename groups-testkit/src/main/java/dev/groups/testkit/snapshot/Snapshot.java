package dev.groups.testkit.snapshot;

import dev.groups.id.Digest;
import dev.groups.id.PeerId;
import dev.groups.log.Cursor;
import dev.groups.testkit.snapshot.SnapshotMessages.SnapshotInfo;
import java.util.Objects;
import java.util.Optional;

/**
 * A snapshot a member keeps: its description and its bytes. The bytes are owned by this object and
 * never modified (they are served to peers as they are).
 */
record Snapshot(SnapshotInfo info, byte[] bytes) {
    Snapshot {
        Objects.requireNonNull(info, "info");
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length != info.size()) {
            throw new IllegalArgumentException(bytes.length + " bytes for " + info);
        }
    }

    /** Describes {@code bytes} as the state at {@code anchor}, computing the digest. */
    static Snapshot of(Cursor anchor, byte[] bytes, Optional<PeerId> anchorLeader) {
        return new Snapshot(new SnapshotInfo(anchor, bytes.length, Digest.hash(bytes), anchorLeader), bytes);
    }

    Cursor anchor() {
        return info.anchor();
    }

    /** A copy of chunk {@code chunk}. */
    byte[] chunk(int chunk, int chunkSize) {
        int from = chunk * chunkSize;
        byte[] out = new byte[info.chunkLength(chunk, chunkSize)];
        System.arraycopy(bytes, from, out, 0, out.length);
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
