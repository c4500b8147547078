package dev.groups.testkit.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.groups.consensus.ConsensusConfig;
import dev.groups.id.GroupKey;
import dev.groups.id.NodeIdentity;
import dev.groups.id.PeerId;
import dev.groups.log.Index;
import dev.groups.log.IndexRange;
import dev.groups.machine.Consistency;
import dev.groups.machine.QueryResultAt;
import dev.groups.machine.Unit;
import dev.groups.raft.Group;
import dev.groups.raft.Network;
import dev.groups.storage.InMemoryLogStore;
import dev.groups.transport.Transport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * mosaik's acceptance scenarios (spec §9: builder, bonds, leader, catchup, feed, execute), as one
 * abstract suite a transport's tests extend: implement {@link #transport(NodeIdentity)}. Real threads
 * and timers; every scenario also asserts, beyond mosaik, that all members end with the same state.
 *
 * <p>Timings are scaled down ({@link #CONFIG}: 100 ms heartbeats, 600 ms elections, 300 ms bootstrap)
 * so the suite runs in seconds; waits are bounded and fail with a message, never hang.
 */
public abstract class GroupScenarios {
    /** Fast timings for tests; only the heartbeat fields enter the group id. */
    protected static final ConsensusConfig CONFIG = ConsensusConfig.builder()
            .heartbeatInterval(Duration.ofMillis(100)).heartbeatJitter(Duration.ofMillis(30))
            .maxMissedHeartbeats(10).electionTimeout(Duration.ofMillis(600))
            .electionTimeoutJitter(Duration.ofMillis(300)).bootstrapDelay(Duration.ofMillis(300))
            .forwardTimeout(Duration.ofSeconds(2)).queryTimeout(Duration.ofSeconds(2)).build();
    /** The spec's 2 × (bootstrap + election + jitter), at the scaled timings, with slack for loaded CI machines. */
    protected static final long TIMEOUT_MS = 15_000;

    private final List<Network> networks = new ArrayList<>();

    /** A started-or-startable transport for a node with this identity. */
    protected abstract Transport transport(NodeIdentity identity);

    @AfterEach
    void closeNetworks() {
        for (Network n : networks) {
            n.close();
        }
        networks.clear();
    }

    protected Network node() {
        NodeIdentity id = NodeIdentity.generate();
        Network n = Network.builder().identity(id).transport(transport(id)).start();
        networks.add(n);
        return n;
    }

    /** mosaik's {@code discover_all}: pairwise catalog exchange. */
    protected static void discoverAll(Network... nodes) {
        for (int i = 0; i < nodes.length; i++) {
            for (int j = i + 1; j < nodes.length; j++) {
                nodes[i].syncWith(nodes[j].localId(), nodes[j].endpoint()).orTimeout(5, TimeUnit.SECONDS).join();
            }
        }
    }

    protected static <T> T await(CompletableFuture<T> f, String what) {
        try {
            return f.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("timed out or failed waiting for " + what + ": " + e, e);
        }
    }

    protected static void eventually(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + TIMEOUT_MS + " ms: " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }

    protected static Group<Counter.Op, Unit, Long> counter(Network n, GroupKey key) {
        return n.groups().withKey(key).withStateMachine(new Counter()).withConsensusConfig(CONFIG).join();
    }

    protected static long weak(Group<Counter.Op, Unit, Long> g) {
        return await(g.query(Unit.INSTANCE, Consistency.WEAK), "a weak query").result();
    }

    @SafeVarargs
    protected static void assertSameState(Group<Counter.Op, Unit, Long>... groups) {
        eventually(() -> {
            for (Group<Counter.Op, Unit, Long> g : groups) {
                if (!g.committed().equals(groups[0].committed()) || weak(g) != weak(groups[0])) {
                    return false;
                }
            }
            return true;
        }, "every member ends with the same committed index and state");
    }

    /** A new counter group led by a first node, and a second node that joined it and is online. */
    protected record LeaderAndFollower(Group<Counter.Op, Unit, Long> leader, Group<Counter.Op, Unit, Long> follower) {}

    protected LeaderAndFollower leaderAndFollower() {
        GroupKey key = GroupKey.random();
        Network n0 = node();
        Group<Counter.Op, Unit, Long> g0 = counter(n0, key);
        await(g0.when().isLeader(), "n0 leads");
        Network n1 = node();
        discoverAll(n0, n1);
        Group<Counter.Op, Unit, Long> g1 = counter(n1, key);
        await(g1.when().online(), "n1 online");
        return new LeaderAndFollower(g0, g1);
    }

    private static List<Counter.Op> incs(long from, long toExclusive) {
        return LongStream.range(from, toExclusive).mapToObj(Counter.Op::inc).toList();
    }

    // ---------------------------------------------------------------------------------------- builder.rs

    @Test
    void groupIdIsDerivedFromTheConfiguration() {
        Network n0 = node();
        Network n1 = node();
        GroupKey key = GroupKey.random();
        Group<Counter.Op, Unit, Long> a = counter(n0, key);
        Group<Counter.Op, Unit, Long> b = n1.groups().withKey(key).withStateMachine(new Counter())
                .withLogStorage(new InMemoryLogStore<>()).withConsensusConfig(CONFIG).join();
        assertEquals(a.id(), b.id(), "an explicit in-memory log does not change the id");
        GroupKey other = GroupKey.random();
        Group<Counter.Op, Unit, Long> c = counter(n0, other);
        Group<Counter.Op, Unit, Long> d = counter(n1, other);
        assertNotEquals(a.id(), c.id());
        assertEquals(c.id(), d.id());
        Group<Unit, Unit, Unit> noop = n0.groups().withKey(key).withConsensusConfig(CONFIG).join();
        assertNotEquals(a.id(), noop.id(), "another machine, another group");
    }

    // ---------------------------------------------------------------------------------------- bonds.rs

    @Test
    void membersCanSeeEachOther() {
        Network[] n = {node(), node(), node(), node()};
        discoverAll(n);
        GroupKey k1 = GroupKey.fromSecret("group one");
        GroupKey k2 = GroupKey.fromSecret("group two");
        GroupKey k3 = GroupKey.random();
        int[][] membership = {{0, 1, 2}, {1, 2, 3}, {0, 3}};
        GroupKey[] keys = {k1, k2, k3};
        List<List<Group<Unit, Unit, Unit>>> groups = new ArrayList<>();
        for (int g = 0; g < 3; g++) {
            List<Group<Unit, Unit, Unit>> members = new ArrayList<>();
            for (int i : membership[g]) {
                members.add(n[i].groups().withKey(keys[g]).withConsensusConfig(CONFIG).join());
            }
            groups.add(members);
        }
        for (int g = 0; g < 3; g++) {
            for (int a = 0; a < membership[g].length; a++) {
                Group<Unit, Unit, Unit> member = groups.get(g).get(a);
                int ga = g;
                int self = membership[g][a];
                eventually(() -> IntStream.of(membership[ga]).filter(i -> i != self)
                        .allMatch(i -> member.bonds().contains(n[i].localId())),
                        "n" + self + " bonded with every member of group " + g);
                assertEquals(membership[g].length - 1, member.bonds().size(), "only direct bonds of its own group");
            }
        }
    }

    // ---------------------------------------------------------------------------------------- leader.rs

    @Test
    void leaderIsElectedRecognizedAndReplaced() {
        GroupKey key = GroupKey.random();
        Network n0 = node();
        Group<Counter.Op, Unit, Long> g0 = counter(n0, key);
        assertTrue(g0.leader().isEmpty(), "no leader right after joining");
        assertEquals(n0.localId(), await(g0.when().leaderElected(), "a lone member elects itself"));

        Network n1 = node();
        Network n2 = node();
        discoverAll(n0, n1, n2);
        Group<Counter.Op, Unit, Long> g1 = counter(n1, key);
        Group<Counter.Op, Unit, Long> g2 = counter(n2, key);
        assertEquals(n0.localId(), await(g1.when().leaderElected(), "n1 recognizes n0"));
        assertEquals(n0.localId(), await(g2.when().leaderElected(), "n2 recognizes n0"));
        assertTrue(g0.isLeader(), "no new election when members join");

        CompletableFuture<PeerId> c1 = g1.when().leaderChanged();
        CompletableFuture<PeerId> c2 = g2.when().leaderChanged();
        n0.close();
        PeerId l1 = await(c1, "g1 sees a new leader");
        PeerId l2 = await(c2, "g2 sees a new leader");
        eventually(() -> g1.leader().equals(g2.leader()) && g1.leader().isPresent(), "g1 and g2 agree");
        assertTrue(g1.isLeader() ^ g2.isLeader(), "exactly one of them leads");
        assertTrue(l1.equals(n1.localId()) || l1.equals(n2.localId()));
        assertTrue(l2.equals(n1.localId()) || l2.equals(n2.localId()));

        Network n3 = node();
        discoverAll(n1, n2, n3);
        Group<Counter.Op, Unit, Long> g3 = counter(n3, key);
        assertEquals(g1.leader().orElseThrow(), await(g3.when().leaderElected(), "a newcomer recognizes the new leader"));
    }

    @Test
    void rivalsWithDifferentLogPositionsConvergeOnTheMostAdvanced() {
        GroupKey key = GroupKey.random();
        Network n0 = node();
        Network n1 = node();
        Network n2 = node();
        Group<Counter.Op, Unit, Long> g0 = counter(n0, key);
        Group<Counter.Op, Unit, Long> g1 = counter(n1, key);
        Group<Counter.Op, Unit, Long> g2 = counter(n2, key);
        await(g0.when().isLeader(), "n0 leads alone");
        await(g1.when().isLeader(), "n1 leads alone");
        await(g2.when().isLeader(), "n2 leads alone");
        assertEquals(IndexRange.of(2, 4), await(g0.executeMany(List.of(Counter.Op.inc(1), Counter.Op.inc(2),
                Counter.Op.inc(3))), "n0 commits 3"), "index 1 holds n0's term-start entry");
        await(g1.execute(Counter.Op.inc(100)), "n1 commits 1");
        discoverAll(n0, n1, n2);
        eventually(() -> g0.isLeader() && g1.leader().equals(g0.leader()) && g2.leader().equals(g0.leader()),
                "everyone follows n0, whose log is the most advanced");
        assertSameState(g0, g1, g2);
        assertEquals(6L, weak(g1), "n1's superseded write is gone");
    }

    // ---------------------------------------------------------------------------------------- catchup.rs

    @Test
    void oneLeaderOneFollowerSmall() {
        GroupKey key = GroupKey.random();
        Network n0 = node();
        Group<Counter.Op, Unit, Long> g0 = counter(n0, key);
        await(g0.when().isLeader(), "n0 leads");
        await(g0.execute(Counter.Op.inc(3)), "inc 3");
        IndexRange r = await(g0.executeMany(List.of(Counter.Op.inc(4), Counter.Op.dec(2), Counter.Op.inc(1))), "3 more");
        assertEquals(6L, weak(g0));
        Network n1 = node();
        discoverAll(n0, n1);
        Group<Counter.Op, Unit, Long> g1 = counter(n1, key);
        assertEquals(n0.localId(), await(g1.when().leaderElected(), "n1 recognizes n0"));
        await(g1.when().log().reaches(g0.logPosition().index()), "n1's log reaches the leader's");
        await(g1.when().committed().reaches(r.end()), "n1 commits what n0 committed");
        assertEquals(6L, weak(g1));
        IndexRange more = await(g0.executeMany(List.of(Counter.Op.inc(5), Counter.Op.dec(3))), "2 more");
        await(g1.when().committed().reaches(more), "n1 follows");
        assertEquals(8L, weak(g1));
        assertSameState(g0, g1);
    }

    @ParameterizedTest
    @ValueSource(ints = {7, 20, 100, 1000})
    void oneLeaderOneFollowerLarge(int batch) {
        GroupKey key = GroupKey.random();
        Network n0 = node();
        Group<Counter.Op, Unit, Long> g0 = n0.groups().withKey(key).withStateMachine(new Counter(batch))
                .withConsensusConfig(CONFIG).join();
        await(g0.when().isLeader(), "n0 leads");
        IndexRange first = await(g0.executeMany(incs(0, 200)), "200 increments");
        assertEquals(19_900L, weak(g0));
        Network n1 = node();
        discoverAll(n0, n1);
        Group<Counter.Op, Unit, Long> g1 = n1.groups().withKey(key).withStateMachine(new Counter(batch))
                .withConsensusConfig(CONFIG).join();
        await(g1.when().committed().reaches(first), "n1 catches up");
        assertEquals(19_900L, weak(g1));
        IndexRange second = await(g1.executeMany(incs(200, 400)), "n1 (a follower) executes 200 more");
        assertEquals(200, second.size());
        assertTrue(g1.committed().value() >= second.end().value(), "execute returns once applied here");
        await(g0.when().committed().reaches(second), "n0 reaches it too");
        Network n2 = node();
        discoverAll(n0, n1, n2);
        Group<Counter.Op, Unit, Long> g2 = n2.groups().withKey(key).withStateMachine(new Counter(batch))
                .withConsensusConfig(CONFIG).join();
        await(g2.when().committed().reaches(second), "a third member catches up from the others");
        assertEquals(79_800L, weak(g2));
        assertSameState(g0, g1, g2);
    }

    // ---------------------------------------------------------------------------------------- feed.rs

    @Test
    void feedFromAFollower() {
        LeaderAndFollower pair = leaderAndFollower();
        Group<Counter.Op, Unit, Long> g0 = pair.leader();
        Group<Counter.Op, Unit, Long> g1 = pair.follower();
        Index a = await(g1.feed(Counter.Op.inc(1)), "feed 1");
        Index b = await(g1.feed(Counter.Op.inc(2)), "feed 2");
        IndexRange c = await(g1.feedMany(List.of(Counter.Op.inc(3), Counter.Op.inc(4), Counter.Op.inc(5))), "feed 3");
        assertEquals(a.next(), b);
        assertEquals(IndexRange.of(b.value() + 1, b.value() + 3), c, "in issue order, contiguous");
        await(g0.when().committed().reaches(c), "n0 commits");
        await(g1.when().committed().reaches(c), "n1 commits");
        assertEquals(15L, weak(g0));
        assertEquals(15L, weak(g1));
    }

    // ---------------------------------------------------------------------------------------- execute.rs

    @Test
    void executeAndWeakQueriesAcrossALeaderChange() {
        GroupKey key = GroupKey.random();
        Network n0 = node();
        Group<Counter.Op, Unit, Long> g0 = counter(n0, key);
        await(g0.when().isLeader(), "n0 leads");
        Network n1 = node();
        Network n2 = node();
        discoverAll(n0, n1, n2);
        Group<Counter.Op, Unit, Long> g1 = counter(n1, key);
        Group<Counter.Op, Unit, Long> g2 = counter(n2, key);
        await(g1.when().online(), "g1 online");
        await(g2.when().online(), "g2 online");
        await(g0.execute(Counter.Op.inc(3)), "inc 3");
        IndexRange two = await(g0.executeMany(List.of(Counter.Op.inc(4))), "inc 4");
        QueryResultAt<Long> strong = await(g0.query(Unit.INSTANCE, Consistency.STRONG), "strong query");
        assertEquals(7L, strong.result());
        assertTrue(strong.position().value() >= two.end().value(), "read at or after the write");
        await(g1.when().committed().reaches(two), "g1 reaches it");
        await(g2.when().committed().reaches(two), "g2 reaches it");
        assertEquals(7L, weak(g1));
        Index three = await(g1.execute(Counter.Op.dec(2)), "the follower executes");
        await(g0.when().committed().reaches(three), "n0 applies it");
        await(g2.when().committed().reaches(three), "n2 applies it");
        assertEquals(5L, weak(g0));
        assertEquals(5L, weak(g2));
        CompletableFuture<PeerId> c1 = g1.when().leaderChanged();
        CompletableFuture<PeerId> c2 = g2.when().leaderChanged();
        n0.close();
        assertEquals(await(c1, "g1 sees a new leader"), await(c2, "g2 sees the same leader"));
        IndexRange r1 = await(g1.executeMany(List.of(Counter.Op.inc(6), Counter.Op.inc(7), Counter.Op.inc(8))), "g1 executes 3");
        IndexRange r2 = await(g2.executeMany(List.of(Counter.Op.inc(1), Counter.Op.inc(2), Counter.Op.inc(3))), "g2 executes 3");
        assertEquals(3, r1.size());
        assertEquals(3, r2.size());
        await(g1.when().committed().reaches(r2), "g1 reaches both");
        await(g2.when().committed().reaches(r1), "g2 reaches both");
        assertEquals(32L, weak(g1));
        assertSameState(g1, g2);
    }

    @Test
    void strongQueriesFromAFollowerAreForwarded() {
        LeaderAndFollower pair = leaderAndFollower();
        Group<Counter.Op, Unit, Long> g0 = pair.leader();
        Group<Counter.Op, Unit, Long> g1 = pair.follower();
        IndexRange r = await(g0.executeMany(List.of(Counter.Op.inc(3), Counter.Op.inc(4))), "2 commands");
        QueryResultAt<Long> s1 = await(g1.query(Unit.INSTANCE, Consistency.STRONG), "strong on a follower");
        assertEquals(7L, s1.result());
        assertTrue(s1.position().value() >= r.end().value(), "a strong read sees every committed write");
    }

    @Test
    void concurrentExecutesQueriesAndBatchesAllSucceed() {
        LeaderAndFollower pair = leaderAndFollower();
        Group<Counter.Op, Unit, Long> g0 = pair.leader();
        Group<Counter.Op, Unit, Long> g1 = pair.follower();
        List<CompletableFuture<Index>> executes = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            executes.add(g0.execute(Counter.Op.inc(i)));
            executes.add(g1.execute(Counter.Op.inc(i * 2L)));
        }
        List<CompletableFuture<IndexRange>> batches = List.of(
                g0.executeMany(incs(1, 3)), g1.executeMany(incs(3, 6)));
        executes.forEach(f -> await(f, "an execute"));
        batches.forEach(f -> await(f, "a batch"));
        long expected = 15 + 30 + 3 + 12;
        eventually(() -> weak(g0) == expected && weak(g1) == expected, "both apply everything once");
        List<CompletableFuture<QueryResultAt<Long>>> queries = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            queries.add(g0.query(Unit.INSTANCE, i % 2 == 0 ? Consistency.WEAK : Consistency.STRONG));
            queries.add(g1.query(Unit.INSTANCE, Consistency.STRONG));
        }
        for (CompletableFuture<QueryResultAt<Long>> q : queries) {
            assertEquals(expected, await(q, "a query").result());
        }
    }

    // ---------------------------------------------------------------------------------------- beyond mosaik

    @Test
    void closingOneOfTwoHandlesLeavesTheOtherWorking() {
        GroupKey key = GroupKey.random();
        Network n0 = node();
        Group<Counter.Op, Unit, Long> first = counter(n0, key);
        Group<Counter.Op, Unit, Long> second = counter(n0, key);
        assertEquals(first.id(), second.id());
        await(second.when().isLeader(), "leads");
        first.close();
        assertEquals(Index.of(2), await(second.execute(Counter.Op.inc(1)), "the other handle still works"));
        assertEquals(1L, weak(second));
    }

    @Test
    void aFollowersLogPositionAdvancesWithOrdinaryReplication() {
        LeaderAndFollower pair = leaderAndFollower();
        Group<Counter.Op, Unit, Long> g0 = pair.leader();
        Group<Counter.Op, Unit, Long> g1 = pair.follower();
        await(g1.when().log().reaches(g0.logPosition().index()), "in sync");
        var advanced = g1.when().log().advanced();
        await(g0.execute(Counter.Op.inc(1)), "a command on the leader");
        await(advanced, "the follower's log watcher fires on ordinary replication");
    }

    // ---------------------------------------------------------------------------------------- voters (strict mode)

    /** A strict group whose founding voters are the first {@code voters} of {@code nodes}; every node joins. */
    private List<Group<Counter.Op, Unit, Long>> strictGroup(List<Network> nodes, int voters) {
        GroupKey key = GroupKey.random();
        discoverAll(nodes.toArray(Network[]::new));
        ConsensusConfig strict = CONFIG.toBuilder()
                .voters(nodes.subList(0, voters).stream().map(Network::localId).toList()).build();
        List<Group<Counter.Op, Unit, Long>> groups = new ArrayList<>();
        for (Network n : nodes) {
            groups.add(n.groups().withKey(key).withStateMachine(new Counter()).withConsensusConfig(strict).join());
        }
        return groups;
    }

    /** Executes increments one after another through {@code g} until stopped; counts those committed. */
    private static final class Writer implements AutoCloseable {
        private final java.util.concurrent.atomic.AtomicLong committed = new java.util.concurrent.atomic.AtomicLong();
        private final java.util.concurrent.atomic.AtomicLong failed = new java.util.concurrent.atomic.AtomicLong();
        private volatile boolean stopped;
        private final Thread thread;

        Writer(Group<Counter.Op, Unit, Long> g) {
            thread = new Thread(() -> {
                while (!stopped) {
                    try {
                        g.execute(Counter.Op.inc(1)).get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
                        committed.incrementAndGet();
                    } catch (Exception e) {
                        failed.incrementAndGet();
                    }
                }
            }, "voter-scenario-writer");
            thread.setDaemon(true);
            thread.start();
        }

        /** Waits until {@code more} further commands committed. */
        void commits(long more, String when) {
            long target = committed.get() + more;
            eventually(() -> committed.get() >= target, more + " more commands commit " + when);
        }

        @Override
        public void close() throws InterruptedException {
            stopped = true;
            thread.join(TIMEOUT_MS);
        }
    }

    @Test
    void strictVotersAreAddedAndRemovedWhileTheGroupKeepsCommitting() throws Exception {
        List<Network> nodes = List.of(node(), node(), node(), node());
        List<Group<Counter.Op, Unit, Long>> g = strictGroup(nodes, 3);
        PeerId leader = await(g.get(0).when().leaderElected(), "a leader among the founding voters");
        assertTrue(nodes.subList(0, 3).stream().anyMatch(n -> n.localId().equals(leader)), "n3 is not a voter: it never leads");
        await(g.get(3).when().online(), "the fourth member replicates");
        var founding = g.get(3).membership().configuration().orElseThrow();
        assertEquals(3, founding.voters().size());
        assertTrue(!founding.voters().contains(nodes.get(3).localId()));

        int follower = IntStream.range(0, 3).filter(i -> !nodes.get(i).localId().equals(leader)).findFirst().orElseThrow();
        try (Writer writer = new Writer(g.get(follower))) {
            writer.commits(20, "before any change");
            // Asked of a follower: forwarded to the leader. The new voter catches up first.
            var added = await(g.get(follower).membership().addVoter(nodes.get(3).localId()), "n3 becomes a voter");
            assertEquals(4, added.voters().size());
            assertTrue(added.committed() && added.voters().contains(nodes.get(3).localId()));
            writer.commits(20, "with four voters");
            for (Group<Counter.Op, Unit, Long> each : g) {
                eventually(() -> each.membership().configuration().orElseThrow().voters().size() == 4,
                        "every member holds the four-voter configuration");
            }
            int other = IntStream.range(0, 3).filter(i -> i != follower && !nodes.get(i).localId().equals(leader))
                    .findFirst().orElseThrow();
            var removed = await(g.get(leader(nodes, leader)).membership().removeVoter(nodes.get(other).localId()),
                    "a founding voter stops voting");
            assertEquals(3, removed.voters().size());
            assertTrue(!removed.voters().contains(nodes.get(other).localId()));
            writer.commits(20, "after the removal");
            // Again: adding a voter that votes, or removing a member that does not, changes nothing.
            assertEquals(removed.voters(), await(g.get(0).membership().addVoter(nodes.get(3).localId()), "a no-op").voters());
            assertEquals(removed.voters(), await(g.get(0).membership().removeVoter(nodes.get(other).localId()), "a no-op").voters());
        }
        assertSameState(g.toArray(Group[]::new));
    }

    @Test
    void aVoterIsAddedThenTheLeaderRemovesItselfHandsOverAndTheGroupGoesOn() throws Exception {
        List<Network> nodes = List.of(node(), node(), node(), node());
        List<Group<Counter.Op, Unit, Long>> g = strictGroup(nodes, 3); // a running 3-voter group, and n3
        PeerId leader = await(g.get(0).when().leaderElected(), "a leader");
        int l = leader(nodes, leader);
        int follower = IntStream.range(0, 3).filter(i -> i != l).findFirst().orElseThrow();
        try (Writer writer = new Writer(g.get(follower))) {
            writer.commits(20, "before the changes");
            var added = await(g.get(l).membership().addVoter(nodes.get(3).localId()), "n3 becomes a voter");
            assertEquals(4, added.voters().size());
            writer.commits(20, "with four voters");
            var change = await(g.get(l).membership().removeVoter(leader), "the leader removes itself");
            assertEquals(3, change.voters().size());
            assertTrue(!change.voters().contains(leader));
            // Dissertation §4.2.2: once the change commits it hands over to a voter and steps down.
            eventually(() -> g.get(follower).leader().filter(p -> !p.equals(leader)).isPresent(), "another member leads");
            PeerId next = g.get(follower).leader().orElseThrow();
            assertTrue(change.voters().contains(next), "the new leader is a voter");
            writer.commits(20, "under the new leader");
            eventually(() -> !g.get(l).isLeader(), "the removed member no longer leads");
        }
        assertSameState(g.toArray(Group[]::new));
    }

    @Test
    void votersDoNotChangeInDynamicMode() {
        LeaderAndFollower pair = leaderAndFollower();
        assertTrue(pair.leader().membership().configuration().isEmpty());
        try {
            pair.leader().membership().addVoter(NodeIdentity.generate().peerId()).get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            throw new AssertionError("a voter change in dynamic mode must be refused");
        } catch (java.util.concurrent.ExecutionException e) {
            assertTrue(e.getCause() instanceof dev.groups.raft.GroupException.Refused, e.toString());
            assertTrue(e.getCause().getMessage().contains("dynamic mode"), e.getCause().getMessage());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static int leader(List<Network> nodes, PeerId leader) {
        return IntStream.range(0, nodes.size()).filter(i -> nodes.get(i).localId().equals(leader)).findFirst()
                .orElseThrow(() -> new AssertionError(leader + " is none of the nodes"));
    }
}
