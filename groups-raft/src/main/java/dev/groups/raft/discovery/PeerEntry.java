package dev.groups.raft.discovery;

import dev.groups.id.GroupId;
import dev.groups.id.NetworkId;
import dev.groups.id.PeerId;
import dev.groups.tickets.Ticket;
import dev.groups.tickets.TicketHolder;
import dev.groups.transport.Endpoint;
import java.util.List;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What a node says about itself (spec §1.11): where to reach it, which groups it is in, the tickets it
 * presents, and a version that grows with every change. Always published signed ({@link SignedPeerEntry}).
 *
 * @param startedAt when this incarnation of the node started (ms since the epoch)
 * @param updatedAt a counter that grows with every change of the entry within an incarnation
 */
public record PeerEntry(PeerId peerId, NetworkId network, long startedAt, long updatedAt, List<Endpoint> addresses,
                        SortedSet<GroupId> groups, SortedSet<Ticket> tickets) {
    public PeerEntry {
        Objects.requireNonNull(peerId, "peerId");
        Objects.requireNonNull(network, "network");
        addresses = List.copyOf(addresses);
        groups = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(groups));
        tickets = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(tickets));
    }

    /** True if this entry is a later version than {@code other} (of the same peer). */
    public boolean isNewerThan(PeerEntry other) {
        return startedAt != other.startedAt ? startedAt > other.startedAt : updatedAt > other.updatedAt;
    }

    public TicketHolder holder() {
        return new TicketHolder(peerId, network);
    }

    /** The same entry with the next version. */
    PeerEntry bumped(List<Endpoint> newAddresses, SortedSet<GroupId> newGroups, SortedSet<Ticket> newTickets) {
        return new PeerEntry(peerId, network, startedAt, updatedAt + 1, newAddresses, newGroups, newTickets);
    }
}
