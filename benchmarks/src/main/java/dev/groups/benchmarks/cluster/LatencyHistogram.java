package dev.groups.benchmarks.cluster;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Log-linear histogram of microsecond latencies (32 sub-buckets per power of two, so a reported
 * percentile is within about 3 % of the true value), safe to record into from any thread.
 */
public final class LatencyHistogram {
    private static final int SUB_BITS = 5;
    private static final int SUB = 1 << SUB_BITS;
    private final AtomicLongArray counts = new AtomicLongArray(64 * SUB);

    public void record(long micros) {
        counts.incrementAndGet(bucket(Math.max(0, micros)));
    }

    static int bucket(long v) {
        if (v < SUB) {
            return (int) v;
        }
        int exp = 63 - Long.numberOfLeadingZeros(v); // >= SUB_BITS
        int shift = exp - SUB_BITS;
        return (shift + 1) * SUB + (int) ((v >>> shift) & (SUB - 1));
    }

    /** The upper end of a bucket's range (what a percentile reports). */
    static long upper(int bucket) {
        if (bucket < SUB) {
            return bucket;
        }
        int shift = bucket / SUB - 1;
        long mantissa = SUB + (bucket % SUB);
        return ((mantissa + 1) << shift) - 1;
    }

    public long count() {
        long n = 0;
        for (int i = 0; i < counts.length(); i++) {
            n += counts.get(i);
        }
        return n;
    }

    /** The value at quantile {@code q} (0..1), in microseconds; 0 when empty. */
    public long percentile(double q) {
        long total = count();
        if (total == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(q * total));
        long seen = 0;
        for (int i = 0; i < counts.length(); i++) {
            seen += counts.get(i);
            if (seen >= rank) {
                return upper(i);
            }
        }
        return upper(counts.length() - 1);
    }
}
