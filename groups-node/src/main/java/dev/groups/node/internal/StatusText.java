package dev.groups.node.internal;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The status document, for people. */
public final class StatusText {
    private StatusText() {}

    public static String render(Map<String, Object> s) {
        StringBuilder sb = new StringBuilder();
        String self = str(s.get("node"));
        sb.append("node ").append(shortId(self)).append("  listening on ").append(s.get("listen"))
                .append(" (").append(s.get("transport")).append(")  pid ").append(s.get("pid"))
                .append("  up ").append(duration(num(s.get("uptimeMillis")))).append('\n');
        if (self != null) {
            sb.append("  peer id ").append(self).append('\n'); // in full: what --voters and `groups voters add` take
        }
        List<?> groups = (List<?>) s.get("groups");
        if (groups == null || groups.isEmpty()) {
            sb.append("  no groups\n");
            return sb.toString();
        }
        for (Object o : groups) {
            Map<?, ?> g = (Map<?, ?>) o;
            String leader = str(g.get("leader"));
            sb.append("group ").append(g.get("name")).append(" (").append(shortId(str(g.get("id")))).append(")  machine ")
                    .append(g.get("machine")).append("  ").append(g.get("storage")).append(" log")
                    .append(g.get("mode") == null ? "" : "  " + g.get("mode") + " mode").append('\n');
            sb.append("  role ").append(g.get("role")).append("  term ").append(g.get("term")).append("  leader ")
                    .append(leader == null ? "none (election)" : shortId(leader) + (leader.equals(self) ? " (this node)" : ""))
                    .append("  ").append(Boolean.TRUE.equals(g.get("online")) ? "online" : "offline").append('\n');
            if (g.get("membership") instanceof Map<?, ?> m) {
                voters(sb, m, self, leader);
            }
            Map<?, ?> log = (Map<?, ?>) g.get("log");
            sb.append("  committed ").append(g.get("committed")).append("  log ").append(log.get("index"))
                    .append(" (term ").append(log.get("term")).append(")");
            Map<?, ?> restored = (Map<?, ?>) g.get("restoredLog");
            if (g.get("logBytes") instanceof Number bytes) {
                sb.append("  ").append(bytes(bytes.longValue())).append(" on disk");
            }
            if (restored != null && num(restored.get("index")) > 0) {
                sb.append("  restored at start: ").append(restored.get("index"));
            }
            sb.append('\n');
            double rate = g.get("commitRate") instanceof Number n ? n.doubleValue() : 0;
            double window = g.get("commitRateWindow") instanceof Number n ? n.doubleValue() : 0;
            sb.append(String.format(Locale.ROOT, "  commit rate %.1f/s over the last %.0f s%n", rate, window));
            if (g.get("followers") instanceof List<?> followers && !followers.isEmpty()) {
                sb.append("  followers (match index, lag):");
                for (Object f : followers) {
                    Map<?, ?> m = (Map<?, ?>) f;
                    sb.append("  ").append(shortId(str(m.get("peer")))).append(' ').append(m.get("matchIndex"))
                            .append(" (").append(m.get("lag")).append(')');
                }
                sb.append('\n');
            }
            if (g.get("snapshot") instanceof Map<?, ?> snap) {
                sb.append("  snapshots: ").append(num(snap.get("taken"))).append(" taken, ")
                        .append(num(snap.get("installed"))).append(" installed");
                if (snap.get("index") != null) {
                    sb.append("; last at ").append(snap.get("index")).append(" (term ").append(snap.get("term"))
                            .append("), ").append(bytes(num(snap.get("bytes")))).append(", ")
                            .append(snap.get("source")).append(' ').append(duration(num(snap.get("ageMillis"))))
                            .append(" ago");
                }
                sb.append('\n');
            }
            List<?> bonds = (List<?>) g.get("bonds");
            sb.append("  bonds ").append(bonds.size()).append(bonds.isEmpty() ? "" : ":").append('\n');
            for (Object b : bonds) {
                Map<?, ?> m = (Map<?, ?>) b;
                sb.append("    ").append(shortId(str(m.get("peer")))).append("  ").append(m.get("address"))
                        .append("  last frame ").append(num(m.get("sinceLastFrameMillis"))).append(" ms ago  ")
                        .append(m.get("health")).append('\n');
            }
            if (g.get("warning") != null) {
                sb.append("  warning: ").append(g.get("warning")).append('\n');
            }
            if (g.get("state") != null) {
                sb.append("  state ").append(g.get("state")).append('\n');
            }
        }
        return sb.toString();
    }

    /** {@code voters 3 (founding, committed): 2d2179bb (leader)  c1998928 (this node)  d0f819d2}, then who does not vote. */
    private static void voters(StringBuilder sb, Map<?, ?> m, String self, String leader) {
        List<?> voters = (List<?>) m.get("voters");
        Map<?, ?> position = (Map<?, ?>) m.get("position");
        long index = num(position.get("index"));
        sb.append("  voters ").append(voters.size()).append(" (")
                .append(index == 0 ? "founding" : "set at " + index + ", term " + num(position.get("term")))
                .append(Boolean.TRUE.equals(m.get("committed")) ? ", committed" : ", not committed yet").append("):");
        for (Object v : voters) {
            sb.append("  ").append(shortId(str(v))).append(member(str(v), self, leader));
        }
        sb.append('\n');
        if (m.get("nonVoters") instanceof List<?> others && !others.isEmpty()) {
            sb.append("  not voting:");
            for (Object o : others) {
                sb.append("  ").append(shortId(str(o))).append(member(str(o), self, leader));
            }
            sb.append('\n');
        }
    }

    private static String member(String peer, String self, String leader) {
        boolean isLeader = peer.equals(leader);
        boolean isSelf = peer.equals(self);
        return isLeader && isSelf ? " (leader, this node)" : isLeader ? " (leader)" : isSelf ? " (this node)" : "";
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }

    private static long num(Object o) {
        return o instanceof Number n ? n.longValue() : 0;
    }

    private static String shortId(String hex) {
        return hex == null ? "-" : hex.substring(0, Math.min(8, hex.length()));
    }

    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    static String duration(long millis) {
        long s = millis / 1000;
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return (s / 60) + "m" + (s % 60) + "s";
        }
        return (s / 3600) + "h" + (s % 3600 / 60) + "m";
    }
}
