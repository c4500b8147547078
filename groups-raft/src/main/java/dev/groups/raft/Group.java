package dev.groups.raft;

import dev.groups.consensus.ConsensusConfig;
import dev.groups.consensus.Role;
import dev.groups.id.GroupId;
import dev.groups.id.PeerId;
import dev.groups.log.Cursor;
import dev.groups.log.Index;
import dev.groups.log.IndexRange;
import dev.groups.log.Term;
import dev.groups.machine.Consistency;
import dev.groups.machine.QueryResultAt;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A handle to a group this node is in (spec §1.7). Everything that waits returns a
 * {@link CompletableFuture}, failed with a {@link GroupException} when it cannot succeed. Calls on one
 * handle are processed in the order they are made. Futures complete on the group's thread: chain heavy
 * work with the {@code *Async} stages.
 *
 * <p>Closing a handle does not leave the group while another handle to it is open (joining the same
 * group id twice gives two handles to one group); closing the last one leaves: peers receive a
 * departure and the bonds close.
 *
 * @param <C> command type
 * @param <Q> query type
 * @param <R> query result type
 */
public final class Group<C, Q, R> implements AutoCloseable {
    private final GroupRuntime<C, Q, R> runtime;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Membership membership;

    Group(GroupRuntime<C, Q, R> runtime) {
        this.runtime = runtime;
        this.membership = new Membership(this, runtime);
    }

    /** True while the group hibernates on this node (see {@code GroupRuntime#maybeQuiesce}); for tests. */
    boolean isQuiescent() {
        return runtime.isQuiescent();
    }

    public GroupId id() {
        return runtime.id;
    }

    public ConsensusConfig config() {
        return runtime.config;
    }

    public boolean isLeader() {
        return leader().map(runtime.localId()::equals).orElse(false);
    }

    /** The leader this node knows of; empty during elections (never a stale one, unlike mosaik). */
    public Optional<PeerId> leader() {
        return runtime.leader();
    }

    /** This node's role in the group, as of the group's latest step (for status displays). */
    public Role role() {
        return runtime.role();
    }

    /** This node's current term in the group (persisted with its vote), as of the group's latest step. */
    public Term term() {
        return runtime.term();
    }

    /** True while the group is online here: leading, or following a leader whose log matched ours. */
    public boolean isOnline() {
        return runtime.isOnline();
    }

    /** The committed (applied) index on this node. */
    public Index committed() {
        return runtime.committed();
    }

    /** The last position of the local log (current on every role). */
    public Cursor logPosition() {
        return runtime.logPosition();
    }

    /**
     * The bytes this node's log takes in its store (on disk for a durable store) as of its latest
     * flush, or -1 when the store does not say ({@code Storage.sizeInBytes()}).
     */
    public long logSizeBytes() {
        return runtime.monitor.logBytes();
    }

    /**
     * On the leader: each bonded follower's replication progress (match index, and how far it is behind
     * this node's log), ordered by peer; an empty list on other roles and once the group stopped. Asked
     * of the group's thread, for status displays.
     */
    public CompletableFuture<List<FollowerProgress>> followers() {
        return runtime.followers();
    }

    public Bonds bonds() {
        return runtime.bondsView;
    }

    public When when() {
        return runtime.when;
    }

    /** Appends one command; completes with its index once the leader assigned it (not yet committed). */
    public CompletableFuture<Index> feed(C command) {
        return feedMany(List.of(command)).thenApply(IndexRange::start);
    }

    /** Appends commands in order; completes with their range once assigned. Fails {@code NoCommands} when empty. */
    public CompletableFuture<IndexRange> feedMany(List<C> commands) {
        return checked(() -> runtime.propose(commands, false));
    }

    /** Appends one command and completes with its index once that very entry is committed and applied here. */
    public CompletableFuture<Index> execute(C command) {
        return executeMany(List.of(command)).thenApply(IndexRange::start);
    }

    /**
     * Appends commands and completes once these entries (not merely their indices) are committed and
     * applied on this node; fails {@code Superseded} if another leader replaced them.
     */
    public CompletableFuture<IndexRange> executeMany(List<C> commands) {
        return checked(() -> runtime.propose(commands, true));
    }

    /**
     * Answers a query: {@link Consistency#WEAK} from this node's state, {@link Consistency#STRONG}
     * linearizably through the leader (read index). The result carries the position it was read at.
     */
    public CompletableFuture<QueryResultAt<R>> query(Q query, Consistency consistency) {
        return checked(() -> runtime.query(query, consistency));
    }

    /**
     * Hands leadership to the most up-to-date member that may lead (Raft dissertation §3.10): this member
     * must lead; it stops taking new commands (they wait for the next leader), brings that member's log up
     * to its own, tells it to stand at once, and steps down. Completes with the new leader, or fails with
     * {@link GroupException.Offline} when this member does not lead or no member can take over, and with
     * {@link GroupException.OutcomeUnknown} when no other member leads within an election timeout.
     */
    public CompletableFuture<PeerId> transferLeadership() {
        return checked(() -> runtime.transferLeadership(null));
    }

    /** {@link #transferLeadership()} to {@code target}, a bonded member that may lead. */
    public CompletableFuture<PeerId> transferLeadership(PeerId target) {
        java.util.Objects.requireNonNull(target, "target");
        return checked(() -> runtime.transferLeadership(target));
    }

    /** The group's voters in strict mode, and changing them at run time (see {@link Membership}). */
    public Membership membership() {
        return membership;
    }

    <T> CompletableFuture<T> checked(java.util.function.Supplier<CompletableFuture<T>> call) {
        if (closed.get()) {
            return CompletableFuture.failedFuture(new GroupException.GroupTerminated("this handle is closed"));
        }
        if (runtime.isStopped()) {
            return CompletableFuture.failedFuture(runtime.terminated()); // left, or stopped by a failure
        }
        return call.get();
    }

    /** Closes this handle; the group is left when the last handle closes. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            runtime.release();
        }
    }

    /** Same as {@link #close()}. */
    public void leave() {
        close();
    }

    @Override
    public String toString() {
        return "Group(" + runtime.id.shortHex() + ")";
    }
}
