package dev.groups.sync;

import static org.junit.jupiter.api.Assertions.fail;

import dev.groups.log.IndexRange;
import dev.groups.log.LogEntry;
import dev.groups.log.LogPayload;
import dev.groups.storage.Storage;
import java.util.List;

/** Log comparisons that report the first difference, not two lists of thousands of entries. */
final class LogAssertions {
    private LogAssertions() {}

    static void assertLog(List<LogEntry<LogPayload<String>>> expected, Storage<LogPayload<String>> log) {
        List<LogEntry<LogPayload<String>>> actual = log.getRange(IndexRange.of(1, Long.MAX_VALUE));
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
            if (!expected.get(i).equals(actual.get(i))) {
                fail("logs differ at entry " + (i + 1) + ": expected " + expected.get(i) + " but was " + actual.get(i));
            }
        }
        if (expected.size() != actual.size()) {
            fail("expected " + expected.size() + " entries but the log has " + actual.size() + ", ending at " + log.last());
        }
    }
}
