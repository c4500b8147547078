package dev.groups.testkit.contract;

import dev.groups.id.NetworkId;
import dev.groups.id.PeerId;
import dev.groups.tickets.Ticket;
import dev.groups.tickets.TicketHolder;
import dev.groups.tickets.TicketValidator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/** A small HMAC validator passes the ticket-validator contract. */
class HmacTicketValidatorContractTest extends TicketValidatorContract {
    private static final byte[] KEY = "a test key, not a secret".getBytes(StandardCharsets.UTF_8);
    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
    private static final TicketHolder HOLDER = new TicketHolder(PeerId.fromBytes(new byte[] {
            7, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29,
            30, 31}), NetworkId.of("contract network"));

    @Override
    protected TicketValidator newValidator() {
        return new HmacTicketValidator(KEY);
    }

    @Override
    protected Ticket validTicket() {
        return new HmacTicketValidator(KEY).issue(HOLDER, NOW.plus(Duration.ofHours(1)));
    }

    @Override
    protected TicketHolder holder() {
        return HOLDER;
    }

    @Override
    protected Instant now() {
        return NOW;
    }
}
