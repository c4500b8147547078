package dev.groups.examples.kv;

import java.util.Objects;

/** A read of the store. Queries never change it. */
public sealed interface KvQuery permits KvQuery.Get, KvQuery.Scan {
    /** The current value of {@code key}: answered with {@link KvResult.Found} or {@link KvResult.Absent}. */
    record Get(String key) implements KvQuery {
        public Get {
            Objects.requireNonNull(key, "key");
            if (key.isEmpty()) {
                throw new IllegalArgumentException("a key must not be empty");
            }
        }
    }

    /**
     * One page of the keys that start with {@code prefix} and sort after {@code after}, in ascending
     * order ({@link String#compareTo}: by UTF-16 code unit), answered with a {@link KvResult.Page}.
     * The page holds at most {@code limit} entries, and stops early once it holds about
     * {@value KvMachine#PAGE_BYTES} bytes (but always holds at least one entry if any matches). The next
     * page is {@code new Scan(prefix, lastKeyOfThisPage, limit)}.
     *
     * <p>Each page is read at one log position, but two pages may be read at different positions: a
     * scan of many pages is not a snapshot of the store.
     *
     * @param prefix the keys to list; empty: every key
     * @param after  only keys greater than this one (exclusive); empty: from the first key
     * @param limit  1 to {@value #MAX_LIMIT}
     */
    record Scan(String prefix, String after, int limit) implements KvQuery {
        public static final int MAX_LIMIT = 1000;

        public Scan {
            Objects.requireNonNull(prefix, "prefix");
            Objects.requireNonNull(after, "after");
            if (limit < 1 || limit > MAX_LIMIT) {
                throw new IllegalArgumentException("limit must be in 1.." + MAX_LIMIT + ", got " + limit);
            }
        }

        /** The first page of the keys that start with {@code prefix}. */
        public static Scan prefix(String prefix, int limit) {
            return new Scan(prefix, "", limit);
        }

        /** The page after {@code page}, which this scan returned. */
        public Scan next(KvResult.Page page) {
            return page.entries().isEmpty() ? this
                    : new Scan(prefix, page.entries().get(page.entries().size() - 1).key(), limit);
        }
    }
}
