package dev.groups.testkit.sim;

import dev.groups.testkit.linearizability.CheckResult;
import dev.groups.testkit.linearizability.Verdict;
import java.util.List;

/**
 * What a simulated run found.
 *
 * @param violations     invariant violations (and liveness failures), first one first; empty when none
 * @param linearizability the client history's check
 * @param divergence     empty, or why the members' states differ after the faults stopped
 * @param operations     client operations recorded
 * @param events         events processed
 */
public record SimResult(SimOptions options, List<String> violations, CheckResult linearizability,
                        String divergence, int operations, long events, String outcomes, List<String> exactlyOnce) {
    public SimResult {
        violations = List.copyOf(violations);
        exactlyOnce = List.copyOf(exactlyOnce);
    }

    public boolean hasViolations() {
        return !violations.isEmpty();
    }

    /** A non-idempotent command applied twice, or applied although reported as not applied, or lost. */
    public boolean hasExactlyOnceViolations() {
        return !exactlyOnce.isEmpty();
    }

    public boolean isNonLinearizable() {
        return linearizability.verdict() == Verdict.NOT_LINEARIZABLE;
    }

    public boolean isDivergent() {
        return !divergence.isEmpty();
    }

    public boolean ok() {
        return !hasViolations() && !isNonLinearizable() && !isDivergent() && !hasExactlyOnceViolations();
    }

    /** A short report naming the seed and how to replay it. */
    public String summary() {
        StringBuilder sb = new StringBuilder("seed ").append(options.seed()).append(" (")
                .append(options.strict() ? "strict" : "dynamic").append(", ").append(options.nodes())
                .append(" nodes, ").append(options.groups()).append(" groups")
                .append(options.snapshots() ? ", snapshots" : "").append(", ").append(options.workload().flag())
                .append(", ").append(options.schedule().flag()).append("): ").append(operations).append(" ops (").append(outcomes).append("), ").append(events)
                .append(" events");
        if (ok()) {
            return sb.append(", ok").toString();
        }
        for (String v : violations) {
            sb.append("\n  violation: ").append(v);
        }
        for (String v : exactlyOnce) {
            sb.append("\n  exactly-once: ").append(v);
        }
        if (isNonLinearizable()) {
            sb.append("\n  not linearizable: ").append(linearizability.explanation());
        }
        if (isDivergent()) {
            sb.append("\n  divergent after heal: ").append(divergence);
        }
        return sb.append("\n  replay: ").append(options.replayCommand()).toString();
    }
}
