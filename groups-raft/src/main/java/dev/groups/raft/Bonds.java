package dev.groups.raft;

import dev.groups.id.PeerId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The live set of this node's direct bonds in one group, ordered by peer id (spec §1.8). Reads are
 * snapshots; {@link #changed()} completes on the next insertion or removal. Thread-safe.
 */
public final class Bonds {
    private final ConcurrentSkipListMap<PeerId, Bond> bonds = new ConcurrentSkipListMap<>();
    private final Watch<Long> version = new Watch<>(0L);

    public int size() {
        return bonds.size();
    }

    public boolean isEmpty() {
        return bonds.isEmpty();
    }

    public boolean contains(PeerId peer) {
        return bonds.containsKey(peer);
    }

    public Optional<Bond> get(PeerId peer) {
        return Optional.ofNullable(bonds.get(peer));
    }

    /** A snapshot, ordered by peer id. */
    public List<Bond> list() {
        return new ArrayList<>(bonds.values());
    }

    /** A snapshot of the bonded peers, ordered. */
    public List<PeerId> peers() {
        return new ArrayList<>(bonds.keySet());
    }

    /** Completes on the next change of the set (a bond added or removed after this call). */
    public CompletableFuture<Bonds> changed() {
        return version.next((from, to) -> !from.equals(to)).thenApply(v -> this);
    }

    void put(Bond bond) {
        bonds.put(bond.peer(), bond);
        bump();
    }

    void remove(PeerId peer, Bond bond) {
        if (bonds.remove(peer, bond)) {
            bump();
        }
    }

    /** Only the group's thread changes the set, so a plain read-modify-write is safe. */
    private void bump() {
        version.set(version.get() + 1);
    }

    void close() {
        version.close();
    }

    @Override
    public String toString() {
        return "Bonds" + peers().stream().map(PeerId::shortHex).toList();
    }
}
