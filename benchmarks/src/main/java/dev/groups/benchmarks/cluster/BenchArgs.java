package dev.groups.benchmarks.cluster;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * (A copy of {@code benchmarks/peers/common}'s class of the same name: the peers build never depends on
 * ours, so the two harnesses share this code by copy; keep them in step.)
 *
 * The command-line flags every implementation of the comparison takes, so that one script can drive
 * them all the same way: {@code --payload N --outstanding N --seconds S --warmup S --log memory|durable
 * --nodes N}, plus implementation-specific {@code --key value} flags kept in {@link #extra}.
 */
public final class BenchArgs {
    public int payload = 256;
    public int outstanding = 64;
    public double seconds = 10;
    public double warmup = 5;
    public String log = "memory";
    public int nodes = 3;
    /** Where durable logs go (a fresh temporary directory by default, deleted at the end). */
    public String dir;
    public final Map<String, String> extra = new LinkedHashMap<>();

    public static BenchArgs parse(String[] args) {
        // peers log through slf4j-simple: warnings and errors only, to stderr
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"));
        BenchArgs a = new BenchArgs();
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (!flag.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + flag);
            }
            String name = flag.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(flag + " needs a value");
                }
                value = args[++i];
            }
            switch (name) {
                case "payload" -> a.payload = positive(name, Integer.parseInt(value));
                case "outstanding" -> a.outstanding = positive(name, Integer.parseInt(value));
                case "seconds" -> a.seconds = Double.parseDouble(value);
                case "warmup" -> a.warmup = Double.parseDouble(value);
                case "nodes" -> a.nodes = positive(name, Integer.parseInt(value));
                case "dir" -> a.dir = value;
                case "log" -> {
                    if (!value.equals("memory") && !value.equals("durable")) {
                        throw new IllegalArgumentException("--log must be memory or durable, not " + value);
                    }
                    a.log = value;
                }
                default -> a.extra.put(name, value);
            }
        }
        if (a.seconds <= 0 || a.warmup < 0) {
            throw new IllegalArgumentException("--seconds must be positive and --warmup not negative");
        }
        return a;
    }

    public boolean durable() {
        return log.equals("durable");
    }

    public String extra(String name, String fallback) {
        return extra.getOrDefault(name, fallback);
    }

    private static int positive(String name, int v) {
        if (v <= 0) {
            throw new IllegalArgumentException("--" + name + " must be positive");
        }
        return v;
    }
}
