package dev.groups.raft;

import dev.groups.id.PeerId;
import dev.groups.machine.CodecException;
import dev.groups.raft.bond.BondFrame;
import dev.groups.raft.bond.BondFrameCodec;
import dev.groups.raft.discovery.Discovery;
import dev.groups.raft.discovery.SignedPeerEntry;
import java.util.ArrayList;
import java.util.List;

/**
 * Both halves of a paged catalog exchange: cutting what we serve into {@link BondFrame.Catalog}
 * pages, and taking in a peer's pages within the catalog's own bounds (a peer that sends more than
 * our whole catalog may hold in one exchange is misbehaving, not generous).
 */
final class CatalogPages {
    private CatalogPages() {}

    /** {@code entries} as pages of at most {@code pageBytes} (and {@link BondFrameCodec#MAX_ENTRIES}); never none. */
    static List<BondFrame.Catalog> pages(List<SignedPeerEntry> entries, int pageBytes) {
        List<BondFrame.Catalog> pages = new ArrayList<>();
        List<SignedPeerEntry> page = new ArrayList<>();
        long bytes = 0;
        for (SignedPeerEntry e : entries) {
            int size = e.encodedSize();
            if (!page.isEmpty() && (bytes + size > pageBytes || page.size() == BondFrameCodec.MAX_ENTRIES)) {
                pages.add(new BondFrame.Catalog(page, false));
                page = new ArrayList<>();
                bytes = 0;
            }
            // An entry larger than a page (only ever our own: others' are capped below a page) goes alone.
            page.add(e);
            bytes += size;
        }
        pages.add(new BondFrame.Catalog(page, true));
        return pages;
    }

    /** Takes in one peer's pages; not thread-safe (a channel delivers its frames in order, one at a time). */
    static final class Intake {
        private final Discovery discovery;
        private final PeerId from;
        private int entries;
        private long bytes;
        private int learned;

        Intake(Discovery discovery, PeerId from) {
            this.discovery = discovery;
            this.from = from;
        }

        /**
         * Feeds a page's entries (the sender's own first-hand, the rest as relayed). The page may come
         * from {@link BondFrameCodec#decodeDeferringCatalogSignatures}: an entry we already hold byte
         * for byte was verified when it came in; any other is verified here before it is used.
         *
         * @return false if the exchange has now carried more than the catalog may hold, or a forged
         *     entry: end it
         */
        boolean take(BondFrame.Catalog page) {
            Discovery.Limits limits = discovery.limits();
            for (SignedPeerEntry e : page.entries()) {
                entries++;
                bytes += e.encodedSize();
                if (entries > limits.maxEntries() + 1 || bytes > limits.maxBytes() + limits.maxEntryBytes()) {
                    return false;
                }
                if (!discovery.holds(e)) {
                    try {
                        e.verified();
                    } catch (CodecException forged) {
                        return false;
                    }
                }
                learned += discovery.feed(e, e.peerId().equals(from)) ? 1 : 0;
            }
            return true;
        }

        /** Entries that were new or newer here. */
        int learned() {
            return learned;
        }
    }
}
