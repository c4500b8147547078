package dev.groups.sync.replay;

import dev.groups.log.Term;
import dev.groups.sync.SyncContext;
import java.util.Arrays;
import java.util.Objects;

/**
 * One log entry as it travels in an {@link EntryBatch}: its term, and its payload as the group's
 * payload codec ({@link SyncContext#payloadCodec()}) encodes it. Its index is its place in the batch.
 *
 * <p><b>Ownership.</b> The payload is not copied: the entry takes the array it is built with and
 * {@link #payload()} returns that same array. Whoever builds an entry hands the array over and must not
 * change it afterwards; whoever reads one must not change it either. (Entries are values in flight
 * between a provider and a session; a batch holds up to several MiB of them, which catch-up would
 * otherwise copy twice more.) Equal when the terms and the payloads' contents are.
 */
public record EncodedEntry(Term term, byte[] payload) {
    public EncodedEntry {
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

    /** {@code EncodedEntry[term=T, N bytes]}; the payload is not printed. */
    @Override
    public String toString() {
        return "EncodedEntry[term=" + term + ", " + payload.length + " bytes]";
    }
}
