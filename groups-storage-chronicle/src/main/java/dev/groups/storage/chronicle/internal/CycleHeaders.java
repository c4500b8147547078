package dev.groups.storage.chronicle.internal;

import dev.groups.storage.StorageException;
import java.io.File;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueStore;

/**
 * Checks, before anything reads through them, the header fields of each cycle file that Chronicle
 * trusts blindly: one flipped bit in the write position or the index root makes it map chunk after
 * chunk towards an absurd offset (a stall, then OutOfMemoryError) instead of failing.
 */
final class CycleHeaders {
    /**
     * What a cycle file's header says: where its last complete data document starts (0 when it has
     * none) and where its index root (the {@code index2index} array) is.
     */
    record Header(File file, long writePosition, long indexRoot) {}

    private static final Pattern INDEX_ROOT = Pattern.compile("index2Index:\\s*(?:!\\w+\\s+)?(-?\\d+)");
    private static final Pattern INDEX_COUNT = Pattern.compile("indexCount:\\s*(?:!\\w+\\s+)?(-?\\d+)");
    private static final Pattern INDEX_SPACING = Pattern.compile("indexSpacing:\\s*(?:!\\w+\\s+)?(-?\\d+)");

    private CycleHeaders() {}

    /** Cycle → header of every cycle file; throws {@link StorageException} on a damaged header. */
    static Map<Integer, Header> check(SingleChronicleQueue queue) {
        Map<Integer, Header> headers = new TreeMap<>();
        int first = queue.firstCycle();
        int last = queue.lastCycle();
        if (first > last) {
            return headers;
        }
        RollCycle rollCycle = queue.rollCycle();
        for (long cycle : queue.listCyclesBetween(first, last)) {
            try (SingleChronicleQueueStore store = queue.storeForCycle((int) cycle, queue.epoch(), false, null)) {
                if (store == null) {
                    continue;
                }
                long size = store.file().length();
                long position = store.writePosition();
                if (position < 0 || position > size) {
                    throw corrupt(store, "its write position " + position + " lies outside the file (" + size + " bytes)");
                }
                String header = store.dumpHeader();
                long root = field(header, INDEX_ROOT);
                if (root <= 0 || root >= size) {
                    throw corrupt(store, "its index root " + root + " lies outside the file (" + size + " bytes)");
                }
                if (field(header, INDEX_COUNT) != rollCycle.defaultIndexCount()
                        || field(header, INDEX_SPACING) != rollCycle.defaultIndexSpacing()) {
                    throw corrupt(store, "its index geometry differs from the roll cycle's");
                }
                headers.put((int) cycle, new Header(store.file(), position, root));
            }
        }
        return headers;
    }

    private static StorageException corrupt(SingleChronicleQueueStore store, String why) {
        return new StorageException("corrupted queue file " + store.file() + ": " + why);
    }

    /** A numeric field of the header's text dump (the value may carry a type tag: {@code !short 4096}). */
    private static long field(String header, Pattern pattern) {
        Matcher m = pattern.matcher(header);
        if (!m.find()) {
            return -1;
        }
        try {
            return Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
