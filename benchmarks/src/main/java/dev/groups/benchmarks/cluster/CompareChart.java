package dev.groups.benchmarks.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Draws {@code bin/bench-compare}'s CSV as an SVG bar chart (no dependencies: the machine may have
 * nothing but a JDK): one group of bars per configuration, one bar per implementation, commit
 * throughput on the y axis, "failed" where an implementation did not run.
 *
 * <p>{@code java -cp benchmarks.jar dev.groups.benchmarks.cluster.CompareChart compare.csv compare.svg [transport]}
 */
public final class CompareChart {
    private static final String[] COLORS = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b"};

    private CompareChart() {}

    public static void main(String[] args) throws IOException {
        List<String> lines = Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8);
        String transport = args.length > 2 ? args[2] : "";
        Map<String, Map<String, Double>> data = new LinkedHashMap<>(); // configuration -> impl -> ops/s (NaN = failed)
        Set<String> impls = new LinkedHashSet<>();
        List<String> header = split(lines.get(0));
        int cConfig = header.indexOf("configuration");
        int cImpl = header.indexOf("impl");
        int cStatus = header.indexOf("status");
        int cOps = header.indexOf("ops_per_sec");
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            List<String> f = split(line);
            String impl = f.get(cImpl);
            impls.add(impl);
            double ops = f.get(cStatus).equals("ok") ? Double.parseDouble(f.get(cOps)) : Double.NaN;
            data.computeIfAbsent(f.get(cConfig), k -> new LinkedHashMap<>()).put(impl, ops);
        }
        Files.writeString(Path.of(args[1]), svg(data, new ArrayList<>(impls), transport), StandardCharsets.UTF_8);
    }

    static String svg(Map<String, Map<String, Double>> data, List<String> impls, String transport) {
        int bar = 22;
        int gap = 26;
        int left = 80;
        int top = 60;
        int plotHeight = 300;
        int groupWidth = impls.size() * bar + gap;
        int width = Math.max(520, left + data.size() * groupWidth + 30);
        int height = top + plotHeight + 110;
        double max = 0;
        for (Map<String, Double> m : data.values()) {
            for (double v : m.values()) {
                if (!Double.isNaN(v)) {
                    max = Math.max(max, v);
                }
            }
        }
        double scale = niceCeiling(max <= 0 ? 1 : max);
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">%n",
                width, height));
        s.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", width, height));
        s.append(String.format(Locale.ROOT,
                "<text x=\"%d\" y=\"24\" font-size=\"15\" font-weight=\"bold\">Commit throughput, 3-node groups in one JVM (ops/s, higher is better)</text>%n",
                left - 60));
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"42\" fill=\"#555\">closed loop; ours over %s; peers over their own loopback transports</text>%n",
                left - 60, escape(transport.isEmpty() ? "?" : transport)));
        for (int i = 0; i <= 5; i++) {
            double v = scale * i / 5;
            int y = top + plotHeight - (int) Math.round(plotHeight * v / scale);
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#ddd\"/>%n", left, y, width - 20, y));
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n", left - 6, y + 4, human(v)));
        }
        int g = 0;
        for (Map.Entry<String, Map<String, Double>> e : data.entrySet()) {
            int x0 = left + gap / 2 + g * groupWidth;
            for (int i = 0; i < impls.size(); i++) {
                Double v = e.getValue().get(impls.get(i));
                int x = x0 + i * bar;
                if (v == null || v.isNaN()) {
                    s.append(String.format(Locale.ROOT,
                            "<text x=\"%d\" y=\"%d\" transform=\"rotate(-90 %d %d)\" fill=\"%s\">failed</text>%n",
                            x + bar / 2 + 4, top + plotHeight - 4, x + bar / 2 + 4, top + plotHeight - 4, COLORS[i % COLORS.length]));
                    continue;
                }
                int h = (int) Math.round(plotHeight * v / scale);
                s.append(String.format(Locale.ROOT,
                        "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"><title>%s %s: %.0f ops/s</title></rect>%n",
                        x, top + plotHeight - h, bar - 2, h, COLORS[i % COLORS.length], escape(impls.get(i)), escape(e.getKey()), v));
            }
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                    x0 + impls.size() * bar / 2, top + plotHeight + 18, escape(e.getKey())));
            g++;
        }
        s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>%n",
                left, top + plotHeight, width - 20, top + plotHeight));
        int ly = top + plotHeight + 50;
        for (int i = 0; i < impls.size(); i++) {
            int lx = left + i * 120;
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"14\" fill=\"%s\"/>%n",
                    lx, ly, COLORS[i % COLORS.length]));
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>%n", lx + 20, ly + 12,
                    escape(impls.get(i).equals("groups") ? "groups (ours)" : impls.get(i))));
        }
        s.append("</svg>\n");
        return s.toString();
    }

    static double niceCeiling(double v) {
        double p = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * p >= v) {
                return m * p;
            }
        }
        return 10 * p;
    }

    static String human(double v) {
        if (v >= 1_000_000) {
            return String.format(Locale.ROOT, "%.1fM", v / 1e6);
        }
        if (v >= 1_000) {
            return String.format(Locale.ROOT, "%.0fk", v / 1e3);
        }
        return String.format(Locale.ROOT, "%.0f", v);
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** Splits one CSV line (double-quoted fields may hold commas). */
    static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                if (quoted && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else {
                    quoted = !quoted;
                }
            } else if (c == ',' && !quoted) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }
}
