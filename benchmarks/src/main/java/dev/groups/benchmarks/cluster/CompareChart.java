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
        // one panel per log kind (the configuration's last word), each with its own scale
        Map<String, Map<String, Map<String, Double>>> panels = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, Double>> e : data.entrySet()) {
            String key = e.getKey();
            int space = key.lastIndexOf(' ');
            String kind = space < 0 ? "" : key.substring(space + 1);
            String label = space < 0 ? key : key.substring(0, space);
            panels.computeIfAbsent(kind, k -> new LinkedHashMap<>()).put(label, e.getValue());
        }
        int bar = 24;
        int gap = 30;
        int left = 70;
        int panelHeight = 220;
        int panelGap = 70;
        int top = 70;
        int groupWidth = impls.size() * bar + gap;
        int maxGroups = panels.values().stream().mapToInt(Map::size).max().orElse(1);
        int width = Math.max(760, left + maxGroups * groupWidth + 40);
        int height = top + panels.size() * (panelHeight + panelGap) + 40;
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">%n",
                width, height));
        s.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", width, height));
        s.append("<text x=\"12\" y=\"24\" font-size=\"16\" font-weight=\"bold\">Commit throughput of one group, nodes in one JVM (ops/s, higher is better)</text>\n");
        s.append(String.format(Locale.ROOT,
                "<text x=\"12\" y=\"42\" fill=\"#555\">closed loop; ours over %s, each peer over its own loopback transport; n = nodes, out = commands outstanding</text>%n",
                escape(transport.isEmpty() ? "?" : transport)));
        for (int i = 0; i < impls.size(); i++) {
            int lx = 12 + i * 150;
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"52\" width=\"12\" height=\"12\" fill=\"%s\"/>%n",
                    lx, COLORS[i % COLORS.length]));
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"63\">%s</text>%n", lx + 17,
                    escape(impls.get(i).equals("groups") ? "groups (ours)" : impls.get(i))));
        }
        int p = 0;
        for (Map.Entry<String, Map<String, Map<String, Double>>> panel : panels.entrySet()) {
            int y0 = top + 30 + p * (panelHeight + panelGap);
            String title = switch (panel.getKey()) {
                case "memory" -> "in-memory log";
                case "durable" -> "durable log (synced before acknowledging)";
                default -> panel.getKey();
            };
            s.append(String.format(Locale.ROOT, "<text x=\"12\" y=\"%d\" font-weight=\"bold\">%s</text>%n", y0 - 12, escape(title)));
            double max = 0;
            for (Map<String, Double> m : panel.getValue().values()) {
                for (double v : m.values()) {
                    if (!Double.isNaN(v)) {
                        max = Math.max(max, v);
                    }
                }
            }
            double scale = niceCeiling(max <= 0 ? 1 : max);
            for (int i = 0; i <= 5; i++) {
                double v = scale * i / 5;
                int y = y0 + panelHeight - (int) Math.round(panelHeight * v / scale);
                s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#e5e5e5\"/>%n",
                        left, y, width - 20, y));
                s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" fill=\"#555\">%s</text>%n",
                        left - 6, y + 4, human(v)));
            }
            int g = 0;
            for (Map.Entry<String, Map<String, Double>> e : panel.getValue().entrySet()) {
                int x0 = left + gap / 2 + g * groupWidth;
                for (int i = 0; i < impls.size(); i++) {
                    Double v = e.getValue().get(impls.get(i));
                    int x = x0 + i * bar;
                    String color = COLORS[i % COLORS.length];
                    if (v == null || v.isNaN()) {
                        int ty = y0 + panelHeight - 4;
                        s.append(String.format(Locale.ROOT,
                                "<text x=\"%d\" y=\"%d\" transform=\"rotate(-90 %d %d)\" fill=\"%s\">failed</text>%n",
                                x + bar / 2 + 4, ty, x + bar / 2 + 4, ty, color));
                        continue;
                    }
                    int h = Math.max(1, (int) Math.round(panelHeight * v / scale));
                    s.append(String.format(Locale.ROOT,
                            "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"><title>%s %s: %.0f ops/s</title></rect>%n",
                            x, y0 + panelHeight - h, bar - 3, h, color, escape(impls.get(i)), escape(e.getKey()), v));
                    s.append(String.format(Locale.ROOT,
                            "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-size=\"9\" fill=\"#333\">%s</text>%n",
                            x + (bar - 3) / 2, y0 + panelHeight - h - 3, human(v)));
                }
                s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                        x0 + impls.size() * bar / 2, y0 + panelHeight + 16, escape(e.getKey())));
                g++;
            }
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>%n",
                    left, y0 + panelHeight, width - 20, y0 + panelHeight));
            p++;
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
        if (v >= 10_000) {
            return String.format(Locale.ROOT, "%.0fk", v / 1e3);
        }
        if (v >= 1_000) {
            return String.format(Locale.ROOT, "%.1fk", v / 1e3);
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
