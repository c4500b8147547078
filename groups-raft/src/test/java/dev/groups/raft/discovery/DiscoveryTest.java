package dev.groups.raft.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.groups.id.Digest;
import dev.groups.id.GroupId;
import dev.groups.id.NetworkId;
import dev.groups.id.NodeIdentity;
import dev.groups.id.UniqueId;
import dev.groups.tickets.Ticket;
import dev.groups.transport.Endpoint;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DiscoveryTest {
    private static final NetworkId NET = NetworkId.of("net");

    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        Instant now = Instant.parse("2026-11-21T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private static Discovery discovery(NodeIdentity id, Clock clock) {
        return new Discovery(id, NET, List.of(new Endpoint("127.0.0.1", 1)), clock, Duration.ofSeconds(300));
    }

    @Test
    void everyLocalChangeBumpsTheVersionResignsAndNotifies() {
        NodeIdentity id = NodeIdentity.generate();
        Discovery d = discovery(id, new ManualClock());
        List<SignedPeerEntry> seen = new ArrayList<>();
        d.onLocalChange(seen::add);
        SignedPeerEntry before = d.me();
        Ticket t = new Ticket(UniqueId.of("c"), new byte[] {1});
        d.addTicket(t);
        d.addTicket(t);
        assertEquals(1, d.me().entry().tickets().size(), "the same ticket twice is one");
        assertTrue(d.me().entry().isNewerThan(before.entry()));
        d.setMember(new GroupId(Digest.of("g")), true);
        assertTrue(d.me().entry().groups().contains(new GroupId(Digest.of("g"))));
        d.removeTicketsOf(UniqueId.of("c"));
        assertTrue(d.me().entry().tickets().isEmpty());
        d.replaceTicket(t);
        d.removeTicket(t.id());
        assertTrue(d.me().entry().tickets().isEmpty());
        assertEquals(5, seen.size(), "one version per real change; the repeated ticket made none");
        for (SignedPeerEntry e : seen) {
            assertEquals(e, SignedPeerEntry.decode(java.nio.ByteBuffer.wrap(e.encode())), "each version verifies");
        }
    }

    @Test
    void theCatalogKeepsOnlyNewerEntriesOfThisNetworkAndNeverOurOwn() {
        ManualClock clock = new ManualClock();
        NodeIdentity me = NodeIdentity.generate();
        NodeIdentity peer = NodeIdentity.generate();
        Discovery d = discovery(me, clock);
        Discovery p = discovery(peer, clock);
        SignedPeerEntry v1 = p.me();
        p.addTicket(new Ticket(UniqueId.of("c"), new byte[] {2}));
        SignedPeerEntry v2 = p.me();
        assertTrue(d.feed(v2));
        assertFalse(d.feed(v1), "an older version is ignored");
        assertEquals(v2, d.get(peer.peerId()).orElseThrow());
        assertFalse(d.feed(d.me()), "our own entry never enters the catalog");
        Discovery elsewhere = new Discovery(NodeIdentity.generate(), NetworkId.of("other"), List.of(), clock,
                Duration.ofSeconds(300));
        assertFalse(d.feed(elsewhere.me()), "another network's entries are ignored");
        assertEquals(1, d.peers().size());
    }

    @Test
    void entriesGoStaleUnlessHeardAgain() {
        ManualClock clock = new ManualClock();
        Discovery d = discovery(NodeIdentity.generate(), clock);
        NodeIdentity peer = NodeIdentity.generate();
        SignedPeerEntry e = discovery(peer, clock).me();
        d.feed(e);
        clock.now = clock.now.plusSeconds(200);
        d.feed(e); // heard again: fresh
        clock.now = clock.now.plusSeconds(200);
        assertTrue(d.get(peer.peerId()).isPresent());
        clock.now = clock.now.plusSeconds(200);
        assertTrue(d.get(peer.peerId()).isEmpty(), "stale after 300 s without news");
        assertTrue(d.peers().isEmpty());
    }
}
