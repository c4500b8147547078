package dev.groups.raft;

import dev.groups.id.GroupId;
import dev.groups.id.GroupKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The groups of one {@link Network} (spec §1.2): {@code network.groups().withKey(key)...join()}.
 * Joining a group id twice returns another handle to the same group; the group is left when its last
 * handle closes. Thread-safe.
 */
public final class Groups {
    private final Network network;
    private final Map<GroupId, GroupRuntime<?, ?, ?>> active = new ConcurrentHashMap<>();

    Groups(Network network) {
        this.network = network;
    }

    /** Starts configuring a group that shares {@code key}. */
    public GroupBuilder withKey(GroupKey key) {
        return new GroupBuilder(this, key);
    }

    /** The ids of the groups this node is in. */
    public List<GroupId> ids() {
        return new ArrayList<>(active.keySet());
    }

    Network network() {
        return network;
    }

    GroupRuntime<?, ?, ?> active(GroupId id) {
        return active.get(id);
    }

    /** Returns the running group with this id, or starts {@code created}; synchronized so two joins agree. */
    synchronized GroupRuntime<?, ?, ?> joinOrStart(GroupId id, java.util.function.Supplier<GroupRuntime<?, ?, ?>> create) {
        GroupRuntime<?, ?, ?> g = active.get(id);
        if (g == null || g.isStopped() || g.isLeaving()) {
            g = create.get();
            active.put(id, g);
            g.start();
        }
        g.retain();
        return g;
    }

    synchronized void forget(GroupRuntime<?, ?, ?> group) {
        active.remove(group.id, group);
    }

    void forEach(Consumer<GroupRuntime<?, ?, ?>> action) {
        active.values().forEach(action);
    }

    synchronized List<CompletableFuture<Void>> leaveAll() {
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (GroupRuntime<?, ?, ?> g : List.copyOf(active.values())) {
            // Routed to until gone: a leader hands over before it leaves and must still hear its peers.
            all.add(g.leave().whenComplete((v, e) -> forget(g)));
        }
        return all;
    }
}
