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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The catalog's bounds: per entry, in total, over time, and what it serves to whom. */
class CatalogLimitsTest {
    private static final NetworkId NET = NetworkId.of("net");
    private static final GroupId G1 = new GroupId(Digest.of("g1"));
    private static final GroupId G2 = new GroupId(Digest.of("g2"));

    private static Discovery discovery(DiscoveryTest.ManualClock clock, Discovery.Limits limits) {
        return new Discovery(NodeIdentity.generate(), NET, List.of(new Endpoint("127.0.0.1", 1)), clock,
                Duration.ofSeconds(300), limits);
    }

    private static SignedPeerEntry entry(Set<GroupId> groups, int tickets, int ticketBytes) {
        NodeIdentity id = NodeIdentity.generate();
        TreeSet<Ticket> ts = new TreeSet<>();
        for (int i = 0; i < tickets; i++) {
            byte[] data = new byte[ticketBytes];
            data[0] = (byte) i;
            ts.add(new Ticket(UniqueId.of("c" + i), data));
        }
        return SignedPeerEntry.sign(new PeerEntry(id.peerId(), NET, 1, 1, List.of(new Endpoint("10.0.0.1", 7)),
                new TreeSet<>(groups), ts), id);
    }

    @Test
    void anEntryOverTheSizeOrTicketCapIsRefused() {
        Discovery d = discovery(new DiscoveryTest.ManualClock(), new Discovery.Limits(100, 1 << 20, 4096, 2));
        assertFalse(d.feed(entry(Set.of(G1), 1, 8192), true), "larger than maxEntryBytes");
        assertFalse(d.feed(entry(Set.of(G1), 3, 10), true), "more tickets than maxTicketsPerEntry");
        assertTrue(d.feed(entry(Set.of(G1), 2, 10), true));
        assertEquals(1, d.size());
    }

    @Test
    void aFullCatalogRefusesRelayedEntriesAndMakesRoomForFirstHandOnes() {
        DiscoveryTest.ManualClock clock = new DiscoveryTest.ManualClock();
        Discovery d = discovery(clock, new Discovery.Limits(3, 1 << 20, 4096, 4));
        List<SignedPeerEntry> relayed = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            SignedPeerEntry e = entry(Set.of(G1), 0, 0);
            relayed.add(e);
            assertTrue(d.feed(e, false));
            clock.now = clock.now.plusSeconds(1);
        }
        assertFalse(d.feed(entry(Set.of(G1), 0, 0), false), "full: a relayed entry is refused");
        SignedPeerEntry direct = entry(Set.of(G1), 0, 0);
        assertTrue(d.feed(direct, true), "full: a first-hand entry takes the oldest relayed one's place");
        assertEquals(3, d.size());
        assertTrue(d.get(relayed.get(0).peerId()).isEmpty(), "the longest unrefreshed relayed entry went");
        assertTrue(d.get(direct.peerId()).isPresent());
        for (int i = 0; i < 2; i++) {
            assertTrue(d.feed(entry(Set.of(G1), 0, 0), true));
        }
        assertFalse(d.feed(entry(Set.of(G1), 0, 0), true), "full of first-hand entries: they stay until they expire");
        assertEquals(3, d.size());
    }

    @Test
    void theByteCapHoldsAndTheAccountingFollowsReplacements() {
        DiscoveryTest.ManualClock clock = new DiscoveryTest.ManualClock();
        SignedPeerEntry probe = entry(Set.of(G1), 1, 1000);
        long cap = 3L * probe.encodedSize() + 10;
        Discovery d = discovery(clock, new Discovery.Limits(1000, cap, 4096, 4));
        int accepted = 0;
        for (int i = 0; i < 10; i++) {
            accepted += d.feed(entry(Set.of(G1), 1, 1000), false) ? 1 : 0;
        }
        assertEquals(3, accepted);
        assertTrue(d.bytes() <= cap);
        long sum = d.peers().stream().mapToLong(SignedPeerEntry::encodedSize).sum();
        assertEquals(sum, d.bytes(), "bytes() is the sum of what is held");
    }

    @Test
    void entriesNotRefreshedExpireAndAreDropped() {
        DiscoveryTest.ManualClock clock = new DiscoveryTest.ManualClock();
        Discovery d = discovery(clock, Discovery.Limits.defaults());
        for (int i = 0; i < 5; i++) {
            d.feed(entry(Set.of(G1), 1, 100), false);
        }
        assertEquals(5, d.size());
        clock.now = clock.now.plusSeconds(301);
        assertTrue(d.peers().isEmpty());
        assertEquals(0, d.size(), "expired entries leave memory, not only the answers");
        assertEquals(0, d.bytes());
    }

    @Test
    void aStrangerIsServedOurOwnEntryOnlyAndAMemberTheEntriesOfItsGroups() {
        Discovery d = discovery(new DiscoveryTest.ManualClock(), Discovery.Limits.defaults());
        d.setMember(G1, true);
        SignedPeerEntry inG1 = entry(Set.of(G1), 0, 0);
        SignedPeerEntry inG2 = entry(Set.of(G2), 0, 0);
        SignedPeerEntry inNone = entry(Set.of(), 0, 0);
        d.feed(inG1, true);
        d.feed(inG2, true);
        d.feed(inNone, true);
        assertEquals(List.of(d.me()), d.catalogFor(entry(Set.of(), 0, 0)), "no group claimed: our own entry only");
        assertEquals(List.of(d.me()), d.catalogFor(null), "unknown requester: our own entry only");
        SignedPeerEntry asker = entry(Set.of(G1), 0, 0);
        assertEquals(Set.of(d.me(), inG1), Set.copyOf(d.catalogFor(asker)));
        assertEquals(Set.of(d.me(), inG2), Set.copyOf(d.catalogFor(entry(Set.of(G2), 0, 0))));
        assertFalse(d.catalogFor(inG1).contains(inG1), "a requester is not sent its own entry back");
    }
}
