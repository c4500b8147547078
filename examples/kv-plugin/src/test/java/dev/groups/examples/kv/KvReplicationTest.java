package dev.groups.examples.kv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.groups.consensus.ConsensusConfig;
import dev.groups.examples.kv.KvCommand.CompareAndSet;
import dev.groups.examples.kv.KvCommand.Delete;
import dev.groups.examples.kv.KvCommand.Put;
import dev.groups.examples.kv.KvQuery.Get;
import dev.groups.examples.kv.KvQuery.Scan;
import dev.groups.examples.kv.KvResult.Entry;
import dev.groups.id.GroupKey;
import dev.groups.id.NodeIdentity;
import dev.groups.log.Index;
import dev.groups.machine.Consistency;
import dev.groups.machine.QueryResultAt;
import dev.groups.raft.Group;
import dev.groups.raft.GroupException;
import dev.groups.raft.Network;
import dev.groups.raft.transport.InProcessNetwork;
import dev.groups.raft.transport.InProcessTransport;
import dev.groups.transport.Endpoint;
import dev.groups.transport.TransportConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The machine replicated by the real group runtime: nodes in this JVM over the in-process transport,
 * with real threads and timers. The waits are bounded but generous (nothing here measures speed), so a
 * loaded machine makes the test slower, not red.
 *
 * <p>The test kit's randomized simulator runs its own key-value machine only, so a custom machine is
 * tested here, through the public API, the way an application would use it.
 */
class KvReplicationTest {
    /** Scaled-down timings, as the test kit's scenarios use; only the heartbeat fields enter the group id. */
    private static final ConsensusConfig FAST = ConsensusConfig.builder()
            .heartbeatInterval(Duration.ofMillis(100)).heartbeatJitter(Duration.ofMillis(30))
            .maxMissedHeartbeats(10).electionTimeout(Duration.ofMillis(600))
            .electionTimeoutJitter(Duration.ofMillis(300)).bootstrapDelay(Duration.ofMillis(300))
            .forwardTimeout(Duration.ofSeconds(5)).queryTimeout(Duration.ofSeconds(5)).build();
    private static final long TIMEOUT_SECONDS = 60;
    /**
     * Five times the default: a catalog exchange gives up after twice this, and a loaded machine (a
     * shared CI runner) can stall a thread for seconds. The handshake timeout is not part of the group id.
     */
    private static final Duration HANDSHAKE = Duration.ofSeconds(10);

    private final InProcessNetwork wires = InProcessNetwork.create();
    private final List<Network> nodes = new ArrayList<>();
    private final GroupKey key = GroupKey.random();

    @AfterEach
    void closeNodes() {
        nodes.forEach(Network::close);
    }

    private Network node() {
        NodeIdentity id = NodeIdentity.generate();
        Network n = Network.builder().identity(id)
                .transport(InProcessTransport.on(wires, TransportConfig.of(id, new Endpoint("node", 0))))
                .handshakeTimeout(HANDSHAKE).start();
        for (Network other : nodes) {
            await(n.syncWith(other.localId(), other.endpoint()), "discovery");
        }
        nodes.add(n);
        return n;
    }

    private Group<KvCommand, KvQuery, KvResult> join(Network n) {
        return n.groups().withKey(key).withStateMachine(new KvMachine()).withConsensusConfig(FAST).join();
    }

    /** Three members that agree on a leader. */
    private List<Group<KvCommand, KvQuery, KvResult>> threeMembers() {
        List<Group<KvCommand, KvQuery, KvResult>> groups = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            groups.add(join(node()));
        }
        for (Group<KvCommand, KvQuery, KvResult> g : groups) {
            await(g.when().online(), "every member online");
        }
        eventually(() -> groups.stream().allMatch(g -> g.leader().isPresent()
                && g.leader().equals(groups.get(0).leader())), "the members agree on a leader");
        return groups;
    }

    @Test
    void commandsOnAnyMemberReachEveryReplicaWithTheirVersions() {
        List<Group<KvCommand, KvQuery, KvResult>> members = threeMembers();
        Group<KvCommand, KvQuery, KvResult> a = members.get(0);
        Group<KvCommand, KvQuery, KvResult> b = members.get(1);
        Group<KvCommand, KvQuery, KvResult> c = members.get(2);

        long put = await(a.execute(new Put("config/mode", "fast")), "put").value();
        // a strong read on another member sees the write, with the write's index as its version
        assertEquals(new KvResult.Found(new Entry("config/mode", "fast", put)), strong(b, new Get("config/mode")).result());

        long cas = await(b.execute(CompareAndSet.ifEquals("config/mode", "fast", "safe")), "compare-and-set").value();
        long stale = await(c.execute(CompareAndSet.ifEquals("config/mode", "fast", "other")), "stale cas").value();
        QueryResultAt<KvResult> read = strong(c, new Get("config/mode"));
        assertTrue(read.position().value() >= stale, "read at or after the client's own write");
        assertEquals(new Entry("config/mode", "safe", cas), ((KvResult.Found) read.result()).entry(),
                "the second compare-and-set was committed but did not match");

        await(c.execute(new Put("config/size", "3")), "put");
        await(a.execute(new Delete("config/size")), "delete");
        Index last = await(a.execute(new Put("other", "x")), "put");

        eventually(() -> members.stream().allMatch(g -> g.committed().value() >= last.value()), "all applied");
        for (Group<KvCommand, KvQuery, KvResult> g : members) {
            assertEquals(new KvResult.Page(List.of(new Entry("config/mode", "safe", cas)), false),
                    weak(g, Scan.prefix("config/", 10)), "every replica holds the same state");
        }
    }

    @Test
    void aCommandOverTheLimitsFailsInTheCallerAndIsNeverLogged() {
        Group<KvCommand, KvQuery, KvResult> g = threeMembers().get(1);
        Index before = g.committed();
        String tooBig = "v".repeat(KvLimits.DEFAULT_VALUE_BYTES + 1);
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> g.execute(new Put("k", tooBig)).get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
        assertInstanceOf(GroupException.Encoding.class, e.getCause());
        assertEquals(new KvResult.Absent(), strong(g, new Get("k")).result());
        assertTrue(g.committed().value() >= before.value());
    }

    @Test
    void ofConcurrentIfAbsentClaimsExactlyOneWinsOnEveryReplica() {
        List<Group<KvCommand, KvQuery, KvResult>> members = threeMembers();
        List<CompletableFuture<Index>> claims = new ArrayList<>();
        for (int client = 0; client < 12; client++) {
            claims.add(members.get(client % 3).execute(CompareAndSet.ifAbsent("lock", "client-" + client)));
        }
        List<Long> indices = claims.stream().map(f -> await(f, "a claim").value()).toList();

        Entry holder = ((KvResult.Found) strong(members.get(2), new Get("lock")).result()).entry();
        List<Integer> winners = IntStream.range(0, indices.size())
                .filter(i -> indices.get(i) == holder.version()).boxed().toList();
        assertEquals(1, winners.size(), "exactly one claim's index is the lock's version");
        assertEquals("client-" + winners.get(0), holder.value(), "and its value is that client's");

        // a loser cannot release the lock; the winner can
        int loser = (winners.get(0) + 1) % indices.size();
        await(members.get(0).execute(CompareAndSet.deleteIfEquals("lock", "client-" + loser)), "a loser's release");
        assertEquals(holder, ((KvResult.Found) strong(members.get(1), new Get("lock")).result()).entry());
        await(members.get(1).execute(CompareAndSet.deleteIfEquals("lock", holder.value())), "the winner's release");
        for (Group<KvCommand, KvQuery, KvResult> g : members) {
            assertEquals(new KvResult.Absent(), strong(g, new Get("lock")).result());
        }
    }

    @Test
    void aMemberThatJoinsLateCatchesUpToTheSameState() {
        Group<KvCommand, KvQuery, KvResult> first = join(node());
        Group<KvCommand, KvQuery, KvResult> second = join(node());
        await(first.when().online(), "first online");
        await(second.when().online(), "second online");
        eventually(() -> first.leader().isPresent() && first.leader().equals(second.leader()), "a leader");

        // Thousands of entries (in batches, as executeMany allows), so that the newcomer is far behind.
        Index last = Index.ZERO;
        for (int batch = 0; batch < 6; batch++) {
            List<KvCommand> commands = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                int n = batch * 500 + i;
                commands.add(n % 7 == 6 ? new Delete(key(n - 3)) : new Put(key(n), "value " + n));
            }
            last = await(first.executeMany(commands), "a batch").end();
        }
        Group<KvCommand, KvQuery, KvResult> late = join(node());
        Index end = last;
        // executeMany completed when the entries were applied on `first`; the others apply them after.
        eventually(() -> Stream.of(first, second, late).allMatch(g -> g.committed().value() >= end.value()),
                "every member applied everything");
        List<Entry> expected = dump(first);
        assertEquals(2144, expected.size(), "2,572 keys put, 428 of them deleted again");
        assertSameEntries(expected, dump(second), "second");
        assertSameEntries(expected, dump(late), "newcomer");
    }

    /** Like assertEquals, with a message of a readable length. */
    private static void assertSameEntries(List<Entry> expected, List<Entry> actual, String who) {
        if (!expected.equals(actual)) {
            int i = 0;
            while (i < Math.min(expected.size(), actual.size()) && expected.get(i).equals(actual.get(i))) {
                i++;
            }
            fail(who + " holds " + actual.size() + " entries, not " + expected.size() + "; the first difference is at "
                    + i + ": " + (i < expected.size() ? expected.get(i) : "none") + " expected, "
                    + (i < actual.size() ? actual.get(i) : "none") + " found");
        }
    }

    private static String key(int n) {
        return String.format("item/%05d", n);
    }

    /** Every entry, page by page (weak reads; the group is quiet, so they all read one state). */
    private static List<Entry> dump(Group<KvCommand, KvQuery, KvResult> g) {
        List<Entry> all = new ArrayList<>();
        Scan scan = Scan.prefix("", KvQuery.Scan.MAX_LIMIT);
        while (true) {
            KvResult.Page page = weak(g, scan);
            all.addAll(page.entries());
            if (!page.more()) {
                return all;
            }
            scan = scan.next(page);
        }
    }

    private static QueryResultAt<KvResult> strong(Group<KvCommand, KvQuery, KvResult> g, KvQuery q) {
        return await(g.query(q, Consistency.STRONG), "a strong query");
    }

    private static KvResult.Page weak(Group<KvCommand, KvQuery, KvResult> g, Scan scan) {
        return (KvResult.Page) await(g.query(scan, Consistency.WEAK), "a weak query").result();
    }

    private static <T> T await(CompletableFuture<T> f, String what) {
        try {
            return f.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | CompletionException e) {
            throw new AssertionError(what + " failed: " + e.getCause(), e.getCause());
        } catch (Exception e) {
            throw new AssertionError("timed out or interrupted waiting for " + what + ": " + e, e);
        }
    }

    private static void eventually(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + TIMEOUT_SECONDS + " s: " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }
}
