package dev.groups.sync.replay;

import dev.groups.id.Digest;
import dev.groups.id.PeerId;
import dev.groups.log.Index;
import dev.groups.log.IndexRange;
import dev.groups.log.Term;
import dev.groups.machine.CodecException;
import dev.groups.machine.CodecReader;
import dev.groups.machine.CodecWriter;
import dev.groups.machine.WireFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** {@link EntryBatch#wireFormat}: the format is described there. */
final class EntryBatchFormat<B extends EntryBatch> implements WireFormat<B> {
    private static final int NONE = 0;
    private static final int ENTRIES = 1;
    private static final int ABSENT = 0;
    private static final int PRESENT = 1;
    /** The shortest entry: a one-byte term and a zero length. */
    private static final int MIN_ENTRY_BYTES = 2;

    private final int maxEntries;
    private final EntryBatch.Factory<B> make;

    EntryBatchFormat(int maxEntries, EntryBatch.Factory<B> make) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1, got " + maxEntries);
        }
        this.maxEntries = maxEntries;
        this.make = Objects.requireNonNull(make, "make");
    }

    @Override
    public void write(CodecWriter out, B batch) {
        if (batch == null) {
            throw new CodecException("a null entry batch");
        }
        if (batch.isNone()) {
            out.u8(NONE).varint(batch.range().start().value()).varint(batch.range().end().value());
            return;
        }
        if (batch.entries().size() > maxEntries) {
            throw new CodecException(batch.entries().size() + " entries exceed the batch size " + maxEntries);
        }
        out.u8(ENTRIES).varint(batch.range().start().value()).varint(batch.prevTerm().value());
        if (batch.prevLeader().isPresent()) {
            out.u8(PRESENT).raw(batch.prevLeader().get().toBytes());
        } else {
            out.u8(ABSENT);
        }
        out.varint(batch.entries().size());
        for (EncodedEntry e : batch.entries()) {
            out.varint(e.term().value()).varint(e.payload().length).raw(e.payload());
        }
    }

    @Override
    public B read(CodecReader in) {
        int kind = in.u8();
        if (kind == NONE) {
            return EntryBatch.none(new IndexRange(Index.of(in.varint()), Index.of(in.varint())), make);
        }
        if (kind != ENTRIES) {
            throw new CodecException("unknown entry batch kind " + kind);
        }
        long start = in.varint();
        Term prevTerm = Term.of(in.varint());
        Optional<PeerId> prevLeader = switch (in.u8()) {
            case ABSENT -> Optional.empty();
            case PRESENT -> Optional.of(PeerId.fromBytes(in.raw(Digest.LENGTH)));
            default -> throw new CodecException("bad leader flag");
        };
        long count = in.varint();
        if (count < 1 || count > maxEntries || count > in.remaining() / MIN_ENTRY_BYTES) {
            throw new CodecException("bad entry count " + count);
        }
        if (start < 1 || start > Long.MAX_VALUE - count + 1) {
            throw new CodecException("bad first index " + start + " for " + count + " entries");
        }
        List<EncodedEntry> entries = new ArrayList<>((int) count);
        for (long i = 0; i < count; i++) {
            Term term = Term.of(in.varint());
            long length = in.varint();
            in.need(length);
            entries.add(new EncodedEntry(term, in.raw((int) length)));
        }
        return make.make(IndexRange.of(start, start + count - 1), prevTerm, prevLeader, entries);
    }
}
