package dev.groups.testkit.sim;

import dev.groups.raft.core.Outgoing;
import dev.groups.raft.core.RaftMessage;
import dev.groups.raft.core.Vote;
import dev.groups.testkit.kv.KvCommand;
import dev.groups.testkit.kv.KvQuery;
import dev.groups.testkit.kv.KvResult;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;

/**
 * The disk schedules, {@link SimSchedule#WIPED_DISK}, {@link SimSchedule#WIPED_DISK_NEW_ID} and
 * {@link SimSchedule#TORN_TAIL}, on top of the random faults a {@link Simulation} injects. Kept apart from
 * it: they act on disks, not on the network.
 */
final class DiskFaults {
    /**
     * What a wipe waits for: a host at once, the next member to send a granted vote or an acknowledgement,
     * or (strict mode) an acknowledgement that completes a bare majority.
     */
    private enum Trigger { NOW, VOTE, ACK, QUORUM_ACK }

    private static final Trigger[] DYNAMIC_TRIGGERS = {Trigger.NOW, Trigger.VOTE, Trigger.ACK};

    private final SimOptions options;
    private final SimCluster cluster;
    private final SplittableRandom random;
    /** Simulation's crash: the host dies and its clients' requests in flight end as unknown. */
    private final IntConsumer crashHost;
    private final BooleanSupplier faultsActive;
    /** A wipe waiting for a message (null when none waits). */
    private Trigger armed;
    /** Counts armings, so a stale timeout does not disarm a later one. */
    private long armings;
    private int wipes;

    DiskFaults(SimOptions options, SimCluster cluster, IntConsumer crashHost, BooleanSupplier faultsActive) {
        this.options = options;
        this.cluster = cluster;
        this.random = cluster.random;
        this.crashHost = crashHost;
        this.faultsActive = faultsActive;
        if (options.schedule() == SimSchedule.TORN_TAIL) {
            cluster.withTornTails();
        }
    }

    /** Starts the schedule's own faults (nothing for the other schedules). */
    void start() {
        switch (options.schedule()) {
            // Strict mode: one wipe, anywhere in the fault period; dynamic: the first of many.
            case WIPED_DISK, WIPED_DISK_NEW_ID -> cluster.schedule(options.strict() ? 2_000 + random.nextLong(40_000)
                    : 1_000 + random.nextLong(3_000), this::nextWipe);
            case TORN_TAIL -> cluster.schedule(1_000 + random.nextLong(1_000), this::crashTearing);
            default -> { }
        }
    }

    /** For the run's summary: what the schedule did. */
    String summary() {
        return switch (options.schedule()) {
            case WIPED_DISK, WIPED_DISK_NEW_ID -> ", " + wipes + " wiped";
            case TORN_TAIL -> ", " + cluster.tornRecordsDropped() + " torn records dropped";
            default -> "";
        };
    }

    // ------------------------------------------------------------------------------------------------ wiped disk

    /**
     * Arms the next wipe. Dynamic mode: a host at once, or the next member to send a granted vote or an
     * acknowledgement. Strict mode (once per run): the next follower whose acknowledgement completes a
     * bare majority for an entry the leader has not committed yet, so that the entry's only other copies
     * are on the leader and on voters whose acknowledgements are in flight.
     */
    private void nextWipe() {
        if (!faultsActive.getAsBoolean()) {
            return;
        }
        Trigger t = options.strict() ? Trigger.QUORUM_ACK : DYNAMIC_TRIGGERS[random.nextInt(DYNAMIC_TRIGGERS.length)];
        if (t == Trigger.NOW) {
            List<Integer> up = new ArrayList<>();
            for (int h = 0; h < cluster.hosts(); h++) {
                if (cluster.member(h, 0).alive) {
                    up.add(h);
                }
            }
            if (up.isEmpty()) {
                cluster.schedule(cluster.now() + 500, this::nextWipe);
                return;
            }
            wipe(up.get(random.nextInt(up.size())));
            return;
        }
        armed = t;
        long arming = ++armings;
        cluster.schedule(cluster.now() + 5_000, () -> {
            if (armed != null && armings == arming) {
                armed = null; // nobody voted or acknowledged so in 5 s: try again
                nextWipe();
            }
        });
    }

    /** Wiped-disk: the first message of the armed kind triggers the wipe of its sender's host. */
    void onSend(SimNode n, Outgoing<KvCommand, KvQuery, KvResult> out) {
        if (armed == null || !faultsActive.getAsBoolean()) {
            return;
        }
        var m = out.message();
        SimNode leader = null;
        long index = 0;
        boolean hit;
        if (armed == Trigger.VOTE) {
            hit = m instanceof RaftMessage.RequestVoteResponse<KvCommand, KvQuery, KvResult> v && v.vote() != Vote.DENIED;
        } else if (m instanceof RaftMessage.AppendEntriesResponse<KvCommand, KvQuery, KvResult> a && a.vote() == Vote.GRANTED
                && !a.index().isZero()) {
            leader = leaderOf(n);
            index = a.index().value();
            hit = armed == Trigger.ACK || completesBareMajority(n, leader, index);
        } else {
            hit = false;
        }
        if (hit) {
            boolean quorum = armed == Trigger.QUORUM_ACK;
            SimNode cut = leader;
            armed = null;
            int host = n.host;
            int incarnation = n.incarnation;
            Runnable strike = () -> {
                if (faultsActive.getAsBoolean() && n.alive && n.incarnation == incarnation) {
                    wipe(host);
                    if (quorum) {
                        cutOff(cut.host);
                    }
                } else {
                    nextWipe();
                }
            };
            if (quorum) {
                // Once the leader counted this acknowledgement (it committed the entry), the follower
                // forgets it and the leader, the one other copy, is cut off.
                whenCommitted(leader, leader.incarnation, index, cluster.now() + 200, strike);
            } else {
                cluster.schedule(cluster.now(), strike); // after the message left: it is on the wire and counts
            }
        }
    }

    private SimNode leaderOf(SimNode follower) {
        for (SimNode m : cluster.members(follower.group)) {
            if (m.alive && m.raft.role() == dev.groups.consensus.Role.LEADER
                    && follower.raft.leader().map(m.id::equals).orElse(false)) {
                return m;
            }
        }
        return null;
    }

    /**
     * True when {@code follower}'s acknowledgement of {@code index} makes a bare majority of logs (the
     * leader's, this follower's and no more than needed) hold an entry of the leader's term that the
     * leader has not committed yet: once this follower forgets it, the entry's only copies are too few.
     */
    private boolean completesBareMajority(SimNode follower, SimNode leader, long index) {
        dev.groups.log.Index at = dev.groups.log.Index.of(index);
        if (leader == null || leader.raft.commitIndex().value() >= index
                || !leader.disk.termAt(at).map(leader.raft.term()::equals).orElse(false)) {
            return false;
        }
        int holders = 0;
        for (SimNode m : cluster.members(follower.group)) {
            var log = m.alive ? m.disk : m.disk.durableView();
            if (log.termAt(at).map(leader.raft.term()::equals).orElse(false)) {
                holders++;
            }
        }
        return holders == cluster.hosts() / 2 + 1;
    }

    /** Crashes {@code host} and empties its disks; it restarts at once (always in strict mode) or seconds later. */
    private void wipe(int host) {
        crashHost.accept(host);
        cluster.wipe(host, options.schedule() == SimSchedule.WIPED_DISK_NEW_ID);
        wipes++;
        long down = options.strict() || random.nextBoolean() ? 1 + random.nextLong(3) : 200 + random.nextLong(5_000);
        cluster.schedule(cluster.now() + down, () -> {
            if (faultsActive.getAsBoolean()) {
                cluster.restart(host); // else the end of the faults restarts it
            }
        });
        if (!options.strict()) {
            cluster.schedule(cluster.now() + down + 2_000 + random.nextLong(6_000), this::nextWipe);
        }
    }

    /** Runs {@code action} once {@code leader} committed {@code index}, or at {@code deadline}. */
    private void whenCommitted(SimNode leader, int incarnation, long index, long deadline, Runnable action) {
        if (!faultsActive.getAsBoolean()) {
            return;
        }
        if (leader.alive && leader.incarnation == incarnation && leader.raft.commitIndex().value() < index
                && cluster.now() < deadline) {
            cluster.schedule(cluster.now() + 1, () -> whenCommitted(leader, incarnation, index, deadline, action));
            return;
        }
        action.run();
    }

    /** Cuts {@code host} off from every other host for 1 to 8 s. */
    private void cutOff(int host) {
        cluster.isolate(host);
        cluster.schedule(cluster.now() + 1_000 + random.nextLong(7_000), () -> {
            if (faultsActive.getAsBoolean()) {
                cluster.heal();
            }
        });
    }

    // ------------------------------------------------------------------------------------------------ torn tail

    /** Now and then, a host whose disks hold unflushed changes dies (several changes, when some disk has them). */
    private void crashTearing() {
        if (!faultsActive.getAsBoolean()) {
            return;
        }
        List<Integer> dirty = new ArrayList<>();
        List<Integer> several = new ArrayList<>();
        for (int h = 0; h < cluster.hosts(); h++) {
            int most = 0;
            for (int g = 0; g < cluster.groups(); g++) {
                SimNode n = cluster.member(h, g);
                if (n.alive) {
                    most = Math.max(most, n.disk.unflushedChanges());
                }
            }
            if (most > 0) {
                dirty.add(h);
            }
            if (most > 1) {
                several.add(h);
            }
        }
        List<Integer> pick = several.isEmpty() ? dirty : several;
        if (pick.isEmpty() || (several.isEmpty() && random.nextInt(4) != 0)) {
            cluster.schedule(cluster.now() + 1, this::crashTearing); // soon: appends are flushed within a few ms
            return;
        }
        int host = pick.get(random.nextInt(pick.size()));
        crashHost.accept(host);
        cluster.schedule(cluster.now() + 200 + random.nextLong(3_000), () -> {
            if (faultsActive.getAsBoolean()) {
                cluster.restart(host);
            }
        });
        cluster.schedule(cluster.now() + 300 + random.nextLong(1_500), this::crashTearing);
    }
}
