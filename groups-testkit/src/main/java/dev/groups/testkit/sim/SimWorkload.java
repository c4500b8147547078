package dev.groups.testkit.sim;

/**
 * What the simulated clients ask for. Registers ({@code put}/{@code get}/{@code cas}) go into the
 * linearizability check; the non-idempotent commands ({@code increment}, {@code append}, {@code cas})
 * carry unique ids and go into the exactly-once check, which is what catches a lost de-duplication: a
 * duplicated put changes nothing visible, a duplicated append does.
 */
public enum SimWorkload {
    /** Puts and strong gets on a few keys. */
    REGISTER(6, 4, 0, 0, 0),
    /** Increments of counters, and strong gets of the registers. */
    COUNTER(0, 3, 0, 7, 0),
    /** Appends to lists, and strong gets of the registers. */
    LIST(0, 3, 0, 0, 7),
    /** Every kind: puts, gets, compare-and-sets, increments, appends. */
    MIXED(3, 3, 2, 1, 1);

    /** Relative weights of each kind of operation. */
    final int put;
    final int get;
    final int cas;
    final int increment;
    final int append;

    SimWorkload(int put, int get, int cas, int increment, int append) {
        this.put = put;
        this.get = get;
        this.cas = cas;
        this.increment = increment;
        this.append = append;
    }

    int total() {
        return put + get + cas + increment + append;
    }

    /** The name {@code bin/simulate --workload} takes. */
    public String flag() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Parses a {@code --workload} value. */
    public static SimWorkload parse(String s) {
        for (SimWorkload w : values()) {
            if (w.flag().equals(s)) {
                return w;
            }
        }
        throw new IllegalArgumentException("--workload is register, counter, list or mixed, got " + s);
    }
}
