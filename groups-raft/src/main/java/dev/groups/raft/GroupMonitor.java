package dev.groups.raft;

import dev.groups.id.GroupId;
import dev.groups.id.PeerId;
import dev.groups.log.Cursor;
import dev.groups.log.Index;
import dev.groups.log.Term;
import dev.groups.metrics.GroupGauges;
import dev.groups.metrics.GroupListener;
import dev.groups.metrics.GroupObserver;
import dev.groups.raft.core.RaftNode;
import dev.groups.consensus.Role;
import dev.groups.storage.Storage;
import dev.groups.transport.CloseReason;
import java.lang.System.Logger.Level;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * What one group's runtime tells the world about itself: the INFO lines of its story (leaders, terms,
 * elections, bonds, state sync), the events of its {@link GroupListener}, and the live values of its
 * {@link GroupGauges}. The runtime calls it at the end of each step with what the step published; it
 * compares with the previous step, so the consensus core needs no hooks of its own.
 *
 * <p>Group thread only, except the {@link GroupGauges} getters (volatile reads, any thread). Without an
 * observer the listener is {@link GroupListener#NONE} and nothing is allocated for it; latencies are
 * only tracked when observed.
 */
final class GroupMonitor implements GroupGauges {
    private static final System.Logger LOG = System.getLogger(GroupMonitor.class.getName());

    private final GroupId groupId;
    private final PeerId localId;
    private final String name;
    private final Bonds bonds;
    private final GroupListener listener;
    private final boolean observed;

    // What the previous step published (group thread only).
    private Role role = Role.FOLLOWER;
    private long lastTerm;
    private PeerId lastLeader;
    private long lastApplied = -1;
    private boolean catchingUp;
    private long syncStartedAt;

    // For the gauges: written on the group thread, read anywhere.
    private volatile Term term = Term.ZERO;
    private volatile PeerId leader;
    private volatile long commitIndex;
    private volatile long appliedIndex;
    private volatile long logEntries;
    private volatile long logBytes = -1;
    private volatile boolean syncing;
    private volatile long syncRemaining;

    /** Proposals waiting for their commit: the last assigned index and the propose time, in order of assignment. */
    private long[] pendingEnd = new long[16];
    private long[] pendingStart = new long[16];
    private int pendingHead;
    private int pendingSize;

    GroupMonitor(GroupId groupId, PeerId localId, Bonds bonds, GroupObserver observer) {
        this.groupId = groupId;
        this.localId = localId;
        this.name = "group " + groupId.shortHex();
        this.bonds = bonds;
        GroupListener l = GroupListener.NONE;
        if (observer != null && observer != GroupObserver.NONE) {
            try {
                l = observer.groupStarted(this);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, name + ": the group observer failed; the group runs unobserved", e);
            }
        }
        this.observed = l != null && l != GroupListener.NONE;
        this.listener = observed ? new SafeListener(l, name) : GroupListener.NONE;
    }

    /** The listener to call on the group's thread (never null; {@link GroupListener#NONE} when unobserved). */
    GroupListener listener() {
        return listener;
    }

    boolean observed() {
        return observed;
    }

    // ------------------------------------------------------------------------------------------- steps

    /** The log was flushed in {@code nanos}; publishes its size (cheap: both are counters the store keeps). */
    void flushed(long nanos, Storage<?> storage, Cursor last) {
        listener.flushed(nanos);
        logChanged(storage, last);
    }

    /** Publishes the log's size and entry count (at start, and after each flush). */
    void logChanged(Storage<?> storage, Cursor last) {
        logBytes = storage.sizeInBytes();
        logEntries = last.index().value() - storage.available().start().value();
    }

    /** A step ended: log what changed, tell the listener, publish the gauges. */
    void afterStep(Role newRole, Term newTerm, Optional<PeerId> newLeader, Index applied, RaftNode<?, ?, ?> raft) {
        long t = newTerm.value();
        PeerId l = newLeader.orElse(null);
        boolean termChanged = t != lastTerm;
        boolean leaderChanged = !java.util.Objects.equals(l, lastLeader);
        if (termChanged) {
            term = newTerm;
            pendingSize = 0; // proposals of an older term: their entries may have been replaced
            listener.termChanged(newTerm);
        }
        if (newRole == Role.CANDIDATE && (termChanged || role != Role.CANDIDATE)) {
            LOG.log(Level.INFO, "{0}: standing for election in term {1}", name, t);
            listener.electionStarted(newTerm);
        }
        if (leaderChanged) {
            leader = l;
            if (l != null) {
                LOG.log(Level.INFO, "{0}: leader {1} in term {2}", name,
                        l.equals(localId) ? "is this node" : l.shortHex(), t);
            } else if (newRole != Role.CANDIDATE) {
                LOG.log(Level.INFO, "{0}: leader {1} lost (term {2})", name, lastLeader.shortHex(), t);
            } else {
                LOG.log(Level.DEBUG, "{0}: leader {1} lost", name, lastLeader.shortHex());
            }
            listener.leaderChanged(newLeader, newTerm);
        } else if (termChanged && newRole == Role.FOLLOWER) {
            LOG.log(Level.INFO, "{0}: term {1}, no leader yet", name, t);
        }
        role = newRole;
        lastTerm = t;
        lastLeader = l;

        long a = applied.value();
        if (lastApplied >= 0 && a > lastApplied) {
            listener.committed(a - lastApplied);
        } else if (lastApplied >= 0 && a < lastApplied) {
            LOG.log(Level.INFO, "{0}: committed index went back from {1} to {2} (superseded entries, state rebuilt)",
                    name, lastApplied, a);
        }
        lastApplied = a;
        appliedIndex = a;

        boolean nowCatchingUp = raft.isCatchingUp();
        if (nowCatchingUp && !catchingUp) {
            syncStartedAt = System.nanoTime();
            Cursor target = raft.syncTarget().orElse(Cursor.ZERO);
            LOG.log(Level.INFO, "{0}: catching up through state sync, from {1} towards {2}", name,
                    raft.logPosition().index().value(), target.index().value());
            listener.syncStarted(target);
        } else if (!nowCatchingUp && catchingUp) {
            Cursor reached = raft.logPosition();
            long nanos = System.nanoTime() - syncStartedAt;
            LOG.log(Level.INFO, "{0}: state sync ended at {1} after {2} ms", name, reached.index().value(), nanos / 1_000_000);
            listener.syncFinished(reached, nanos);
            syncRemaining = 0;
        }
        catchingUp = nowCatchingUp;
        syncing = nowCatchingUp;

        if (observed) {
            long commit = raft.commitIndex().value();
            commitIndex = commit;
            if (nowCatchingUp) {
                long target = raft.syncTarget().map(c -> c.index().value()).orElse(0L);
                syncRemaining = Math.max(0, target - raft.logPosition().index().value());
            }
            long now = System.nanoTime();
            while (pendingSize > 0 && pendingEnd[pendingHead] <= commit) {
                listener.proposeToCommit(now - pendingStart[pendingHead]);
                pendingHead = (pendingHead + 1) % pendingEnd.length;
                pendingSize--;
            }
        } else {
            commitIndex = a;
        }
    }

    /** A local proposal was assigned entries up to {@code lastIndex}; it was proposed at {@code startNanos}. */
    void assigned(long lastIndex, long startNanos) {
        if (!observed) {
            return;
        }
        if (pendingSize == pendingEnd.length) {
            grow();
        }
        int at = (pendingHead + pendingSize) % pendingEnd.length;
        pendingEnd[at] = lastIndex;
        pendingStart[at] = startNanos;
        pendingSize++;
    }

    /** A local {@code execute} completed (its entries were applied here). */
    void applied(long startNanos) {
        if (observed) {
            listener.proposeToApply(System.nanoTime() - startNanos);
        }
    }

    private void grow() {
        int n = pendingEnd.length;
        long[] ends = new long[n * 2];
        long[] starts = new long[n * 2];
        for (int i = 0; i < pendingSize; i++) {
            ends[i] = pendingEnd[(pendingHead + i) % n];
            starts[i] = pendingStart[(pendingHead + i) % n];
        }
        pendingEnd = ends;
        pendingStart = starts;
        pendingHead = 0;
    }

    void bondOpened(PeerId peer, int count) {
        LOG.log(Level.INFO, "{0}: bond with {1} up ({2} open)", name, peer.shortHex(), count);
        listener.bondOpened(peer);
    }

    void bondClosed(PeerId peer, CloseReason reason, int count) {
        LOG.log(Level.INFO, "{0}: bond with {1} down: {2} ({3} open)", name, peer.shortHex(), reason, count);
        listener.bondClosed(peer, reason);
    }

    void stopped() {
        pendingSize = 0;
        listener.stopped();
    }

    // ------------------------------------------------------------------------------------------- gauges

    @Override
    public GroupId groupId() {
        return groupId;
    }

    @Override
    public PeerId localId() {
        return localId;
    }

    @Override
    public Term term() {
        return term;
    }

    @Override
    public Optional<PeerId> leader() {
        return Optional.ofNullable(leader);
    }

    @Override
    public long commitIndex() {
        return commitIndex;
    }

    @Override
    public long appliedIndex() {
        return appliedIndex;
    }

    @Override
    public long logEntries() {
        return logEntries;
    }

    @Override
    public long logBytes() {
        return logBytes;
    }

    @Override
    public Set<PeerId> bondedPeers() {
        return new LinkedHashSet<>(bonds.peers());
    }

    @Override
    public long millisSinceLastFrame(PeerId peer) {
        return bonds.get(peer).map(b -> b.sinceLastFrame().toMillis()).orElse(-1L);
    }

    @Override
    public boolean isCatchingUp() {
        return syncing;
    }

    @Override
    public long syncRemaining() {
        return syncRemaining;
    }

    /** Keeps a failing listener from stopping the group (an exception on the group thread would). */
    private static final class SafeListener implements GroupListener {
        private final GroupListener l;
        private final String name;
        private boolean warned;

        SafeListener(GroupListener l, String name) {
            this.l = l;
            this.name = name;
        }

        private void failed(RuntimeException e) {
            if (!warned) {
                warned = true;
                LOG.log(Level.WARNING, name + ": the group listener failed; its events are dropped when it does", e);
            }
        }

        @Override
        public void committed(long entries) {
            try {
                l.committed(entries);
            } catch (RuntimeException e) {
                failed(e);
            }
        }

        @Override
        public void proposeToCommit(long nanos) {
            try {
                l.proposeToCommit(nanos);
            } catch (RuntimeException e) {
                failed(e);
            }
        }

        @Override
        public void proposeToApply(long nanos) {
            try {
                l.proposeToApply(nanos);
            } catch (RuntimeException e) {
                failed(e);
            }
        }

        @Override
        public void flushed(long nanos) {
            try {
                l.flushed(nanos);
            } catch (RuntimeException e) {
                failed(e);
            }
        }

        @Override
        public void electionStarted(Term term) {
            try {
                l.electionStarted(term);
            } catch (RuntimeException e) {
                failed(e);
            }
        }

        @Override
        public void termChanged(Term term) {
            try {
                l.termChanged(term);
            } catch (RuntimeException e) {
                failed(e);
            }
        }

        @Override
        public void leaderChanged(Optional<PeerId> leader, Term term) {
            try {
                l.leaderChanged(leader, term);
            } catch (RuntimeException e) {
                failed(e);
            }
        }

        @Override
        public void bondOpened(PeerId peer) {
            try {
                l.bondOpened(peer);
            } catch (RuntimeException e) {
                failed(e);
            }
        }

        @Override
        public void bondClosed(PeerId peer, CloseReason reason) {
            try {
                l.bondClosed(peer, reason);
            } catch (RuntimeException e) {
                failed(e);
            }
        }

        @Override
        public void syncStarted(Cursor target) {
            try {
                l.syncStarted(target);
            } catch (RuntimeException e) {
                failed(e);
            }
        }

        @Override
        public void syncFinished(Cursor reached, long nanos) {
            try {
                l.syncFinished(reached, nanos);
            } catch (RuntimeException e) {
                failed(e);
            }
        }

        @Override
        public void snapshotTaken(Index upTo, long bytes, long nanos) {
            try {
                l.snapshotTaken(upTo, bytes, nanos);
            } catch (RuntimeException e) {
                failed(e);
            }
        }

        @Override
        public void snapshotInstalled(Index upTo, long bytes, long nanos) {
            try {
                l.snapshotInstalled(upTo, bytes, nanos);
            } catch (RuntimeException e) {
                failed(e);
            }
        }

        @Override
        public void stopped() {
            try {
                l.stopped();
            } catch (RuntimeException e) {
                failed(e);
            }
        }
    }
}
