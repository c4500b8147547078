package dev.groups.tickets.tdx;

import dev.groups.id.NetworkId;
import dev.groups.id.PeerId;
import dev.groups.tickets.Expiration;
import dev.groups.tickets.Ticket;
import dev.groups.tickets.tdx.internal.TicketCodec;
import java.io.IOException;
import java.time.Instant;
import java.util.Objects;

/**
 * Builds this node's TDX ticket: a fresh quote whose REPORTDATA binds the peer, network, start time,
 * quote time and expiration ({@link TdxExtraData}). Not thread-safe (a builder); the tickets are values.
 */
public final class TdxTicketBuilder {
    private final QuoteProvider provider;
    private Instant startedAt;
    private Expiration expiration = Expiration.never();

    public TdxTicketBuilder(QuoteProvider provider) {
        this.provider = Objects.requireNonNull(provider, "provider");
    }

    /** When this node started (its discovery entry's start time); defaults to the quote time. */
    public TdxTicketBuilder startedAt(Instant startedAt) {
        this.startedAt = Objects.requireNonNull(startedAt, "startedAt");
        return this;
    }

    /** Until when the ticket is valid; defaults to {@link Expiration#never()}. */
    public TdxTicketBuilder expiration(Expiration expiration) {
        this.expiration = Objects.requireNonNull(expiration, "expiration");
        return this;
    }

    /**
     * Quotes and encodes a ticket for {@code peer} in {@code network}, quoted at {@code now}.
     *
     * @throws IllegalArgumentException if the expiration is already past at {@code now}
     * @throws IOException              if no quote can be produced (see {@link QuoteUnavailableException})
     */
    public Ticket build(PeerId peer, NetworkId network, Instant now) throws IOException {
        Objects.requireNonNull(now, "now");
        if (expiration.isExpiredAt(now)) {
            throw new IllegalArgumentException("the ticket would already be expired: " + expiration);
        }
        TdxExtraData extra = new TdxExtraData(peer, network, startedAt == null ? now : startedAt, now, expiration);
        byte[] quote = provider.quote(extra.reportData());
        return new Ticket(TdxTicketValidator.CLASS, TicketCodec.encode(quote, extra));
    }
}
