package dev.groups.storage.chronicle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.groups.consensus.ConsensusConfig;
import dev.groups.id.GroupKey;
import dev.groups.id.NodeIdentity;
import dev.groups.id.PeerId;
import dev.groups.log.Cursor;
import dev.groups.log.Index;
import dev.groups.log.Term;
import dev.groups.machine.Codec;
import dev.groups.machine.Consistency;
import dev.groups.machine.Unit;
import dev.groups.raft.Group;
import dev.groups.raft.Network;
import dev.groups.raft.transport.InProcessNetwork;
import dev.groups.raft.transport.InProcessTransport;
import dev.groups.storage.HardState;
import dev.groups.storage.Storage;
import dev.groups.storage.StorageProvider;
import dev.groups.storage.StorageSpec;
import dev.groups.testkit.scenarios.Counter;
import dev.groups.transport.Endpoint;
import dev.groups.transport.TransportConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 3-node group whose members keep their logs in Chronicle (opened by the group builder from a
 * provider and a directory), one member stopped and restarted from its directory: it comes back with
 * its term, its vote and its log, and the group sends it only what it missed.
 */
class ClusterRestartTest {
    /** Fast timings (only the heartbeat fields enter the group id); waits are bounded, never timed. */
    private static final ConsensusConfig CONFIG = ConsensusConfig.builder()
            .heartbeatInterval(Duration.ofMillis(100)).heartbeatJitter(Duration.ofMillis(30))
            .maxMissedHeartbeats(10).electionTimeout(Duration.ofMillis(600))
            .electionTimeoutJitter(Duration.ofMillis(300)).bootstrapDelay(Duration.ofMillis(300)).build();
    private static final long TIMEOUT_MS = 30_000;

    @TempDir
    Path dir;

    private final InProcessNetwork net = InProcessNetwork.create();
    private final List<Network> running = new ArrayList<>();

    @AfterEach
    void stopAll() {
        running.forEach(Network::close);
    }

    @Test
    void aRestartedMemberKeepsTermVoteAndLogAndReceivesOnlyWhatItMissed() {
        GroupKey key = GroupKey.random();
        NodeIdentity[] ids = {NodeIdentity.generate(), NodeIdentity.generate(), NodeIdentity.generate()};
        Recording[] stores = {new Recording(), new Recording(), new Recording()};
        Network[] nodes = new Network[3];
        List<Group<Counter.Op, Unit, Long>> groups = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            nodes[i] = start(ids[i], i == 0 ? null : nodes[0]);
            groups.add(join(nodes[i], key, stores[i], dir.resolve("node-" + i)));
        }
        PeerId leaderId = await(groups.get(0).when().leaderElected(), "a leader");
        int l = indexOf(nodes, leaderId);
        Group<Counter.Op, Unit, Long> leader = groups.get(l);
        await(leader.executeMany(incs(1, 51)), "50 commands");
        eventually(() -> groups.stream().allMatch(g -> g.committed().equals(leader.committed())), "all applied");

        // Stop the leader: it voted for itself in its term, so there is a vote to keep.
        Term termBefore = leader.term();
        Cursor logBefore = leader.logPosition();
        HardState savedBefore = stores[l].lastSaved;
        assertEquals(HardState.of(termBefore, leaderId), savedBefore, "a leader's hard state: its term, its own vote");
        nodes[l].close();
        running.remove(nodes[l]);
        assertTrue(stores[l].closed, "leaving the group closed the store the builder opened");
        // Closing hands leadership over first (Raft dissertation §3.10): the member may have voted for its
        // successor in the next term and received its TermStart before it left. What it saved last is what
        // must come back.
        savedBefore = stores[l].lastSaved;
        logBefore = leader.logPosition();
        assertTrue(!savedBefore.currentTerm().isBefore(termBefore));

        // The others go on without it: a new leader, more commands.
        int a = (l + 1) % 3;
        int b = (l + 2) % 3;
        eventually(() -> groups.get(a).leader().filter(p -> !p.equals(leaderId)).isPresent(), "a new leader");
        Group<Counter.Op, Unit, Long> survivor = groups.get(a);
        await(survivor.executeMany(incs(51, 71)), "20 commands without the stopped member");
        eventually(() -> groups.get(b).committed().equals(survivor.committed()), "the two survivors agree");

        // Restart it from its directory with the same identity.
        Recording restarted = new Recording();
        nodes[l] = start(ids[l], nodes[a]);
        Group<Counter.Op, Unit, Long> back = join(nodes[l], key, restarted, dir.resolve("node-" + l));
        assertEquals(savedBefore, restarted.hardStateAtOpen, "term and vote come back from the directory");
        assertEquals(logBefore, restarted.lastAtOpen, "the log comes back whole, before any bond exists");

        eventually(() -> back.committed().equals(survivor.committed()), "the restarted member catches up");
        assertEquals(weak(survivor), weak(back));
        assertEquals(LongStream.range(1, 71).sum(), weak(back));
        assertTrue(restarted.firstAppended > logBefore.index().value(),
                "only the missing suffix was sent: first append at " + restarted.firstAppended
                        + ", the log already held up to " + logBefore.index());
        assertTrue(restarted.lowestTruncate > logBefore.index().value(),
                "nothing it had was truncated: lowest truncate at " + restarted.lowestTruncate);
        assertTrue(back.term().value() > termBefore.value(), "it adopted the new leader's term");
    }

    private Network start(NodeIdentity id, Network bootstrap) {
        InProcessTransport transport = InProcessTransport.on(net, TransportConfig.of(id, new Endpoint("node", 0)));
        Network.Builder builder = Network.builder().identity(id).transport(transport);
        if (bootstrap != null) {
            builder.bootstrap(bootstrap.localId(), bootstrap.endpoint());
        }
        Network n = builder.start();
        running.add(n);
        return n;
    }

    private static Group<Counter.Op, Unit, Long> join(Network n, GroupKey key, Recording store, Path dir) {
        return n.groups().withKey(key).withStateMachine(new Counter()).withConsensusConfig(CONFIG)
                .withLogStorage(store, dir).join();
    }

    private static int indexOf(Network[] nodes, PeerId id) {
        for (int i = 0; i < nodes.length; i++) {
            if (nodes[i].localId().equals(id)) {
                return i;
            }
        }
        throw new AssertionError("no node " + id.shortHex());
    }

    private static List<Counter.Op> incs(long from, long toExclusive) {
        return LongStream.range(from, toExclusive).mapToObj(Counter.Op::inc).toList();
    }

    private static long weak(Group<Counter.Op, Unit, Long> g) {
        return await(g.query(Unit.INSTANCE, Consistency.WEAK), "a weak query").result();
    }

    private static <T> T await(CompletableFuture<T> f, String what) {
        try {
            return f.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("timed out or failed waiting for " + what + ": " + e, e);
        }
    }

    private static void eventually(BooleanSupplier condition, String what) {
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

    /**
     * The Chronicle provider, with a record of what the group did to the one store it opened: the
     * state found at open, the lowest index appended or truncated afterwards, the last hard state saved.
     */
    private static final class Recording implements StorageProvider {
        private final ChronicleStorageProvider chronicle = new ChronicleStorageProvider();
        volatile Cursor lastAtOpen;
        volatile HardState hardStateAtOpen;
        volatile HardState lastSaved;
        volatile long firstAppended = Long.MAX_VALUE;
        volatile long lowestTruncate = Long.MAX_VALUE;
        volatile boolean closed;

        @Override
        public String name() {
            return "recording-chronicle";
        }

        @Override
        public <C> Storage<C> open(StorageSpec spec, Codec<C> codec) {
            Storage<C> store = chronicle.open(spec, codec);
            lastAtOpen = store.last();
            hardStateAtOpen = store.hardState();
            return new Recorded<>(store);
        }

        private final class Recorded<C> implements Storage<C> {
            private final Storage<C> store;

            Recorded(Storage<C> store) {
                this.store = store;
            }

            @Override
            public Index append(C command, Term term) {
                Index at = store.append(command, term);
                firstAppended = Math.min(firstAppended, at.value());
                return at;
            }

            @Override
            public void truncate(Index at) {
                lowestTruncate = Math.min(lowestTruncate, at.value());
                store.truncate(at);
            }

            @Override
            public void saveHardState(HardState state) {
                store.saveHardState(state);
                lastSaved = state;
            }

            @Override
            public void close() {
                store.close();
                closed = true;
            }

            // ------------------------------------------------------------------ plain delegation

            @Override
            public dev.groups.log.IndexRange available() {
                return store.available();
            }

            @Override
            public java.util.Optional<dev.groups.log.LogEntry<C>> get(Index index) {
                return store.get(index);
            }

            @Override
            public List<dev.groups.log.LogEntry<C>> getRange(dev.groups.log.IndexRange range) {
                return store.getRange(range);
            }

            @Override
            public Cursor last() {
                return store.last();
            }

            @Override
            public java.util.Optional<Term> termAt(Index index) {
                return store.termAt(index);
            }

            @Override
            public void prunePrefix(Index upTo) {
                store.prunePrefix(upTo);
            }

            @Override
            public void resetTo(Cursor cursor) {
                store.resetTo(cursor);
            }

            @Override
            public HardState hardState() {
                return store.hardState();
            }

            @Override
            public void flush() {
                store.flush();
            }

            @Override
            public boolean isPersistent() {
                return store.isPersistent();
            }
        }
    }
}
