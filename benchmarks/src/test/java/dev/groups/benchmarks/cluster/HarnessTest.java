package dev.groups.benchmarks.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.groups.bench.peers.BenchArgs;
import dev.groups.bench.peers.LatencyHistogram;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The harness's own arithmetic and parsing (no timing is asserted anywhere). */
class HarnessTest {
    @Test
    void histogramPercentilesAreWithinThreePercentOfTheExactOnes() {
        LatencyHistogram h = new LatencyHistogram();
        long[] values = new long[100_000];
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < values.length; i++) {
            values[i] = (long) Math.exp(random.nextDouble() * Math.log(1_000_000)); // 1 µs .. 1 s, log-uniform
            h.record(values[i]);
        }
        java.util.Arrays.sort(values);
        for (double q : new double[] {0.5, 0.99, 0.999}) {
            long exact = values[(int) Math.ceil(q * values.length) - 1];
            long reported = h.percentile(q);
            assertTrue(reported >= exact && reported <= exact * 1.03 + 1,
                    "p" + q + ": exact " + exact + ", reported " + reported);
        }
        assertEquals(values.length, h.count());
    }

    @Test
    void smallValuesAreExact() {
        LatencyHistogram h = new LatencyHistogram();
        for (long v = 0; v < 32; v++) {
            h.record(v);
        }
        assertEquals(15, h.percentile(0.5));
        assertEquals(31, h.percentile(1.0));
        assertEquals(0, new LatencyHistogram().percentile(0.5));
    }

    @Test
    void argsTakeTheCommonFlagsAndKeepTheRest() {
        BenchArgs a = BenchArgs.parse(new String[] {"--payload", "4096", "--outstanding=16", "--seconds", "2.5",
                "--log", "durable", "--nodes", "5", "--transport", "inprocess"});
        assertEquals(4096, a.payload);
        assertEquals(16, a.outstanding);
        assertEquals(2.5, a.seconds);
        assertTrue(a.durable());
        assertEquals(5, a.nodes);
        assertEquals("inprocess", a.extra("transport", "quic"));
        assertThrows(IllegalArgumentException.class, () -> BenchArgs.parse(new String[] {"--log", "disk"}));
        assertThrows(IllegalArgumentException.class, () -> BenchArgs.parse(new String[] {"--payload", "0"}));
    }

    @Test
    void chartReadsQuotedCsvFieldsAndMarksFailures() {
        assertEquals(List.of("n=3 256B out=64 memory", "groups", "a=1,b=2"),
                CompareChart.split("\"n=3 256B out=64 memory\",groups,\"a=1,b=2\""));
        Map<String, Map<String, Double>> data = new LinkedHashMap<>();
        data.put("n=3 256B out=64 memory", new LinkedHashMap<>(Map.of("groups", 1000.0, "ratis", Double.NaN)));
        String svg = CompareChart.svg(data, List.of("groups", "ratis"), "quic");
        assertTrue(svg.startsWith("<svg"));
        assertTrue(svg.contains(">failed<"));
        assertTrue(svg.contains("in-memory log"));
    }
}
