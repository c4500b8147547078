package dev.groups.transport.quic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.groups.id.Digest;
import dev.groups.id.GroupId;
import dev.groups.id.GroupKey;
import dev.groups.id.NetworkId;
import dev.groups.id.NodeIdentity;
import dev.groups.id.PeerId;
import dev.groups.id.UniqueId;
import dev.groups.machine.Unit;
import dev.groups.raft.AdmissionLimits;
import dev.groups.raft.Group;
import dev.groups.raft.Network;
import dev.groups.raft.bond.BondFrame;
import dev.groups.raft.bond.BondFrameCodec;
import dev.groups.raft.bond.BondProof;
import dev.groups.raft.discovery.PeerEntry;
import dev.groups.raft.discovery.SignedPeerEntry;
import dev.groups.tickets.Ticket;
import dev.groups.transport.Channel;
import dev.groups.transport.ChannelAcceptor;
import dev.groups.transport.ChannelListener;
import dev.groups.transport.CloseReason;
import dev.groups.transport.Endpoint;
import dev.groups.transport.Transport;
import dev.groups.transport.TransportConfig;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A node without the group key, on loopback, doing what an attacker would (issue 18): it fetches the
 * catalog, sends Hellos, gets itself dialed, and floods junk and huge entries. Over real QUIC. No
 * assertion depends on speed: budgets are checked against the time that actually passed, and every
 * wait is a bounded poll.
 */
class StrangerTest {
    private static final String PASSPHRASE = "stranger suite: a passphrase, not a keygen key";
    private static final GroupKey KEY = GroupKey.fromSecret(PASSPHRASE);
    private static final NetworkId NET = NetworkId.of("groups");
    private static final long WAIT_MS = 30_000;

    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
    }

    private static Transport quic(NodeIdentity id) {
        return QuicTransport.create(TransportConfig.of(id, new Endpoint("127.0.0.1", 0)));
    }

    private Network node(Transport transport, NodeIdentity id, AdmissionLimits limits, Network bootstrap) {
        Network.Builder b = Network.builder().identity(id).network(NET).transport(transport).admissionLimits(limits)
                .handshakeTimeout(Duration.ofSeconds(2));
        if (bootstrap != null) {
            b.bootstrap(bootstrap.localId(), bootstrap.endpoint());
        }
        Network n = b.start();
        closeables.add(n);
        return n;
    }

    private Network node(Network bootstrap) {
        NodeIdentity id = NodeIdentity.generate();
        return node(quic(id), id, AdmissionLimits.defaults(), bootstrap);
    }

    private Group<Unit, Unit, Unit> join(Network n) {
        return n.groups().withKey(KEY).join();
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    /** The attacker: its own identity and QUIC endpoint, speaking the bond protocol by hand. */
    final class Stranger {
        final NodeIdentity identity = NodeIdentity.generate();
        final Transport transport = quic(identity);
        final BlockingQueue<Channel> dialedIn = new LinkedBlockingQueue<>();
        final Endpoint endpoint;

        Stranger(ChannelAcceptor acceptor) {
            closeables.add(transport);
            endpoint = transport.start(acceptor != null ? acceptor : ch -> {
                dialedIn.add(ch);
            }).join();
        }

        Stranger() {
            this(null);
        }

        SignedPeerEntry entry(Set<GroupId> groups, List<Ticket> tickets) {
            return SignedPeerEntry.sign(new PeerEntry(identity.peerId(), NET, 1, 1, List.of(endpoint),
                    new TreeSet<>(groups), new TreeSet<>(tickets)), identity);
        }

        Raw open(Network target) {
            Raw raw = new Raw(transport.connect(target.localId(), target.endpoint()).join());
            return raw;
        }
    }

    /** One channel, its frames as they arrive (bytes kept, to search them), and how it closed. */
    static final class Raw implements ChannelListener {
        final Channel channel;
        final BlockingQueue<byte[]> frames = new LinkedBlockingQueue<>();
        final List<byte[]> all = new ArrayList<>();
        final CompletableFuture<CloseReason> closed = new CompletableFuture<>();

        Raw(Channel channel) {
            this.channel = channel;
            channel.start(this);
        }

        void send(BondFrame f) {
            channel.send(BondFrameCodec.encode(f));
        }

        BondFrame next() throws Exception {
            byte[] f = frames.poll(WAIT_MS, TimeUnit.MILLISECONDS);
            if (f == null) {
                throw new AssertionError("no frame arrived; closed: " + closed.getNow(null));
            }
            return BondFrameCodec.decode(f);
        }

        CloseReason closeReason() throws Exception {
            return closed.get(WAIT_MS, TimeUnit.MILLISECONDS);
        }

        @Override
        public synchronized void onFrame(byte[] frame) {
            all.add(frame);
            frames.add(frame);
        }

        @Override
        public void onClosed(CloseReason reason, boolean byRemote) {
            closed.complete(reason);
        }

        synchronized boolean anyFrameContains(byte[] needle) {
            for (byte[] f : all) {
                outer:
                for (int i = 0; i + needle.length <= f.length; i++) {
                    for (int j = 0; j < needle.length; j++) {
                        if (f[i + j] != needle[j]) {
                            continue outer;
                        }
                    }
                    return true;
                }
            }
            return false;
        }
    }

    private static byte[] nonce(int seed) {
        byte[] n = new byte[32];
        n[0] = (byte) seed;
        n[31] = (byte) (seed >>> 8);
        return n;
    }

    /** Exchanges catalogs as {@code from}, which claims {@code groups}; returns what it was served. */
    private static List<SignedPeerEntry> fetchCatalog(Stranger from, Network target, Set<GroupId> groups,
                                                      List<List<SignedPeerEntry>> pagesToSend) throws Exception {
        Raw raw = from.open(target);
        raw.send(new BondFrame.Hello(BondFrame.Purpose.CATALOG, NET, new GroupId(Digest.zero()), nonce(1),
                from.entry(groups, List.of())));
        for (int i = 0; i < pagesToSend.size(); i++) {
            raw.send(new BondFrame.Catalog(pagesToSend.get(i), i == pagesToSend.size() - 1));
        }
        if (pagesToSend.isEmpty()) {
            raw.send(new BondFrame.Catalog(List.of(), true));
        }
        List<SignedPeerEntry> served = new ArrayList<>();
        while (true) {
            BondFrame.Catalog page = assertInstanceOf(BondFrame.Catalog.class, raw.next());
            served.addAll(page.entries());
            if (page.last()) {
                raw.channel.close(CloseReason.SUCCESS);
                return served;
            }
        }
    }

    @Test
    void aStrangerIsServedOnlyTheNodesOwnEntryAndGetsNoProofBeforeProvingItself() throws Exception {
        Network victim = node(null);
        Group<Unit, Unit, Unit> g = join(victim);
        Network member = node(victim);
        Group<Unit, Unit, Unit> gm = join(member);
        await(() -> g.bonds().contains(member.localId()) && gm.bonds().contains(victim.localId()), "the members to bond");

        Stranger s = new Stranger();
        List<SignedPeerEntry> served = fetchCatalog(s, victim, Set.of(), List.of());
        assertEquals(List.of(victim.localId()), served.stream().map(SignedPeerEntry::peerId).toList(),
                "claiming no group, a stranger learns who the node is and where, and no one else");

        // The group id is public (in the node's own entry); dial in with it and try to get a proof.
        GroupId id = served.get(0).entry().groups().first();
        assertEquals(g.id(), id);
        Raw raw = s.open(victim);
        byte[] myNonce = nonce(7);
        raw.send(new BondFrame.Hello(BondFrame.Purpose.BOND, NET, id, myNonce, s.entry(Set.of(), List.of())));
        BondFrame.Challenge c = assertInstanceOf(BondFrame.Challenge.class, raw.next());
        // The proof the old protocol put in the Challenge: nowhere in what we received.
        Digest acceptorProof = BondProof.of(KEY, BondProof.Role.ACCEPTOR, id, NET, s.identity.peerId(),
                victim.localId(), myNonce, c.nonce());
        Digest initiatorProof = BondProof.of(KEY, BondProof.Role.INITIATOR, id, NET, s.identity.peerId(),
                victim.localId(), myNonce, c.nonce());
        raw.send(new BondFrame.Proof(BondProof.of(GroupKey.fromSecret("a guess"), BondProof.Role.INITIATOR, id, NET,
                s.identity.peerId(), victim.localId(), myNonce, c.nonce()), List.of()));
        assertEquals(CloseReason.INVALID_PROOF, raw.closeReason());
        assertFalse(raw.anyFrameContains(acceptorProof.toBytes()), "no acceptor proof under the group key");
        assertFalse(raw.anyFrameContains(initiatorProof.toBytes()));
        assertEquals(1, raw.all.size(), "the Challenge (a nonce and the node's entry) is all a stranger gets");

        // Claiming the (public) group id buys the group's member list, as documented; still no proof.
        List<SignedPeerEntry> asClaimant = fetchCatalog(s, victim, Set.of(id), List.of());
        assertTrue(asClaimant.stream().anyMatch(e -> e.peerId().equals(member.localId())));
    }

    @Test
    void whatAMemberSendsAStrangerThatDialsItCostsAFullKdfEvaluationPerGuess() throws Exception {
        NodeIdentity victimId = NodeIdentity.generate();
        CountingTransport counting = new CountingTransport(quic(victimId));
        Network victim = node(counting, victimId, AdmissionLimits.defaults(), null);
        Group<Unit, Unit, Unit> g = join(victim);
        Stranger s = new Stranger();
        // Claim the group in our entry, hand it over in a catalog exchange, and wait to be dialed for
        // a bond (the member may also open a catalog exchange with us, announcing itself: skip those).
        fetchCatalog(s, victim, Set.of(g.id()), List.of());
        Raw raw = null;
        BondFrame.Hello hello = null;
        while (hello == null) {
            Channel in = s.dialedIn.poll(WAIT_MS, TimeUnit.MILLISECONDS);
            assertTrue(in != null, "the member dials a peer that claims its group");
            raw = new Raw(in);
            BondFrame.Hello first = assertInstanceOf(BondFrame.Hello.class, raw.next());
            if (first.purpose() == BondFrame.Purpose.BOND) {
                hello = first;
            } else {
                in.close(CloseReason.CANCELLED);
            }
        }
        byte[] myNonce = nonce(9);
        raw.send(new BondFrame.Challenge(myNonce, s.entry(Set.of(g.id()), List.of())));
        BondFrame.Proof proof = assertInstanceOf(BondFrame.Proof.class, raw.next());

        // The attacker's offline test of a guess: recompute the proof from a candidate key. Only the
        // full 600,000-iteration PBKDF2 of the passphrase gives it; a plain hash, or a KDF cut short,
        // does not: every guess costs the whole KDF.
        byte[] salt = GroupKey.PASSPHRASE_SALT.getBytes(StandardCharsets.US_ASCII);
        SecretKeyFactory pbkdf2 = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
        GroupKey full = GroupKey.of(Digest.fromBytes(pbkdf2.generateSecret(new PBEKeySpec(PASSPHRASE.toCharArray(), salt,
                GroupKey.PASSPHRASE_ITERATIONS, 256)).getEncoded()));
        GroupKey shortCut = GroupKey.of(Digest.fromBytes(pbkdf2.generateSecret(new PBEKeySpec(PASSPHRASE.toCharArray(),
                salt, GroupKey.PASSPHRASE_ITERATIONS - 1, 256)).getEncoded()));
        GroupKey plainHash = GroupKey.of(Digest.of(PASSPHRASE));
        for (GroupKey candidate : List.of(full, shortCut, plainHash)) {
            Digest expected = BondProof.of(candidate, BondProof.Role.INITIATOR, hello.group(), NET, victim.localId(),
                    s.identity.peerId(), hello.nonce(), myNonce);
            if (candidate == full) {
                assertEquals(expected, proof.proof(), "the full KDF output verifies the captured proof");
            } else {
                assertNotEquals(expected, proof.proof());
            }
        }
        assertTrue(GroupKey.PASSPHRASE_ITERATIONS >= 600_000);

        // We cannot prove the key back: the member closes, and does not dial this address again.
        raw.send(new BondFrame.Welcome(Digest.of("not a proof"), List.of()));
        assertEquals(CloseReason.INVALID_PROOF, raw.closeReason());
        int dialsAtFailure = counting.to(s.endpoint); // the member closed, and blocked us, before we saw it
        Thread.sleep(4_000); // several catalog scans (one a second) and retry backoffs
        assertEquals(dialsAtFailure, counting.to(s.endpoint), "an address that failed the handshake is not dialed again");
    }

    /** Counts the dials a node makes, per address. */
    static final class CountingTransport implements Transport {
        final Transport inner;
        final Map<Endpoint, AtomicInteger> dials = new ConcurrentHashMap<>();

        CountingTransport(Transport inner) {
            this.inner = inner;
        }

        int total() {
            return dials.values().stream().mapToInt(AtomicInteger::get).sum();
        }

        int to(Endpoint e) {
            AtomicInteger n = dials.get(e);
            return n == null ? 0 : n.get();
        }

        @Override
        public CompletableFuture<Endpoint> start(ChannelAcceptor acceptor) {
            return inner.start(acceptor);
        }

        @Override
        public Endpoint localEndpoint() {
            return inner.localEndpoint();
        }

        @Override
        public CompletableFuture<Channel> connect(PeerId expected, Endpoint address) {
            dials.computeIfAbsent(address, a -> new AtomicInteger()).incrementAndGet();
            return inner.connect(expected, address);
        }

        @Override
        public CompletableFuture<Channel> connectAny(Endpoint address) {
            dials.computeIfAbsent(address, a -> new AtomicInteger()).incrementAndGet();
            return inner.connectAny(address);
        }

        @Override
        public void close() {
            inner.close();
        }
    }

    /**
     * The live heap: the least "used" reading over a few full collections. With {@code under} set, keeps
     * collecting (a bounded number of rounds) until the reading falls under it, so that garbage a
     * collector has not yet returned is not mistaken for retention; what is really retained never does.
     */
    private static long usedHeapAfterGc(long under) throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 10 && (i < 3 || used >= under); i++) {
            Thread.sleep(200);
            System.gc();
            // Read at once: the nodes keep working (and allocating) while we wait.
            used = Math.min(used, rt.totalMemory() - rt.freeMemory());
        }
        return used;
    }

    @Test
    void aFloodOfJunkAndHugeEntriesLeavesTheVictimBoundedAndHonestNodesWorking() throws Exception {
        int burstPerAddress = 2;
        Duration refillPerAddress = Duration.ofSeconds(5);
        int burstGlobal = 6;
        Duration refillGlobal = Duration.ofSeconds(1);
        AdmissionLimits limits = AdmissionLimits.builder()
                .catalogCaps(1000, 4L * 1024 * 1024)
                .dialBudgetPerAddress(burstPerAddress, refillPerAddress)
                .dialBudgetGlobal(burstGlobal, refillGlobal)
                .build();
        NodeIdentity victimId = NodeIdentity.generate();
        CountingTransport counting = new CountingTransport(quic(victimId));
        Network victim = node(counting, victimId, limits, null);
        Group<Unit, Unit, Unit> g = join(victim);
        Network member = node(victim);
        Group<Unit, Unit, Unit> gm = join(member);
        await(() -> g.bonds().contains(member.localId()) && gm.bonds().contains(victim.localId()), "the members to bond");
        long heapBefore = usedHeapAfterGc(0);
        long floodStart = System.nanoTime();

        // The flood. Junk identities claim the group and point at the stranger's address (and ten
        // more that never answer), to turn the member into a source of handshakes aimed there.
        Stranger s = new Stranger(ch -> ch.close(CloseReason.CANCELLED));
        List<Endpoint> deadEnds = new ArrayList<>();
        List<DatagramSocket> sinks = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            DatagramSocket sink = new DatagramSocket(0, InetAddress.getLoopbackAddress());
            sinks.add(sink);
            closeables.add(sink::close);
            deadEnds.add(new Endpoint("127.0.0.1", sink.getLocalPort()));
        }
        Set<GroupId> claim = Set.of(g.id());
        int junkCount = 2000;
        List<List<SignedPeerEntry>> junkPages = new ArrayList<>();
        List<SignedPeerEntry> page = new ArrayList<>();
        for (int i = 0; i < junkCount; i++) {
            NodeIdentity junk = NodeIdentity.generate();
            Endpoint target = i % 2 == 0 ? s.endpoint : deadEnds.get(i % deadEnds.size());
            page.add(SignedPeerEntry.sign(new PeerEntry(junk.peerId(), NET, 1, 1, List.of(target), new TreeSet<>(claim),
                    new TreeSet<>()), junk));
            if (page.size() == 500) {
                junkPages.add(page);
                page = new ArrayList<>();
            }
        }
        for (List<SignedPeerEntry> junk : junkPages) {
            fetchCatalog(s, victim, claim, List.of(junk)); // one exchange may carry at most a catalog's worth
        }
        junkPages = null;
        // Huge entries: ~3.7 MB each (58 tickets of 64 KiB), one per page, as the report did.
        int hugeCount = 12;
        long hugeBytes = 0;
        for (int i = 0; i < hugeCount; i++) {
            NodeIdentity big = NodeIdentity.generate();
            TreeSet<Ticket> tickets = new TreeSet<>();
            for (int t = 0; t < 58; t++) {
                byte[] data = new byte[64 * 1024];
                data[0] = (byte) t;
                data[1] = (byte) i;
                tickets.add(new Ticket(UniqueId.of("junk" + t), data));
            }
            SignedPeerEntry huge = SignedPeerEntry.sign(new PeerEntry(big.peerId(), NET, 1, 1, List.of(s.endpoint),
                    new TreeSet<>(claim), tickets), big);
            hugeBytes += huge.encodedSize();
            fetchCatalog(s, victim, claim, List.of(List.of(huge)));
        }
        System.out.printf("stranger flood: junk and huge entries sent after %.1f s%n", (System.nanoTime() - floodStart) / 1e9);
        // Junk Hellos, each carrying a huge entry of the stranger's own, never followed by a proof.
        TreeSet<Ticket> ownTickets = new TreeSet<>();
        for (int t = 0; t < 58; t++) {
            byte[] data = new byte[64 * 1024];
            data[0] = (byte) t;
            ownTickets.add(new Ticket(UniqueId.of("own" + t), data));
        }
        SignedPeerEntry hugeOwn = s.entry(claim, new ArrayList<>(ownTickets));
        List<Raw> hellos = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Raw raw = s.open(victim);
            raw.send(new BondFrame.Hello(BondFrame.Purpose.BOND, NET, g.id(), nonce(100 + i), hugeOwn));
            hellos.add(raw);
        }
        for (Raw raw : hellos) {
            raw.closeReason(); // the handshake timeout ends each (no proof ever comes)
        }
        hugeOwn = null;
        hellos = null;
        ownTickets = null;
        System.out.printf("stranger flood: huge Hellos closed after %.1f s%n", (System.nanoTime() - floodStart) / 1e9);

        // Bounded: the catalog kept within its caps, and nothing over the entry cap was kept.
        assertTrue(victim.discovery().size() <= 1000, "entries: " + victim.discovery().size());
        assertTrue(victim.discovery().bytes() <= 4L * 1024 * 1024, "bytes: " + victim.discovery().bytes());
        assertTrue(victim.discovery().peers().stream().allMatch(e -> e.encodedSize() <= limits.maxEntryBytes()));
        long heapAfter = usedHeapAfterGc(heapBefore + 32L * 1024 * 1024);
        System.out.printf("stranger flood: %d junk entries, %d huge entries (%.1f MiB) and 4 huge Hellos; victim heap "
                        + "(used after GC) %.1f MiB before, %.1f MiB after; catalog %d entries, %.1f KiB%n",
                junkCount, hugeCount, hugeBytes / 1048576.0, heapBefore / 1048576.0, heapAfter / 1048576.0,
                victim.discovery().size(), victim.discovery().bytes() / 1024.0);
        // The huge entries and Hellos were ~59 MiB; keeping them (as before this was bounded) would show here.
        assertTrue(heapAfter - heapBefore < 32L * 1024 * 1024, "heap grew by " + (heapAfter - heapBefore) + " bytes");

        // Honest catalog exchange still works, and a new honest node still finds and bonds the group.
        assertTrue(member.syncWith(victim.localId(), victim.endpoint()).get(WAIT_MS, TimeUnit.MILLISECONDS) >= 0);
        System.out.printf("stranger flood: honest exchange done after %.1f s%n", (System.nanoTime() - floodStart) / 1e9);
        Network newcomer = node(victim);
        Group<Unit, Unit, Unit> gn = join(newcomer);
        await(() -> gn.bonds().contains(victim.localId()) && gn.bonds().contains(member.localId()),
                "a new honest node to bond with both members after the flood");

        // Dials stayed within budget, measured against the time that actually passed.
        double elapsed = (System.nanoTime() - floodStart) / 1e9;
        int toStranger = counting.to(s.endpoint);
        long perAddressCap = burstPerAddress + (long) Math.ceil(elapsed / refillPerAddress.toSeconds()) + 1;
        assertTrue(toStranger <= perAddressCap, toStranger + " dials to one address in " + elapsed + " s");
        int junkDials = toStranger;
        for (Endpoint e : deadEnds) {
            junkDials += counting.to(e);
        }
        long globalCap = burstGlobal + (long) Math.ceil(elapsed / refillGlobal.toSeconds()) + 1;
        assertTrue(junkDials <= globalCap, junkDials + " dials to junk addresses in " + elapsed + " s");
        System.out.printf("stranger flood: the victim dialed junk addresses %d times in %.1f s (%d to the stranger's)%n",
                junkDials, elapsed, toStranger);
        Collection<Endpoint> dialed = new HashSet<>(counting.dials.keySet());
        assertFalse(dialed.isEmpty());
    }
}
