package dev.groups.tickets;

import dev.groups.id.NetworkId;
import dev.groups.id.PeerId;
import java.util.Objects;

/**
 * Who presents a ticket: the peer (as proven by the transport handshake and its signed discovery
 * entry) and its network. Validators bind tickets to these, so a ticket copied from another peer fails.
 */
public record TicketHolder(PeerId peerId, NetworkId networkId) {
    public TicketHolder {
        Objects.requireNonNull(peerId, "peerId");
        Objects.requireNonNull(networkId, "networkId");
    }
}
