package dev.groups.sync.replay;

import dev.groups.id.PeerId;
import dev.groups.log.IndexRange;
import dev.groups.log.Term;
import dev.groups.machine.CodecException;
import dev.groups.machine.WireFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A run of log entries one member serves another: entries {@link #range()} (contiguous, one per index),
 * with the term and, if known, the leader of the entry at {@code range.start - 1}, so that the receiver
 * can check that they continue its log ({@link EntryCheck}). With no entries it is the explicit "none"
 * answer to a request for {@link #range()} (nothing is served from its start); its prev fields are then
 * zero and empty.
 *
 * <p><b>Why a class.</b> Each sync's message hierarchy owns its message types, so a sync declares its
 * entries response as a final subclass that implements its own message interface and adds nothing else
 * (a record could not extend this), and hands its constructor to {@link #none}, {@link #wireFormat} and
 * {@link EntryServing#serve} as the {@link Factory} that makes one.
 *
 * <p>Immutable and thread-safe to share; the entries' payloads are owned as {@link EncodedEntry} says.
 * Two batches are equal when they are of the same class with equal fields.
 */
public abstract class EntryBatch {
    /**
     * Makes a batch of a sync's own message class: its constructor. It must pass its arguments to
     * {@link EntryBatch#EntryBatch} unchanged and throw only what that constructor throws.
     *
     * @param <B> the sync's entries response
     */
    @FunctionalInterface
    public interface Factory<B extends EntryBatch> {
        B make(IndexRange range, Term prevTerm, Optional<PeerId> prevLeader, List<EncodedEntry> entries);
    }

    private final IndexRange range;
    private final Term prevTerm;
    private final Optional<PeerId> prevLeader;
    private final List<EncodedEntry> entries;

    /**
     * @param entries one per index of {@code range}, or none; the list is copied, the payloads are not
     *                ({@link EncodedEntry})
     * @throws IllegalArgumentException if there are entries for a range of another size or starting at
     *     index 0, or if a none answer names a prev entry
     */
    protected EntryBatch(IndexRange range, Term prevTerm, Optional<PeerId> prevLeader, List<EncodedEntry> entries) {
        this.range = Objects.requireNonNull(range, "range");
        this.prevTerm = Objects.requireNonNull(prevTerm, "prevTerm");
        this.prevLeader = Objects.requireNonNull(prevLeader, "prevLeader");
        this.entries = List.copyOf(entries);
        if (this.entries.isEmpty()) {
            if (!prevTerm.isZero() || prevLeader.isPresent()) {
                throw new IllegalArgumentException("a none response carries no prev entry");
            }
        } else if (range.start().isZero() || range.size() != this.entries.size()) {
            throw new IllegalArgumentException(this.entries.size() + " entries for range " + range);
        }
    }

    /** The explicit answer that nothing is served from {@code requested.start()}. */
    public static <B extends EntryBatch> B none(IndexRange requested, Factory<B> make) {
        return make.make(requested, Term.ZERO, Optional.empty(), List.of());
    }

    /**
     * The wire format of a batch, to embed in a sync's message codec after the message's tag. Numbers
     * are {@linkplain dev.groups.machine.CodecWriter#varint varints}:
     * <pre>
     * 0x00 start end                                                        (none: nothing served for start..=end)
     * 0x01 start prevTerm (0x00 | 0x01 leader[32]) count (term len payload[len]){count}
     * </pre>
     * A batch with entries covers {@code start ..= start+count-1}, {@code 1 <= count <= maxEntries}.
     * It keeps the {@link WireFormat} contract: one encoding per batch, every length checked against the
     * bytes left before anything is allocated, only {@link CodecException} on bad input (more than
     * {@code maxEntries} entries included, either way). Stateless and thread-safe.
     *
     * @param maxEntries the most entries a batch may carry (the sync's batch size), at least 1
     * @param make       the sync's constructor, for decoded batches
     */
    public static <B extends EntryBatch> WireFormat<B> wireFormat(int maxEntries, Factory<B> make) {
        return new EntryBatchFormat<>(maxEntries, make);
    }

    /** The entries' indices; for a none answer, the range asked for. */
    public final IndexRange range() {
        return range;
    }

    /** The term of the entry at {@code range.start - 1} (zero for the sentinel at index 0, and for none). */
    public final Term prevTerm() {
        return prevTerm;
    }

    /** The leader of that entry's term, when the serving log still knows it (never for none). */
    public final Optional<PeerId> prevLeader() {
        return prevLeader;
    }

    /** The entries, in index order; unmodifiable. */
    public final List<EncodedEntry> entries() {
        return entries;
    }

    /** True for the explicit "none" answer. */
    public final boolean isNone() {
        return entries.isEmpty();
    }

    @Override
    public final boolean equals(Object o) {
        if (o == null || o.getClass() != getClass()) {
            return false;
        }
        EntryBatch b = (EntryBatch) o;
        return range.equals(b.range) && prevTerm.equals(b.prevTerm) && prevLeader.equals(b.prevLeader)
                && entries.equals(b.entries);
    }

    @Override
    public final int hashCode() {
        return Objects.hash(range, prevTerm, prevLeader, entries);
    }

    /** As a record would print it, under the subclass's name. */
    @Override
    public final String toString() {
        return getClass().getSimpleName() + "[range=" + range + ", prevTerm=" + prevTerm + ", prevLeader="
                + prevLeader + ", entries=" + entries + "]";
    }
}
