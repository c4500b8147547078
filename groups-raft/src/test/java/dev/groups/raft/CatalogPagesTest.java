package dev.groups.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.groups.id.Digest;
import dev.groups.id.GroupId;
import dev.groups.id.NetworkId;
import dev.groups.id.NodeIdentity;
import dev.groups.id.UniqueId;
import dev.groups.machine.CodecException;
import dev.groups.raft.bond.BondFrame;
import dev.groups.raft.bond.BondFrameCodec;
import dev.groups.raft.discovery.Discovery;
import dev.groups.raft.discovery.PeerEntry;
import dev.groups.raft.discovery.SignedPeerEntry;
import dev.groups.tickets.Ticket;
import dev.groups.transport.Endpoint;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class CatalogPagesTest {
    private static final NetworkId NET = NetworkId.of("net");

    private static SignedPeerEntry entry(int ticketBytes) {
        NodeIdentity id = NodeIdentity.generate();
        TreeSet<Ticket> ts = new TreeSet<>();
        if (ticketBytes > 0) {
            ts.add(new Ticket(UniqueId.of("c"), new byte[ticketBytes]));
        }
        TreeSet<GroupId> gs = new TreeSet<>();
        gs.add(new GroupId(Digest.of("g")));
        return SignedPeerEntry.sign(new PeerEntry(id.peerId(), NET, 1, 1, List.of(new Endpoint("10.0.0.1", 7)), gs, ts), id);
    }

    @Test
    void everyPageStaysUnderItsByteBudgetAndOnlyTheLastIsFlagged() {
        List<SignedPeerEntry> entries = new ArrayList<>();
        for (int i = 0; i < 1200; i++) {
            entries.add(entry(i % 7 == 0 ? 3000 : 0));
        }
        int pageBytes = 32 * 1024;
        List<BondFrame.Catalog> pages = CatalogPages.pages(entries, pageBytes);
        assertTrue(pages.size() > 3);
        int total = 0;
        for (int i = 0; i < pages.size(); i++) {
            BondFrame.Catalog page = pages.get(i);
            assertEquals(i == pages.size() - 1, page.last());
            assertTrue(page.entries().size() <= BondFrameCodec.MAX_ENTRIES);
            byte[] frame = BondFrameCodec.encode(page);
            assertTrue(frame.length <= pageBytes + 16, "a page frame of " + frame.length + " bytes");
            assertEquals(page.entries(), ((BondFrame.Catalog) BondFrameCodec.decode(frame)).entries());
            total += page.entries().size();
        }
        assertEquals(entries.size(), total, "nothing lost between pages");
    }

    @Test
    void anEmptyCatalogIsOneLastPage() {
        List<BondFrame.Catalog> pages = CatalogPages.pages(List.of(), 1024);
        assertEquals(1, pages.size());
        assertTrue(pages.get(0).last());
    }

    @Test
    void aPageDecodedWithDeferredSignaturesStillRefusesAForgedEntry() {
        Discovery d = new Discovery(NodeIdentity.generate(), NET, List.of(), Clock.systemUTC(), Duration.ofSeconds(300));
        SignedPeerEntry honest = entry(0);
        byte[] forged = honest.encode();
        forged[forged.length - 1] ^= 1; // the last byte of the signature
        byte[] frame = BondFrameCodec.encode(new BondFrame.Catalog(List.of(honest), true));
        byte[] tampered = frame.clone();
        System.arraycopy(forged, 0, tampered, 3, forged.length); // tag, two count bytes, then the entry
        assertThrows(CodecException.class, () -> BondFrameCodec.decode(tampered), "the full decoder checks it");
        BondFrame.Catalog page = (BondFrame.Catalog) BondFrameCodec.decodeDeferringCatalogSignatures(tampered);
        assertFalse(new CatalogPages.Intake(d, honest.peerId()).take(page), "the intake checks what it does not hold");
        assertTrue(d.get(honest.peerId()).isEmpty());
        // The genuine entry, once held, is taken again without a new check (and refreshes it).
        CatalogPages.Intake again = new CatalogPages.Intake(d, honest.peerId());
        assertTrue(again.take((BondFrame.Catalog) BondFrameCodec.decodeDeferringCatalogSignatures(frame)));
        assertTrue(d.holds(honest));
        assertTrue(again.take((BondFrame.Catalog) BondFrameCodec.decodeDeferringCatalogSignatures(frame)));
    }

    @Test
    void anIntakeEndsAnExchangeThatCarriesMoreThanTheCatalogMayHold() {
        Discovery d = new Discovery(NodeIdentity.generate(), NET, List.of(), Clock.systemUTC(), Duration.ofSeconds(300),
                new Discovery.Limits(10, 1 << 20, 64 * 1024, 4));
        SignedPeerEntry sender = entry(0);
        CatalogPages.Intake intake = new CatalogPages.Intake(d, sender.peerId());
        List<SignedPeerEntry> page = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            page.add(entry(0));
        }
        assertTrue(intake.take(new BondFrame.Catalog(page, false)));
        assertFalse(intake.take(new BondFrame.Catalog(page, false)), "12 entries offered to a catalog of 10");
        assertEquals(6, intake.learned());
    }
}
