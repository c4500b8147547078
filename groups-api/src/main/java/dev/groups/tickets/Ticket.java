package dev.groups.tickets;

import dev.groups.id.UniqueId;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Objects;

/**
 * A credential a node publishes in its signed discovery entry, for peers' {@link TicketValidator}s to
 * check before bonding (a JWT, a TDX quote…). Tickets are public: what makes one valid for a holder is
 * the validator's binding of its content to the holder's peer id (a JWT's subject, a quote's report
 * data), not secrecy.
 *
 * <p>Immutable: the data is copied in and out. Ordered by class, then data (unsigned bytes).
 */
public final class Ticket implements Comparable<Ticket> {
    private static final Comparator<Ticket> ORDER =
            Comparator.comparing(Ticket::ticketClass).thenComparing((a, b) -> Arrays.compareUnsigned(a.data, b.data));

    private final UniqueId ticketClass;
    private final byte[] data;

    public Ticket(UniqueId ticketClass, byte[] data) {
        this.ticketClass = Objects.requireNonNull(ticketClass, "ticketClass");
        this.data = Objects.requireNonNull(data, "data").clone();
    }

    /** Which validators read this ticket ({@link TicketValidator#ticketClass()}). */
    public UniqueId ticketClass() {
        return ticketClass;
    }

    /** A copy of the ticket's bytes. */
    public byte[] data() {
        return data.clone();
    }

    public int size() {
        return data.length;
    }

    /** {@code derive(class, data)}: adding the same ticket twice is idempotent. */
    public UniqueId id() {
        return ticketClass.derive(data);
    }

    @Override
    public int compareTo(Ticket o) {
        return ORDER.compare(this, o);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ticket t && ticketClass.equals(t.ticketClass) && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return 31 * ticketClass.hashCode() + Arrays.hashCode(data);
    }

    /** {@code Ticket(class,size)}; the content is not printed. */
    @Override
    public String toString() {
        return "Ticket(" + ticketClass.digest().shortHex() + "," + data.length + ")";
    }
}
