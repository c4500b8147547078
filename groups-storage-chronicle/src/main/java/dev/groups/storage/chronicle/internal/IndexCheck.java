package dev.groups.storage.chronicle.internal;

import java.io.File;
import java.util.Map;
import net.openhft.chronicle.bytes.MappedBytes;
import net.openhft.chronicle.core.values.LongArrayValues;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.wire.DocumentContext;
import net.openhft.chronicle.wire.Wire;
import net.openhft.chronicle.wire.WireType;

/**
 * Verifies a cycle file's Chronicle index against the open scan, so that {@code moveToIndex} later
 * only follows offsets known to be right. The index is a root array ({@code index2index}) of offsets
 * of index arrays, whose slots hold the file offset of every {@code indexSpacing}-th document. The
 * open scan reads sequentially and never uses the index, but {@code get} does, and a flipped bit in an
 * offset makes Chronicle map chunk after chunk towards it (a stall) or land on the wrong document.
 *
 * <p>Each offset is bounds-checked before it is followed. A slot for a document the scan saw must
 * hold exactly its offset; a slot past the documents read (a crash can leave one for a write that
 * never completed) need only lie inside the file, since the next append at that sequence rewrites it.
 */
final class IndexCheck {
    private IndexCheck() {}

    /**
     * Returns what is wrong with the index of {@code header}'s file, or null when it is consistent.
     *
     * @param scanned queue index → file offset of the documents the scan read whose sequence is a
     *                multiple of the spacing
     * @param lastScanned file offset of the last document the scan read from this file (0 if none)
     */
    static String check(RollCycle rollCycle, int cycle, CycleHeaders.Header header, Map<Long, Long> scanned,
                        long lastScanned) {
        File file = header.file();
        long size = file.length();
        int count = rollCycle.defaultIndexCount();
        int spacing = rollCycle.defaultIndexSpacing();
        try (MappedBytes bytes = MappedBytes.readOnly(file)) {
            Wire wire = WireType.BINARY_LIGHT.apply(bytes);
            LongArrayValues root = array(wire, header.indexRoot(), "index2index", count);
            if (root == null) {
                return "its index root at byte " + header.indexRoot() + " is not an index";
            }
            try (root) {
                for (long k = 0; k < root.getUsed(); k++) {
                    long at = root.getValueAt(k);
                    if (at == 0) {
                        continue;
                    }
                    if (at < 0 || at >= size) {
                        return "index root slot " + k + " points outside the file (" + at + ")";
                    }
                    LongArrayValues slots = array(wire, at, "index", count);
                    if (slots == null) {
                        return "index root slot " + k + " points at byte " + at + ", which is not an index";
                    }
                    try (slots) {
                        for (long j = 0; j < slots.getUsed(); j++) {
                            long offset = slots.getValueAt(j);
                            long queueIndex = rollCycle.toIndex(cycle, (k * count + j) * spacing);
                            Long expected = scanned.get(queueIndex);
                            boolean ok = offset == 0 || (expected != null ? offset == expected
                                    : offset > lastScanned && offset < size);
                            if (!ok) {
                                return "its index places document 0x" + Long.toHexString(queueIndex) + " at byte "
                                        + offset + (expected == null ? "" : " instead of " + expected);
                            }
                        }
                    }
                }
            }
            return null;
        } catch (Exception | AssertionError e) { // undeclared checked exceptions, asserts under -ea
            return "its index cannot be read: " + e;
        }
    }

    /** The array field {@code name} of the metadata document at {@code offset}, if it is one of {@code capacity}. */
    private static LongArrayValues array(Wire wire, long offset, String name, int capacity) {
        LongArrayValues[] holder = new LongArrayValues[1];
        try (DocumentContext dc = wire.readingDocument(offset)) {
            if (!dc.isPresent() || !dc.isMetaData()) {
                return null;
            }
            dc.wire().read(name).int64array(null, holder, (h, values) -> h[0] = values);
        }
        LongArrayValues values = holder[0];
        if (values == null || values.getCapacity() != capacity || values.getUsed() < 0 || values.getUsed() > capacity) {
            if (values != null) {
                values.close();
            }
            return null;
        }
        return values;
    }
}
