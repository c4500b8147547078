package dev.groups.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.groups.consensus.ConsensusConfig;
import dev.groups.id.GroupKey;
import dev.groups.id.PeerId;
import dev.groups.log.Cursor;
import dev.groups.log.Index;
import dev.groups.log.Term;
import dev.groups.machine.Consistency;
import dev.groups.machine.Unit;
import dev.groups.metrics.GroupGauges;
import dev.groups.metrics.GroupListener;
import dev.groups.metrics.GroupObserver;
import dev.groups.transport.CloseReason;
import dev.groups.transport.Endpoint;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** A network's {@link GroupObserver} hears what its groups do, and a failing one never stops a group. */
class GroupObserverTest {
    private static final ConsensusConfig FAST = ConsensusConfig.builder()
            .heartbeatInterval(Duration.ofMillis(100)).heartbeatJitter(Duration.ofMillis(30))
            .electionTimeout(Duration.ofMillis(600)).electionTimeoutJitter(Duration.ofMillis(200))
            .bootstrapDelay(Duration.ofMillis(200)).build();

    /** Counts what it hears; called on the group's thread, read by the test. */
    private static final class Recorder implements GroupListener {
        final AtomicLong committed = new AtomicLong();
        final AtomicLong toCommit = new AtomicLong();
        final AtomicLong toApply = new AtomicLong();
        final AtomicLong flushes = new AtomicLong();
        final ConcurrentLinkedQueue<String> events = new ConcurrentLinkedQueue<>();
        final AtomicReference<GroupGauges> gauges = new AtomicReference<>();

        @Override
        public void committed(long entries) {
            committed.addAndGet(entries);
        }

        @Override
        public void proposeToCommit(long nanos) {
            assertTrue(nanos >= 0);
            toCommit.incrementAndGet();
        }

        @Override
        public void proposeToApply(long nanos) {
            assertTrue(nanos >= 0);
            toApply.incrementAndGet();
        }

        @Override
        public void flushed(long nanos) {
            flushes.incrementAndGet();
        }

        @Override
        public void termChanged(Term term) {
            events.add("term " + term.value());
        }

        @Override
        public void leaderChanged(Optional<PeerId> leader, Term term) {
            events.add("leader " + leader.map(PeerId::shortHex).orElse("none"));
        }

        @Override
        public void bondOpened(PeerId peer) {
            events.add("bond up " + peer.shortHex());
        }

        @Override
        public void bondClosed(PeerId peer, CloseReason reason) {
            events.add("bond down " + peer.shortHex() + " " + reason);
        }

        @Override
        public void syncStarted(Cursor target) {
            events.add("sync started");
        }

        @Override
        public void stopped() {
            events.add("stopped");
        }
    }

    private static Network node(String name, GroupObserver observer) {
        return Network.builder().transportName("inprocess").listen(new Endpoint(name, 0)).observer(observer).start();
    }

    private static GroupObserver recording(Recorder r) {
        return gauges -> {
            r.gauges.set(gauges);
            return r;
        };
    }

    @Test
    void anObservedGroupReportsCommitsLatenciesFlushesLeadersBondsAndGauges() throws Exception {
        Recorder ra = new Recorder();
        Recorder rb = new Recorder();
        GroupKey key = GroupKey.random();
        String host = "observer-" + Long.toHexString(System.nanoTime());
        try (Network a = node(host + "-a", recording(ra))) {
            PeerId b;
            try (Network nb = Network.builder().transportName("inprocess").listen(new Endpoint(host + "-b", 0))
                    .bootstrap(a.localId(), a.endpoint()).observer(recording(rb)).start()) {
                b = nb.localId();
                Group<Unit, Unit, Unit> ga = a.groups().withKey(key).withConsensusConfig(FAST).join();
                Group<Unit, Unit, Unit> gb = nb.groups().withKey(key).withConsensusConfig(FAST).join();
                eventually(() -> ga.bonds().size() == 1 && ga.leader().isPresent()
                        && ga.leader().equals(gb.leader()), "bonded, one leader");
                Group<Unit, Unit, Unit> leader = ga.isLeader() ? ga : gb;
                Recorder onLeader = ga.isLeader() ? ra : rb;
                for (int i = 0; i < 20; i++) {
                    leader.execute(Unit.INSTANCE).get(15, TimeUnit.SECONDS);
                }
                long last = leader.logPosition().index().value();
                eventually(() -> onLeader.toCommit.get() >= 20, "20 proposals seen committed");
                assertEquals(20, onLeader.toApply.get(), "one propose-to-apply latency per execute");
                eventually(() -> ra.committed.get() >= 21 && rb.committed.get() >= 21,
                        "the commits (20 commands and the leader's no-op) counted on both");
                assertTrue(onLeader.flushes.get() > 0, "flushes timed");

                GroupGauges g = onLeader.gauges.get();
                assertEquals(leader.id(), g.groupId());
                assertTrue(g.isLeader());
                assertTrue(g.term().value() >= 1);
                eventually(() -> g.commitIndex() >= last && g.appliedIndex() >= last, "gauges reach the log's end");
                assertTrue(g.logEntries() >= 21, "entries: " + g.logEntries());
                assertEquals(-1, g.logBytes(), "the in-memory store does not say its size");
                assertEquals(-1, leader.logSizeBytes());
                PeerId follower = ga.isLeader() ? b : a.localId();
                assertEquals(Set.of(follower), g.bondedPeers());
                assertTrue(g.millisSinceLastFrame(follower) >= 0);
                assertEquals(-1, g.millisSinceLastFrame(g.localId()), "no bond with itself");
                assertTrue(!g.isCatchingUp() && g.syncRemaining() == 0);

                eventually(() -> {
                    List<FollowerProgress> fs = leader.followers().join();
                    return fs.size() == 1 && fs.get(0).peer().equals(follower)
                            && fs.get(0).matchIndex().equals(Index.of(last)) && fs.get(0).lag() == 0;
                }, "the follower's match index reaches the leader's log");
                Group<Unit, Unit, Unit> other = leader == ga ? gb : ga;
                assertEquals(List.of(), other.followers().get(5, TimeUnit.SECONDS), "a follower has no followers");
                assertEquals(Unit.INSTANCE, other.query(Unit.INSTANCE, Consistency.STRONG).get(15, TimeUnit.SECONDS).result());
            }
            String bShort = b.shortHex();
            eventually(() -> ra.events.contains("bond down " + bShort + " " + CloseReason.CANCELLED),
                    "a's bond with b closed when b left: " + ra.events);
            assertTrue(ra.events.contains("bond up " + bShort), ra.events.toString());
            assertTrue(ra.events.stream().anyMatch(e -> e.startsWith("leader ") && !e.equals("leader none")), ra.events.toString());
            assertTrue(ra.events.stream().anyMatch(e -> e.startsWith("term ")), ra.events.toString());
            assertTrue(rb.events.contains("stopped"), "b's group stopped: " + rb.events);
        }
        eventually(() -> ra.events.contains("stopped"), "a's group stopped");
        assertEquals("stopped", List.copyOf(ra.events).get(ra.events.size() - 1), "stopped is the last call");
    }

    @Test
    void aListenerThatThrowsNeverStopsItsGroup() throws Exception {
        GroupListener broken = new GroupListener() {
            @Override
            public void committed(long entries) {
                throw new IllegalStateException("broken listener");
            }

            @Override
            public void flushed(long nanos) {
                throw new IllegalStateException("broken listener");
            }

            @Override
            public void leaderChanged(Optional<PeerId> leader, Term term) {
                throw new IllegalStateException("broken listener");
            }

            @Override
            public void proposeToApply(long nanos) {
                throw new IllegalStateException("broken listener");
            }
        };
        try (Network a = node("observer-broken-" + Long.toHexString(System.nanoTime()), gauges -> broken)) {
            Group<Unit, Unit, Unit> g = a.groups().withKey(GroupKey.random()).withConsensusConfig(FAST).join();
            g.when().leaderElected().get(30, TimeUnit.SECONDS);
            for (int i = 0; i < 5; i++) {
                g.execute(Unit.INSTANCE).get(15, TimeUnit.SECONDS);
            }
            assertTrue(g.committed().value() >= 6, "still committing: " + g.committed());
        }
        try (Network a = node("observer-throws-" + Long.toHexString(System.nanoTime()), gauges -> {
            throw new IllegalStateException("broken observer");
        })) {
            Group<Unit, Unit, Unit> g = a.groups().withKey(GroupKey.random()).withConsensusConfig(FAST).join();
            g.when().leaderElected().get(30, TimeUnit.SECONDS);
            assertTrue(g.execute(Unit.INSTANCE).get(15, TimeUnit.SECONDS).value() >= 2, "runs unobserved");
        }
    }

    private static void eventually(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 60 s: " + what);
            }
            Thread.sleep(20);
        }
    }
}
