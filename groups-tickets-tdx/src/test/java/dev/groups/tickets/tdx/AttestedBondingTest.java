package dev.groups.tickets.tdx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.groups.consensus.ConsensusConfig;
import dev.groups.id.GroupId;
import dev.groups.id.GroupKey;
import dev.groups.id.NetworkId;
import dev.groups.id.NodeIdentity;
import dev.groups.id.PeerId;
import dev.groups.log.Index;
import dev.groups.machine.Unit;
import dev.groups.raft.Group;
import dev.groups.raft.Network;
import dev.groups.raft.discovery.SignedPeerEntry;
import dev.groups.raft.transport.InProcessNetwork;
import dev.groups.raft.transport.InProcessTransport;
import dev.groups.tickets.Expiration;
import dev.groups.tickets.InvalidTicket;
import dev.groups.tickets.Ticket;
import dev.groups.tickets.TicketHolder;
import dev.groups.tickets.TicketVerdict;
import dev.groups.tickets.tdx.internal.TicketCodec;
import dev.groups.transport.Endpoint;
import dev.groups.transport.TransportConfig;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Attested bonding at the group level: real {@link Network}s over the in-process transport, joining a
 * group that {@code requireTicket}s a {@link TdxTicketValidator}. Every node builds its own TDX ticket
 * with {@link TdxTicketBuilder} over a test {@link QuoteProvider} ({@link TestTd}) that signs quotes
 * through the test PKI ({@link TestPki}, {@link TestQuotes}); the policy pins that PKI's root and
 * requires the measurements of "the expected software" ({@link #EXPECTED}).
 *
 * <p>Validation runs on the real clock: the test PKI is valid from 2020 to 2040 ({@link #clockIsInsideTheTestPki}
 * checks it), and tickets expire an hour after they are quoted, which the policy's max lifetime allows.
 *
 * <p>Each scenario runs with a group key from a shared secret (so the refused node knows the key and
 * only its ticket keeps it out) and with {@link GroupKey#from(dev.groups.tickets.TicketValidator)}.
 * Waits are bounded; refusals are observed over a settle period during which a sampler also checks
 * that no accepted member ever lists a refused node.
 */
class AttestedBondingTest {
    private static final ConsensusConfig FAST = ConsensusConfig.builder()
            .heartbeatInterval(Duration.ofMillis(100)).heartbeatJitter(Duration.ofMillis(30)).maxMissedHeartbeats(5)
            .electionTimeout(Duration.ofMillis(600)).electionTimeoutJitter(Duration.ofMillis(200))
            .bootstrapDelay(Duration.ofMillis(200)).build();
    private static final long TIMEOUT_MS = 15_000;
    /** How long refused nodes get to try: several dial retries (backoff 200 ms, 400 ms, 800 ms…) and scans. */
    private static final long SETTLE_MS = 2_500;
    private static final NetworkId NETWORK = NetworkId.of("attested-bonding-test");
    private static final Duration LIFETIME = Duration.ofHours(1);

    private static final TestPki PKI = new TestPki("Attested Bonding");

    /** Measurements A: "the expected software". */
    private static final Measurements EXPECTED = new Measurements(TestQuotes.MRTD, TestQuotes.RTMR0,
            "a1".repeat(48), "a2".repeat(48));
    /**
     * Measurements B: the same TD firmware and kernel (MRTD, RTMR0, RTMR1) running another workload
     * (RTMR2). Differing only in the last register checked proves the whole baseline is enforced.
     */
    private static final Measurements OTHER = new Measurements(TestQuotes.MRTD, TestQuotes.RTMR0,
            "a1".repeat(48), "b2".repeat(48));

    private static final TdxPolicy POLICY = TdxPolicy.builder()
            .pinnedRoot(PKI.root)
            .baseline(MeasurementCriteria.builder().mrtd(EXPECTED.mrtd).rtmr(0, EXPECTED.rtmr0)
                    .rtmr(1, EXPECTED.rtmr1).rtmr(2, EXPECTED.rtmr2).build())
            .maxLifetime(Duration.ofHours(2))
            .build();

    /** How the group key is obtained; the group must behave the same either way. */
    enum KeyKind {
        /** A secret every node knows, the refused ones included. */
        SHARED_SECRET,
        /** {@code GroupKey.from(validator)}: public, so admission rests on the tickets alone. */
        FROM_VALIDATOR
    }

    private final InProcessNetwork net = InProcessNetwork.create();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "attested-bonding-sampler");
        t.setDaemon(true);
        return t;
    });
    /** What the sampler saw that must never happen: "member lists refused peer". */
    private final Set<String> violations = ConcurrentHashMap.newKeySet();
    private final AtomicInteger samples = new AtomicInteger();

    @BeforeAll
    static void clockIsInsideTheTestPki() {
        Instant now = Instant.now();
        assertTrue(now.isAfter(TestPki.NOT_BEFORE.plus(LIFETIME)) && now.plus(LIFETIME).isBefore(TestPki.NOT_AFTER),
                "these tests validate on the real clock, which must lie inside the test PKI's validity: " + now);
    }

    @AfterEach
    void close() throws Exception {
        sampler.shutdownNow();
        for (AutoCloseable c : closeables) {
            c.close();
        }
    }

    // ------------------------------------------------------------------------------------------- scenarios

    @ParameterizedTest
    @EnumSource(KeyKind.class)
    void matchingMeasurementsBondAndDifferentOnesDoNot(KeyKind keyKind) throws IOException {
        Network n0 = start();
        Network n1 = start();
        Network n2 = start();
        Ticket t0 = publish(n0, new TestTd(EXPECTED));
        Ticket t1 = publish(n1, new TestTd(EXPECTED));
        Ticket t2 = publish(n2, new TestTd(OTHER));

        // What each node's ticket is worth on its own, so that the group-level outcome below is known to
        // come from the measurements, not from a broken ticket or clock.
        TdxTicketValidator probe = new TdxTicketValidator(POLICY);
        assertTrue(probe.validate(t0, holder(n0), Instant.now()).isValid(), "n0's ticket is valid");
        assertTrue(probe.validate(t1, holder(n1), Instant.now()).isValid(), "n1's ticket is valid");
        String reason = invalid(probe.validate(t2, holder(n2), Instant.now()));
        assertTrue(reason.contains("RTMR2"), "n2 is refused for its measurements: " + reason);

        discoverAll(n0, n1, n2);
        Group<Unit, Unit, Unit> g0 = join(n0, keyKind);
        Group<Unit, Unit, Unit> g1 = join(n1, keyKind);
        Group<Unit, Unit, Unit> g2 = join(n2, keyKind);
        assertEquals(g0.id(), g1.id(), "same key, machine, config and policy: same group");
        assertEquals(g0.id(), g2.id(), "n2 joins the very same group id");
        watchNeverListed(n2, Map.of("n0", g0, "n1", g1));

        assertPairBondsAndReplicates(n0, g0, n1, g1);
        assertRefusedAfterSettling(g0.id(), Map.of("n2", n2), Map.of("n2", g2), Map.of("n0", n0, "n1", n1),
                Map.of("n0", g0, "n1", g1));
        assertEquals(List.of(n1.localId()), g0.bonds().peers(), "n0 is bonded with n1 only");
        assertEquals(List.of(n0.localId()), g1.bonds().peers(), "n1 is bonded with n0 only");
    }

    @ParameterizedTest
    @EnumSource(KeyKind.class)
    void aTicketWhoseQuoteWasMadeForAnotherPeerIsRefused(KeyKind keyKind) throws IOException {
        Network n0 = start();
        Network n1 = start();
        Network copier = start();
        Network rewrapper = start();
        Ticket t0 = publish(n0, new TestTd(EXPECTED));
        publish(n1, new TestTd(EXPECTED));

        // The copier presents n0's ticket byte for byte: a genuine quote, measurements A, bound to n0.
        Ticket copied = new Ticket(t0.ticketClass(), t0.data());
        copier.discovery().addTicket(copied);
        // The rewrapper keeps n0's quote but claims it was made for itself: new extra data, same quote.
        TicketCodec.Decoded decoded = decode(t0);
        TdxExtraData claimed = new TdxExtraData(rewrapper.localId(), rewrapper.networkId(),
                decoded.extra().startedAt(), decoded.extra().quotedAt(), decoded.extra().expiration());
        Ticket rewrapped = new Ticket(TdxTicketValidator.CLASS, TicketCodec.encode(decoded.quote(), claimed));
        rewrapper.discovery().addTicket(rewrapped);

        TdxTicketValidator probe = new TdxTicketValidator(POLICY);
        assertTrue(probe.validate(t0, holder(n0), Instant.now()).isValid(), "the original is valid for n0");
        String copiedReason = invalid(probe.validate(copied, holder(copier), Instant.now()));
        assertTrue(copiedReason.contains("issued to peer " + n0.localId().shortHex()),
                "the copy is refused for its holder: " + copiedReason);
        String rewrappedReason = invalid(probe.validate(rewrapped, holder(rewrapper), Instant.now()));
        assertTrue(rewrappedReason.contains("REPORTDATA"), "the rewrapped quote fails the binding: " + rewrappedReason);

        discoverAll(n0, n1, copier, rewrapper);
        Group<Unit, Unit, Unit> g0 = join(n0, keyKind);
        Group<Unit, Unit, Unit> g1 = join(n1, keyKind);
        Group<Unit, Unit, Unit> gc = join(copier, keyKind);
        Group<Unit, Unit, Unit> gr = join(rewrapper, keyKind);
        assertEquals(g0.id(), gc.id());
        assertEquals(g0.id(), gr.id());
        watchNeverListed(copier, Map.of("n0", g0, "n1", g1, "rewrapper", gr));
        watchNeverListed(rewrapper, Map.of("n0", g0, "n1", g1, "copier", gc));

        assertPairBondsAndReplicates(n0, g0, n1, g1);
        assertRefusedAfterSettling(g0.id(), Map.of("copier", copier, "rewrapper", rewrapper),
                Map.of("copier", gc, "rewrapper", gr), Map.of("n0", n0, "n1", n1), Map.of("n0", g0, "n1", g1));
        assertEquals(List.of(n1.localId()), g0.bonds().peers());
        assertEquals(List.of(n0.localId()), g1.bonds().peers());
    }

    // ------------------------------------------------------------------------------------------- assertions

    /** n0 and n1 bond, agree on a leader among themselves, and both apply a command fed through each. */
    private void assertPairBondsAndReplicates(Network n0, Group<Unit, Unit, Unit> g0, Network n1,
                                              Group<Unit, Unit, Unit> g1) {
        eventually(() -> g0.bonds().contains(n1.localId()) && g1.bonds().contains(n0.localId()),
                "n0 and n1 bond with each other");
        eventually(() -> g0.leader().isPresent() && g0.leader().equals(g1.leader()),
                "n0 and n1 agree on a leader");
        PeerId leader = g0.leader().orElseThrow();
        assertTrue(leader.equals(n0.localId()) || leader.equals(n1.localId()),
                "the leader is one of the attested pair: " + leader.shortHex());
        Group<Unit, Unit, Unit> atLeader = leader.equals(n0.localId()) ? g0 : g1;
        Group<Unit, Unit, Unit> atFollower = atLeader == g0 ? g1 : g0;

        Index executed = await(atLeader.execute(Unit.INSTANCE), "a command committed through the leader");
        Index fed = await(atFollower.feed(Unit.INSTANCE), "a command fed through the follower");
        assertTrue(fed.compareTo(executed) > 0, "the follower's command comes after the leader's");
        eventually(() -> g0.committed().compareTo(fed) >= 0 && g1.committed().compareTo(fed) >= 0,
                "both commands committed and applied on n0 and n1");
        assertEquals(g0.logPosition(), g1.logPosition(), "n0 and n1 hold the same log");
    }

    /**
     * After {@link #SETTLE_MS}, every refused node has 0 bonds, and no member lists any of them: not at
     * the end, and not at any sample taken meanwhile. Discovery shows that each side knew the other was a
     * member of the group, so the absence of bonds is a refusal and not a lack of opportunity.
     */
    private void assertRefusedAfterSettling(GroupId group, Map<String, Network> refused,
                                            Map<String, Group<Unit, Unit, Unit>> refusedGroups,
                                            Map<String, Network> members,
                                            Map<String, Group<Unit, Unit, Unit>> memberGroups) {
        refused.forEach((rName, r) -> members.forEach((mName, m) -> {
            eventually(() -> memberOf(r, m.localId(), group) && memberOf(m, r.localId(), group),
                    rName + " and " + mName + " know each other as members of the group");
        }));
        sleep(SETTLE_MS);
        refusedGroups.forEach((name, g) -> assertEquals(0, g.bonds().size(),
                name + " has no bonds after " + SETTLE_MS + " ms: " + g.bonds()));
        memberGroups.forEach((mName, g) -> refused.forEach((rName, r) -> assertFalse(g.bonds().contains(r.localId()),
                mName + " does not list " + rName)));
        assertTrue(samples.get() > 10, "the sampler ran: " + samples.get());
        assertEquals(Set.of(), violations, "a refused node was listed at some point");
    }

    /** Samples every 5 ms, until the test ends, that none of {@code groups} lists {@code refused} as a bond. */
    private void watchNeverListed(Network refused, Map<String, Group<Unit, Unit, Unit>> groups) {
        PeerId peer = refused.localId();
        sampler.scheduleWithFixedDelay(() -> {
            samples.incrementAndGet();
            groups.forEach((name, g) -> {
                if (g.bonds().contains(peer)) {
                    violations.add(name + " listed " + peer.shortHex());
                }
            });
        }, 0, 5, TimeUnit.MILLISECONDS);
    }

    private static boolean memberOf(Network observer, PeerId peer, GroupId group) {
        Optional<SignedPeerEntry> entry = observer.discovery().get(peer);
        return entry.isPresent() && entry.get().entry().groups().contains(group);
    }

    private static String invalid(TicketVerdict verdict) {
        return assertInstanceOf(InvalidTicket.class, verdict, () -> "expected a refusal: " + verdict).reason();
    }

    // ------------------------------------------------------------------------------------------- nodes

    private Network start() {
        NodeIdentity id = NodeIdentity.generate();
        Network n = Network.builder().identity(id).network(NETWORK)
                .transport(InProcessTransport.on(net, TransportConfig.of(id, new Endpoint("node", 0))))
                .handshakeTimeout(Duration.ofMillis(500)).start();
        closeables.add(n);
        return n;
    }

    /**
     * Builds {@code n}'s ticket in the TD {@code td} (REPORTDATA bound to its peer id, network, start
     * time, quote time and expiration) and publishes it in its discovery entry.
     */
    private static Ticket publish(Network n, TestTd td) throws IOException {
        Instant now = Instant.now();
        Ticket ticket = new TdxTicketBuilder(td)
                .startedAt(Instant.ofEpochMilli(n.discovery().me().entry().startedAt()))
                .expiration(Expiration.at(now.plus(LIFETIME)))
                .build(n.localId(), n.networkId(), now);
        assertEquals(1, td.quotes.get(), "one quote per ticket");
        TicketCodec.Decoded decoded = decode(ticket);
        assertEquals(n.localId(), decoded.extra().peerId());
        assertEquals(n.networkId(), decoded.extra().networkId());
        assertTrue(Arrays.equals(decoded.extra().reportData(), td.lastReportData), "the quote carries the binding");
        n.discovery().addTicket(ticket);
        assertTrue(n.discovery().me().entry().tickets().contains(ticket), "the entry presents the ticket");
        return ticket;
    }

    /** Each node validates with its own validator instance; the policies are equal, so is the group id. */
    private static Group<Unit, Unit, Unit> join(Network n, KeyKind keyKind) {
        TdxTicketValidator validator = new TdxTicketValidator(POLICY);
        GroupKey key = switch (keyKind) {
            case SHARED_SECRET -> GroupKey.fromSecret("attested-bonding-test");
            case FROM_VALIDATOR -> GroupKey.from(validator);
        };
        return n.groups().withKey(key).requireTicket(validator).withConsensusConfig(FAST).join();
    }

    private static TicketHolder holder(Network n) {
        return new TicketHolder(n.localId(), n.networkId());
    }

    private static TicketCodec.Decoded decode(Ticket ticket) {
        try {
            return TicketCodec.decode(ticket.data());
        } catch (Exception e) {
            throw new AssertionError("the ticket does not decode: " + e, e);
        }
    }

    /** Pairwise catalog exchange, so every node knows every other's entry (and ticket) before joining. */
    private static void discoverAll(Network... nodes) {
        for (int i = 0; i < nodes.length; i++) {
            for (int j = i + 1; j < nodes.length; j++) {
                await(nodes[i].syncWith(nodes[j].localId(), nodes[j].endpoint()), "a catalog exchange");
            }
        }
    }

    // ------------------------------------------------------------------------------------------- the TDs

    /** The register values a TD reports. */
    private record Measurements(String mrtd, String rtmr0, String rtmr1, String rtmr2) {}

    /**
     * A TD running software with the given measurements: a {@link QuoteProvider} whose quotes are built
     * by {@link TestQuotes} and signed through {@link #PKI} (attestation key → QE report signed by the
     * PCK key → PCK CA → root), with the requested REPORTDATA. Not debug.
     */
    private static final class TestTd implements QuoteProvider {
        private final TestQuotes builder = new TestQuotes(PKI);
        final AtomicInteger quotes = new AtomicInteger();
        volatile byte[] lastReportData;

        TestTd(Measurements m) {
            builder.measurement(TdReport.MR_TD, m.mrtd()).measurement(TdReport.RTMR0, m.rtmr0())
                    .measurement(TdReport.RTMR0 + Measurement.LENGTH, m.rtmr1())
                    .measurement(TdReport.RTMR0 + 2 * Measurement.LENGTH, m.rtmr2());
        }

        @Override
        public synchronized byte[] quote(byte[] reportData64) {
            assertEquals(64, reportData64.length);
            quotes.incrementAndGet();
            lastReportData = reportData64.clone();
            return builder.reportData(reportData64).build();
        }
    }

    // ------------------------------------------------------------------------------------------- waits

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
            sleep(10);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted");
        }
    }
}
