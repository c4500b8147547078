package dev.groups.tickets.tdx.internal;

import java.time.Instant;

/**
 * The interval of verification times over which a result holds: the intersection of every certificate,
 * CRL and collateral validity period it relied on. A cached verification is reused only inside it.
 */
public record Window(Instant from, Instant until) {
    public static final Window ALWAYS = new Window(Instant.MIN, Instant.MAX);

    public Window intersect(Instant otherFrom, Instant otherUntil) {
        Instant f = otherFrom.isAfter(from) ? otherFrom : from;
        Instant u = otherUntil.isBefore(until) ? otherUntil : until;
        return new Window(f, u);
    }

    public Window intersect(Window other) {
        return intersect(other.from, other.until);
    }

    public boolean contains(Instant t) {
        return !t.isBefore(from) && !t.isAfter(until);
    }
}
