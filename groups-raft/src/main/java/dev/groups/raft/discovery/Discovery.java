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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * This node's signed peer entry and its catalog of other peers' entries (spec §1.11, §7.2).
 *
 * <p>The local entry changes through {@link #addTicket} and friends: each change bumps its version,
 * re-signs it, and tells the listeners, which push it to every bonded peer at once. The catalog
 * accepts an entry only if its signature verifies (decoding checks it), it belongs to this network,
 * and it is newer than what is known; entries not refreshed for {@code purgeAfter} are stale and
 * ignored. Thread-safe.
 */
public final class Discovery {
    /** Default time after which an entry not heard of again is stale (spec: 300 s). */
    public static final Duration DEFAULT_PURGE_AFTER = Duration.ofSeconds(300);

    private record Known(SignedPeerEntry entry, long receivedAt) {}

    private final NodeIdentity identity;
    private final NetworkId network;
    private final Clock clock;
    private final Duration purgeAfter;
    private final Map<PeerId, Known> catalog = new ConcurrentHashMap<>();
    private final List<Consumer<SignedPeerEntry>> catalogListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<SignedPeerEntry>> localListeners = new CopyOnWriteArrayList<>();
    private SignedPeerEntry me;

    public Discovery(NodeIdentity identity, NetworkId network, List<Endpoint> addresses, Clock clock, Duration purgeAfter) {
        this.identity = identity;
        this.network = network;
        this.clock = clock;
        this.purgeAfter = purgeAfter;
        this.me = SignedPeerEntry.sign(new PeerEntry(identity.peerId(), network, clock.millis(), 0, addresses,
                new TreeSet<>(), new TreeSet<>()), identity);
    }

    public NetworkId network() {
        return network;
    }

    public PeerId localId() {
        return identity.peerId();
    }

    /** This node's current signed entry. */
    public synchronized SignedPeerEntry me() {
        return me;
    }

    /** A peer's entry, unless unknown or stale. */
    public Optional<SignedPeerEntry> get(PeerId peer) {
        Known k = catalog.get(peer);
        return k == null || isStale(k) ? Optional.empty() : Optional.of(k.entry());
    }

    /** Every known, fresh entry except this node's own. */
    public List<SignedPeerEntry> peers() {
        List<SignedPeerEntry> out = new ArrayList<>();
        for (Known k : catalog.values()) {
            if (!isStale(k)) {
                out.add(k.entry());
            }
        }
        return out;
    }

    /**
     * Offers an entry learned from a peer. Accepted when it is of this network, not our own, and
     * newer than the known one (or merely refreshes a known one's freshness).
     *
     * @return true if the entry was new or newer
     */
    public boolean feed(SignedPeerEntry entry) {
        PeerEntry e = entry.entry();
        if (!e.network().equals(network) || e.peerId().equals(identity.peerId())) {
            return false;
        }
        long now = clock.millis();
        boolean[] changed = {false};
        catalog.compute(e.peerId(), (id, known) -> {
            if (known == null || e.isNewerThan(known.entry().entry())) {
                changed[0] = true;
                return new Known(entry, now);
            }
            return known.entry().equals(entry) ? new Known(known.entry(), now) : known;
        });
        if (changed[0]) {
            for (Consumer<SignedPeerEntry> l : catalogListeners) {
                l.accept(entry);
            }
        }
        return changed[0];
    }

    /** Forgets a peer (it said goodbye, or was proven gone). */
    public void forget(PeerId peer) {
        catalog.remove(peer);
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

    private boolean isStale(Known k) {
        return clock.millis() - k.receivedAt() > purgeAfter.toMillis();
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
