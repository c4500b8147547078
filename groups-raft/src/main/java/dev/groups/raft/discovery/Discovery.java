package dev.groups.raft.discovery;

import dev.groups.id.GroupId;
import dev.groups.id.NetworkId;
import dev.groups.id.NodeIdentity;
import dev.groups.id.PeerId;
import dev.groups.id.UniqueId;
import dev.groups.tickets.Ticket;
import dev.groups.transport.Endpoint;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * This node's signed peer entry and its catalog of other peers' entries (spec §1.11, §7.2).
 *
 * <p>The local entry changes through {@link #addTicket} and friends: each change bumps its version,
 * re-signs it, and tells the listeners, which push it to every bonded peer at once. The catalog
 * accepts an entry only if its signature verifies (decoding checks it), it belongs to this network,
 * and it is newer than what is known; entries not refreshed for {@code purgeAfter} have expired: they
 * are neither used nor served, and are dropped.
 *
 * <p><b>Bounded.</b> Anyone can sign entries, so the catalog is bounded by {@link Limits}: an entry
 * larger than {@code maxEntryBytes} or with more than {@code maxTicketsPerEntry} tickets is refused,
 * and the whole catalog holds at most {@code maxEntries} entries and {@code maxBytes} encoded bytes.
 * When it is full, an entry heard second-hand (relayed in someone's catalog) is refused, while an
 * entry heard first-hand (from the peer itself, over a channel that authenticated it) takes the place
 * of the longest unrefreshed second-hand one: forging first-hand entries costs a connection each,
 * relayed ones cost nothing. Thread-safe.
 */
public final class Discovery {
    /** Default time after which an entry not heard of again has expired (spec: 300 s). */
    public static final Duration DEFAULT_PURGE_AFTER = Duration.ofSeconds(300);

    /**
     * The catalog's bounds.
     *
     * @param maxEntries         the most entries held
     * @param maxBytes           the most encoded bytes held
     * @param maxEntryBytes      the largest encoded entry accepted
     * @param maxTicketsPerEntry the most tickets an accepted entry may carry
     */
    public record Limits(int maxEntries, long maxBytes, int maxEntryBytes, int maxTicketsPerEntry) {
        public Limits {
            if (maxEntries <= 0 || maxBytes <= 0 || maxEntryBytes <= 0 || maxTicketsPerEntry < 0) {
                throw new IllegalArgumentException("catalog limits must be positive: " + maxEntries + " entries, "
                        + maxBytes + " bytes, " + maxEntryBytes + " bytes per entry, " + maxTicketsPerEntry + " tickets");
            }
        }

        /** 4096 entries, 16 MiB, 128 KiB and 16 tickets per entry. */
        public static Limits defaults() {
            return new Limits(4096, 16L * 1024 * 1024, 128 * 1024, 16);
        }
    }

    private record Known(SignedPeerEntry entry, long receivedAt, boolean firstHand) {}

    private final NodeIdentity identity;
    private final NetworkId network;
    private final Clock clock;
    private final Duration purgeAfter;
    private final Limits limits;
    /** Guarded by {@code this}, with {@link #bytes}. */
    private final Map<PeerId, Known> catalog = new HashMap<>();
    private long bytes;
    private final List<Consumer<SignedPeerEntry>> catalogListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<SignedPeerEntry>> localListeners = new CopyOnWriteArrayList<>();
    private SignedPeerEntry me;

    public Discovery(NodeIdentity identity, NetworkId network, List<Endpoint> addresses, Clock clock, Duration purgeAfter) {
        this(identity, network, addresses, clock, purgeAfter, Limits.defaults());
    }

    public Discovery(NodeIdentity identity, NetworkId network, List<Endpoint> addresses, Clock clock, Duration purgeAfter,
                     Limits limits) {
        this.identity = identity;
        this.network = network;
        this.clock = clock;
        this.purgeAfter = purgeAfter;
        this.limits = limits;
        this.me = SignedPeerEntry.sign(new PeerEntry(identity.peerId(), network, clock.millis(), 0, addresses,
                new TreeSet<>(), new TreeSet<>()), identity);
    }

    public NetworkId network() {
        return network;
    }

    public PeerId localId() {
        return identity.peerId();
    }

    public Limits limits() {
        return limits;
    }

    /** This node's current signed entry. */
    public synchronized SignedPeerEntry me() {
        return me;
    }

    /** A peer's entry, unless unknown or expired. */
    public synchronized Optional<SignedPeerEntry> get(PeerId peer) {
        Known k = catalog.get(peer);
        return k == null || isExpired(k, clock.millis()) ? Optional.empty() : Optional.of(k.entry());
    }

    /** Every known, unexpired entry except this node's own (expired ones are dropped on the way). */
    public synchronized List<SignedPeerEntry> peers() {
        purgeExpired();
        List<SignedPeerEntry> out = new ArrayList<>(catalog.size());
        for (Known k : catalog.values()) {
            out.add(k.entry());
        }
        return out;
    }

    /**
     * What this node serves in a catalog exchange to {@code requester} (README, "Security"): its own
     * entry, and the entries of peers in a group the requester's own signed entry claims. A peer
     * that claims no group learns who we are and where (enough to bootstrap from us) and nothing
     * about anyone else; it never gets the list of every group id we know.
     */
    public synchronized List<SignedPeerEntry> catalogFor(SignedPeerEntry requester) {
        purgeExpired();
        List<SignedPeerEntry> out = new ArrayList<>();
        out.add(me);
        SortedSet<GroupId> wanted = requester == null ? Collections.emptySortedSet() : requester.entry().groups();
        if (wanted.isEmpty()) {
            return out;
        }
        for (Known k : catalog.values()) {
            if (requester != null && k.entry().peerId().equals(requester.peerId())) {
                continue;
            }
            for (GroupId g : k.entry().entry().groups()) {
                if (wanted.contains(g)) {
                    out.add(k.entry());
                    break;
                }
            }
        }
        return out;
    }

    /** True if the catalog holds exactly this entry (same bytes, same signature), verified when it came in. */
    public synchronized boolean holds(SignedPeerEntry entry) {
        Known k = catalog.get(entry.peerId());
        return k != null && k.entry().equals(entry);
    }

    /** How many entries the catalog holds (expired ones included until they are dropped). */
    public synchronized int size() {
        return catalog.size();
    }

    /** The encoded bytes of every entry the catalog holds. */
    public synchronized long bytes() {
        return bytes;
    }

    /** {@link #feed(SignedPeerEntry, boolean)} for an entry relayed by another peer (second-hand). */
    public boolean feed(SignedPeerEntry entry) {
        return feed(entry, false);
    }

    /**
     * Offers an entry. Accepted when it is of this network, not our own, within the per-entry limits,
     * newer than the known one (or merely refreshes a known one's freshness), and there is room (see
     * the class comment for who makes room when the catalog is full).
     *
     * @param firstHand true if the entry came from its own peer over a channel that authenticated it
     * @return true if the entry was new or newer
     */
    public boolean feed(SignedPeerEntry entry, boolean firstHand) {
        PeerEntry e = entry.entry();
        if (!e.network().equals(network) || e.peerId().equals(identity.peerId())
                || entry.encodedSize() > limits.maxEntryBytes() || e.tickets().size() > limits.maxTicketsPerEntry()) {
            return false;
        }
        synchronized (this) {
            long now = clock.millis();
            Known known = catalog.get(e.peerId());
            if (known != null && !e.isNewerThan(known.entry().entry())) {
                if (known.entry().equals(entry)) {
                    catalog.put(e.peerId(), new Known(known.entry(), now, known.firstHand() || firstHand));
                }
                return false;
            }
            long freed = known == null ? 0 : known.entry().encodedSize();
            int added = known == null ? 1 : 0;
            if (!makeRoom(added, entry.encodedSize() - freed, firstHand, e.peerId(), now)) {
                return false;
            }
            catalog.put(e.peerId(), new Known(entry, now, firstHand || (known != null && known.firstHand())));
            bytes += entry.encodedSize() - freed;
        }
        for (Consumer<SignedPeerEntry> l : catalogListeners) {
            l.accept(entry);
        }
        return true;
    }

    /** Caller holds the lock. Frees room for {@code moreEntries} and {@code moreBytes}, if allowed. */
    private boolean makeRoom(int moreEntries, long moreBytes, boolean firstHand, PeerId keep, long now) {
        if (fits(moreEntries, moreBytes)) {
            return true;
        }
        purgeExpired();
        while (!fits(moreEntries, moreBytes)) {
            if (!firstHand) {
                return false;
            }
            Known oldest = null;
            for (Known k : catalog.values()) {
                if (!k.firstHand() && !k.entry().peerId().equals(keep)
                        && (oldest == null || k.receivedAt() < oldest.receivedAt())) {
                    oldest = k;
                }
            }
            if (oldest == null) {
                return false; // full of first-hand entries: they stay until they expire
            }
            remove(oldest.entry().peerId());
        }
        return true;
    }

    private boolean fits(int moreEntries, long moreBytes) {
        return catalog.size() + moreEntries <= limits.maxEntries() && bytes + moreBytes <= limits.maxBytes();
    }

    private void purgeExpired() {
        long now = clock.millis();
        Iterator<Known> it = catalog.values().iterator();
        while (it.hasNext()) {
            Known k = it.next();
            if (isExpired(k, now)) {
                it.remove();
                bytes -= k.entry().encodedSize();
            }
        }
    }

    private void remove(PeerId peer) {
        Known k = catalog.remove(peer);
        if (k != null) {
            bytes -= k.entry().encodedSize();
        }
    }

    /** Forgets a peer (it said goodbye, or was proven gone). */
    public synchronized void forget(PeerId peer) {
        remove(peer);
    }

    /** Called with every new or newer peer entry (on the thread that fed it; must not block). */
    public void onCatalogChange(Consumer<SignedPeerEntry> listener) {
        catalogListeners.add(listener);
    }

    /** Called with this node's new entry after every change (must not block). */
    public void onLocalChange(Consumer<SignedPeerEntry> listener) {
        localListeners.add(listener);
    }

    /** Publishes a ticket (idempotent: the same ticket twice is one). */
    public void addTicket(Ticket ticket) {
        update(e -> e.bumped(e.addresses(), e.groups(), plus(e.tickets(), ticket)));
    }

    /** Withdraws the ticket whose {@link Ticket#id()} is {@code id}. */
    public void removeTicket(UniqueId id) {
        update(e -> e.bumped(e.addresses(), e.groups(), filter(e.tickets(), t -> !t.id().equals(id))));
    }

    /** Withdraws every ticket of a class. */
    public void removeTicketsOf(UniqueId ticketClass) {
        update(e -> e.bumped(e.addresses(), e.groups(), filter(e.tickets(), t -> !t.ticketClass().equals(ticketClass))));
    }

    /** Replaces every ticket of {@code ticket}'s class with it, in one version. */
    public void replaceTicket(Ticket ticket) {
        update(e -> e.bumped(e.addresses(), e.groups(),
                plus(filter(e.tickets(), t -> !t.ticketClass().equals(ticket.ticketClass())), ticket)));
    }

    /** Sets where this node can be reached (once the transport knows its bound port). */
    public void setAddresses(List<Endpoint> addresses) {
        update(e -> e.bumped(addresses, e.groups(), e.tickets()));
    }

    /** Records that this node is a member of {@code group} (the runtime calls it on join and leave). */
    public void setMember(GroupId group, boolean member) {
        update(e -> e.bumped(e.addresses(), member ? plus(e.groups(), group)
                : filter(e.groups(), g -> !g.equals(group)), e.tickets()));
    }

    private void update(UnaryOperator<PeerEntry> change) {
        SignedPeerEntry updated;
        synchronized (this) {
            PeerEntry old = me.entry();
            PeerEntry next = change.apply(old);
            if (next.addresses().equals(old.addresses()) && next.groups().equals(old.groups())
                    && next.tickets().equals(old.tickets())) {
                return; // nothing changed: no new version, nothing to announce
            }
            updated = SignedPeerEntry.sign(next, identity);
            me = updated;
        }
        for (Consumer<SignedPeerEntry> l : localListeners) {
            l.accept(updated);
        }
    }

    private boolean isExpired(Known k, long now) {
        return now - k.receivedAt() > purgeAfter.toMillis();
    }

    private static <T extends Comparable<T>> SortedSet<T> plus(SortedSet<T> set, T item) {
        TreeSet<T> s = new TreeSet<>(set);
        s.add(item);
        return s;
    }

    private static <T extends Comparable<T>> SortedSet<T> filter(SortedSet<T> set, java.util.function.Predicate<T> keep) {
        TreeSet<T> s = new TreeSet<>();
        for (T t : set) {
            if (keep.test(t)) {
                s.add(t);
            }
        }
        return s;
    }
}
