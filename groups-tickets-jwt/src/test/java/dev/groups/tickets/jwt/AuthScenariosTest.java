package dev.groups.tickets.jwt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.groups.consensus.ConsensusConfig;
import dev.groups.id.GroupId;
import dev.groups.id.GroupKey;
import dev.groups.id.NodeIdentity;
import dev.groups.id.PeerId;
import dev.groups.machine.Unit;
import dev.groups.raft.Bond;
import dev.groups.raft.Bonds;
import dev.groups.raft.Group;
import dev.groups.raft.GroupBuilder;
import dev.groups.raft.Network;
import dev.groups.raft.transport.InProcessNetwork;
import dev.groups.raft.transport.InProcessTransport;
import dev.groups.tickets.Expiration;
import dev.groups.tickets.InvalidTicket;
import dev.groups.tickets.Ticket;
import dev.groups.tickets.TicketAuthorization;
import dev.groups.tickets.TicketHolder;
import dev.groups.tickets.TicketValidator;
import dev.groups.tickets.TicketVerdict;
import dev.groups.transport.CloseReason;
import dev.groups.transport.Endpoint;
import dev.groups.transport.TransportConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * mosaik's {@code tests/groups/auth.rs} scenarios (spec §9), plus the ticket-expiry scenario of
 * {@code tests/tickets/jwt.rs} applied to bonds and the ES256 variant of the first scenario: groups gated
 * by {@link Jwt} tickets (spec §3.8), run by the real group runtime (its threads and timers) over the
 * in-process transport.
 *
 * <p>As in mosaik's helpers: the HS256 secret is the hash of {@code "mosaik.test.jwt.secret"} (SHA-256
 * here, this project's replacement for BLAKE3), the issuer is {@code "mosaik.test.jwt.issuer"}, tickets
 * are bound to their holder's peer id ({@code sub}) and valid for an hour, and every member of a group
 * requires the validator. Consensus timings are scaled down (100 ms heartbeats). Every wait is bounded
 * and fails with a message; a "0 bonds" check first lets the rejected dials happen ({@link #SETTLE_MS}).
 */
class AuthScenariosTest {
    /** The fast timings of the testkit's scenarios; only the three heartbeat fields enter the group id. */
    static final ConsensusConfig CONFIG = ConsensusConfig.builder()
            .heartbeatInterval(Duration.ofMillis(100)).heartbeatJitter(Duration.ofMillis(30))
            .maxMissedHeartbeats(10).electionTimeout(Duration.ofMillis(600))
            .electionTimeoutJitter(Duration.ofMillis(300)).bootstrapDelay(Duration.ofMillis(300))
            .forwardTimeout(Duration.ofSeconds(2)).queryTimeout(Duration.ofSeconds(2)).build();
    /** Bound for bonds to form (mosaik: 8 s at full timings), with slack for a loaded machine. */
    static final long TIMEOUT_MS = 10_000;
    /**
     * How long "0 bonds" checks let rejected peers try first. A rejected dial fails within milliseconds
     * here; 1.5 s covers several redials (backoff 200 ms doubling) and one full catalog re-scan (1 s).
     */
    private static final long SETTLE_MS = 1_500;
    /**
     * How long a bond may outlive its peer's revocation or expiry before a heartbeat timeout could
     * explain its end instead: {@code maxMissedHeartbeats × heartbeatInterval}.
     */
    static final long HEARTBEAT_WINDOW_MS = CONFIG.maxMissedHeartbeats() * CONFIG.heartbeatInterval().toMillis();

    static final String ISSUER = "mosaik.test.jwt.issuer";
    static final Hs256 SECRET = Hs256.of(sha256("mosaik.test.jwt.secret"));

    private final InProcessNetwork net = InProcessNetwork.create();
    private final List<Network> networks = new ArrayList<>();

    @AfterEach
    void closeNetworks() {
        for (Network n : networks) {
            n.close();
        }
        networks.clear();
    }

    // ------------------------------------------------------------------------------------------ auth.rs

    /** mosaik {@code jwt_authorized_peers_can_bond}. */
    @Test
    void authorizedPeersBondAndOthersDoNot() {
        onlyValidTicketHoldersBond(SECRET, validator(SECRET, ISSUER));
    }

    /** mosaik {@code bond_terminated_on_jwt_ticket_revocation}, without feeding n1's entry to n0 by hand. */
    @Test
    void revokingTheTicketTearsTheBondDown() {
        Jwt jwt = validator(SECRET, ISSUER);
        Network n0 = node();
        Network n1 = node();
        n0.discovery().addTicket(validTicket(SECRET, ISSUER, n0));
        n1.discovery().addTicket(validTicket(SECRET, ISSUER, n1));
        discoverAll(n0, n1);
        GroupKey key = GroupKey.fromSecret("auth-revocation-test-secret");
        Group<Unit, Unit, Unit> g0 = join(n0, key, jwt);
        Group<Unit, Unit, Unit> g1 = join(n1, key, jwt);
        awaitBonded(g0, "n0", n1);
        awaitBonded(g1, "n1", n0);
        Bond bond = g0.bonds().get(n1.localId()).orElseThrow();

        // n1 withdraws its ticket: its new entry reaches n0 over the bond (PeerEntryUpdate), which revokes.
        long revokedAt = System.nanoTime();
        n1.discovery().removeTicketsOf(Jwt.CLASS);
        assertTrue(n1.discovery().me().entry().tickets().isEmpty(), "n1 publishes no ticket any more");
        eventually(() -> g0.bonds().isEmpty(), HEARTBEAT_WINDOW_MS,
                () -> "n0 drops its bond with n1 within the heartbeat window (" + HEARTBEAT_WINDOW_MS
                        + " ms) of the revocation; bonds " + g0.bonds());
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - revokedAt);
        assertEquals(CloseReason.NOT_ALLOWED, await(bond.terminated(), 1_000, "n0's bond to end"),
                "revocation, not a heartbeat timeout, ended the bond (after " + tookMs + " ms)");

        // It stays down: n1 still accepts n0's ticket and redials, but n0 refuses (NOT_ALLOWED before the proof).
        sleep(SETTLE_MS);
        assertEquals(List.of(), g0.bonds().peers(), "n0 never re-bonds with the revoked n1");
        assertEquals(List.of(), g1.bonds().peers(), "n1's redials are refused");
    }

    /** mosaik {@code group_key_derived_from_jwt_validator}. */
    @Test
    void groupKeyDerivedFromTheValidator() {
        Jwt jwt = validator(SECRET, ISSUER);
        Jwt sameConfiguration = validator(SECRET, ISSUER);
        GroupKey key = GroupKey.from(jwt);
        assertEquals(key, GroupKey.from(jwt), "the same validator gives the same key");
        assertEquals(key, GroupKey.from(sameConfiguration), "an equally configured validator gives the same key");
        assertNotEquals(key, GroupKey.from(validator(SECRET, "another.issuer")), "another policy, another key");
        assertNotEquals(key, GroupKey.from(validator(Hs256.random(), ISSUER)), "another secret, another key");

        Network n0 = node();
        Network n1 = node();
        n0.discovery().addTicket(validTicket(SECRET, ISSUER, n0));
        n1.discovery().addTicket(validTicket(SECRET, ISSUER, n1));
        discoverAll(n0, n1);
        Group<Unit, Unit, Unit> g0 = join(n0, GroupKey.from(jwt), jwt);
        Group<Unit, Unit, Unit> g1 = join(n1, GroupKey.from(sameConfiguration), sameConfiguration);
        assertEquals(g0.id(), g1.id(), "the same key and validator derive the same group id");
        awaitBonded(g0, "n0", n1);
        awaitBonded(g1, "n1", n0);
    }

    /** mosaik {@code mismatched_jwt_auth_config_prevents_bonding}; here both nodes even hold valid tickets. */
    @Test
    void mismatchedValidatorConfigurationMeansDifferentGroups() {
        Jwt jwt = validator(SECRET, ISSUER);
        Network n0 = node();
        Network n1 = node();
        n0.discovery().addTicket(validTicket(SECRET, ISSUER, n0));
        n1.discovery().addTicket(validTicket(SECRET, ISSUER, n1));
        discoverAll(n0, n1);
        GroupKey key = GroupKey.fromSecret("auth-mismatch-test-secret");
        Group<Unit, Unit, Unit> g0 = join(n0, key, jwt);
        Group<Unit, Unit, Unit> g1 = join(n1, key);
        Set<PeerId> ever0 = everBonded(g0);
        Set<PeerId> ever1 = everBonded(g1);
        assertNotEquals(g0.id(), g1.id(), "requiring a ticket is part of the group id");

        sleep(SETTLE_MS);
        assertEquals(0, g0.bonds().size(), "g0 has no bonds");
        assertEquals(0, g1.bonds().size(), "g1 has no bonds");
        assertEquals(Set.of(), ever0, "g0 never bonded");
        assertEquals(Set.of(), ever1, "g1 never bonded");
    }

    /** mosaik {@code multiple_ticket_validators}: every validator must accept one of the peer's tickets (AND). */
    @Test
    void multipleValidatorsNeedBothTickets() {
        Hs256 alphaSecret = Hs256.of(sha256("secret-alpha"));
        Hs256 betaSecret = Hs256.of(sha256("secret-beta"));
        Jwt alpha = validator(alphaSecret, "issuer-alpha");
        Jwt beta = validator(betaSecret, "issuer-beta");
        Network n0 = node();
        Network n1 = node();
        Network n2 = node();
        Network n3 = node();
        for (Network n : List.of(n0, n1)) {
            n.discovery().addTicket(validTicket(alphaSecret, "issuer-alpha", n));
            n.discovery().addTicket(validTicket(betaSecret, "issuer-beta", n));
        }
        n2.discovery().addTicket(validTicket(alphaSecret, "issuer-alpha", n2)); // no beta ticket
        n3.discovery().addTicket(validTicket(betaSecret, "issuer-beta", n3)); // no alpha ticket
        // The fixtures are what they claim: both tickets needed, either alone refused.
        List<TicketValidator> both = List.of(alpha, beta);
        assertInstanceOf(TicketVerdict.Valid.class, authorize(both, n0));
        assertInstanceOf(InvalidTicket.class, authorize(both, n2));
        assertInstanceOf(InvalidTicket.class, authorize(both, n3));
        discoverAll(n0, n1, n2, n3);

        GroupKey key = GroupKey.fromSecret("multi-auth-group-secret");
        Group<Unit, Unit, Unit> g0 = join(n0, key, alpha, beta);
        Group<Unit, Unit, Unit> g1 = join(n1, key, alpha, beta);
        Group<Unit, Unit, Unit> g2 = join(n2, key, alpha, beta);
        Group<Unit, Unit, Unit> g3 = join(n3, key, alpha, beta);
        assertNotEquals(g0.id(), groupId(key, beta, alpha), "the validators count in order (spec §2.1)");
        assertTheAuthorizedPairOnly(g0, g1, g2, g3, n0, n1, "only an alpha ticket", "only a beta ticket");
    }

    // ------------------------------------------------------------------------------- tickets/jwt.rs, ES256

    /**
     * mosaik's {@code stream_*_ticket_expiry} applied to bonds (spec §3.8 (d), (e)): the bond ends when the
     * peer's ticket expires; a ticket replaced in time with a later one keeps the bond.
     */
    @Test
    void anExpiringTicketEndsItsBondAndARefreshKeepsIt() {
        Jwt jwt = validator(SECRET, ISSUER);
        Instant issued = Instant.now();
        // exp is whole seconds: 2 to 3 s from now.
        Instant exp = Instant.ofEpochSecond(issued.plusSeconds(3).getEpochSecond());
        // Pair A: n1's ticket expires. Pair B: n3's would, but n3 refreshes it in time. Two groups.
        Network n0 = node();
        Network n1 = node();
        Network n2 = node();
        Network n3 = node();
        n0.discovery().addTicket(validTicket(SECRET, ISSUER, n0));
        n2.discovery().addTicket(validTicket(SECRET, ISSUER, n2));
        Ticket shortLived1 = ticket(SECRET, ISSUER, n1, Expiration.at(exp), issued);
        n1.discovery().addTicket(shortLived1);
        n3.discovery().addTicket(ticket(SECRET, ISSUER, n3, Expiration.at(exp), issued));
        assertEquals(TicketVerdict.valid(Expiration.at(exp)), jwt.validate(shortLived1, holder(n1), issued),
                "the short ticket is valid until exp");
        discoverAll(n0, n1);
        discoverAll(n2, n3);
        Group<Unit, Unit, Unit> g0 = join(n0, GroupKey.fromSecret("expiry-pair-a"), jwt);
        Group<Unit, Unit, Unit> g1 = join(n1, GroupKey.fromSecret("expiry-pair-a"), jwt);
        Group<Unit, Unit, Unit> g2 = join(n2, GroupKey.fromSecret("expiry-pair-b"), jwt);
        Group<Unit, Unit, Unit> g3 = join(n3, GroupKey.fromSecret("expiry-pair-b"), jwt);
        awaitBonded(g0, "n0", n1);
        awaitBonded(g1, "n1", n0);
        awaitBonded(g2, "n2", n3);
        awaitBonded(g3, "n3", n2);
        Bond bondA = g0.bonds().get(n1.localId()).orElseThrow();
        Bond bondB = g2.bonds().get(n3.localId()).orElseThrow();
        // When the bond ended, read on the group's thread as it ends (not when this thread wakes up).
        CompletableFuture<Instant> endA = bondA.terminated().thenApply(r -> Instant.now());

        // n3 refreshes its ticket well before exp: replaceTicket swaps it in one entry version.
        Instant refreshAt = Instant.now();
        assertTrue(refreshAt.isBefore(exp.minusMillis(500)),
                "the bonds formed too late to refresh before exp (now " + refreshAt + ", exp " + exp + ")");
        n3.discovery().replaceTicket(ticket(SECRET, ISSUER, n3, Expiration.at(exp.plusSeconds(3600)), refreshAt));
        assertEquals(1, n3.discovery().me().entry().tickets().size(), "the old ticket is gone, the new one in");

        long untilEnd = Duration.between(Instant.now(), exp).toMillis() + HEARTBEAT_WINDOW_MS;
        CloseReason reason = await(bondA.terminated(), untilEnd, "n0's bond with n1 to end after n1's ticket expired");
        assertEquals(CloseReason.NOT_ALLOWED, reason, "the expiry timer, not a heartbeat timeout, ended the bond");
        Instant ended = await(endA, 1_000, "the end time");
        assertFalse(ended.isBefore(exp), "the bond lasted while the ticket was valid (ended " + ended + ", exp " + exp + ")");
        assertTrue(ended.isBefore(exp.plusMillis(1_000)), "the bond ended shortly after exp (ended " + ended
                + ", exp " + exp + ")");

        // Past the first exp (and a full second more): pair B still has the very same bond, on both sides.
        sleepUntil(exp.plusMillis(1_000));
        assertFalse(bondB.isTerminated(), () -> "the refreshed bond survives exp; ended with "
                + bondB.terminated().getNow(null));
        assertEquals(bondB.id(), g2.bonds().get(n3.localId()).map(Bond::id).orElse(-1L), "n2 keeps the same bond with n3");
        assertTrue(g3.bonds().contains(n2.localId()), "n3 keeps its bond with n2");

        // Pair A stays apart: n1 redials n0 (n0's ticket is fine), n0 refuses the expired one.
        assertEquals(List.of(), g0.bonds().peers(), "n0 never re-bonds with the expired n1");
        eventually(() -> g1.bonds().isEmpty(), TIMEOUT_MS, () -> "n1 loses its bond too; bonds " + g1.bonds());
    }

    /** The ES256 variant of {@link #authorizedPeersBondAndOthersDoNot} (mosaik {@code es256_asymmetric_tickets}). */
    @Test
    void es256TicketsAdmitOnlyTheirHolders() {
        Es256SigningKey signer = Es256SigningKey.random();
        // The validator knows only the compressed public key (33 bytes, as a hex constant would give it).
        Es256 publicKey = Es256.hex(signer.verifyingKey().toHex());
        assertEquals(Es256.LENGTH, publicKey.toBytes().length);
        onlyValidTicketHoldersBond(signer, validator(publicKey, ISSUER));
    }

    // ------------------------------------------------------------------------------------------ scenario

    /** n0 and n1 hold valid tickets, n2 an expired one, n3 none: only n0 and n1 bond, with each other. */
    private void onlyValidTicketHoldersBond(SigningKey signer, Jwt jwt) {
        Network n0 = node();
        Network n1 = node();
        Network n2 = node();
        Network n3 = node();
        Instant now = Instant.now();
        n0.discovery().addTicket(validTicket(signer, ISSUER, n0));
        n1.discovery().addTicket(validTicket(signer, ISSUER, n1));
        Ticket expired = ticket(signer, ISSUER, n2, Expiration.alreadyExpired(now), now.minus(Duration.ofHours(2)));
        n2.discovery().addTicket(expired);
        // The fixtures are what they claim: n2's ticket is genuine but expired, n3 has none.
        assertInstanceOf(TicketVerdict.Valid.class, authorize(List.of(jwt), n0));
        InvalidTicket whyNot = assertInstanceOf(InvalidTicket.class, jwt.validate(expired, holder(n2), now));
        assertTrue(whyNot.reason().contains("exp"), () -> "n2's ticket is refused for its expiry: " + whyNot.reason());
        assertInstanceOf(InvalidTicket.class, authorize(List.of(jwt), n3));
        discoverAll(n0, n1, n2, n3);

        GroupKey key = GroupKey.fromSecret("auth-group-secret");
        Group<Unit, Unit, Unit> g0 = join(n0, key, jwt);
        Group<Unit, Unit, Unit> g1 = join(n1, key, jwt);
        Group<Unit, Unit, Unit> g2 = join(n2, key, jwt);
        Group<Unit, Unit, Unit> g3 = join(n3, key, jwt);
        assertTheAuthorizedPairOnly(g0, g1, g2, g3, n0, n1, "an expired ticket", "no ticket");
    }

    /** g0 and g1 bond with each other and with nobody else, ever; g2 and g3 never bond at all. */
    private void assertTheAuthorizedPairOnly(Group<Unit, Unit, Unit> g0, Group<Unit, Unit, Unit> g1,
                                             Group<Unit, Unit, Unit> g2, Group<Unit, Unit, Unit> g3, Network n0,
                                             Network n1, String n2Has, String n3Has) {
        List<Set<PeerId>> ever = List.of(everBonded(g0), everBonded(g1), everBonded(g2), everBonded(g3));
        awaitBonded(g0, "n0", n1);
        awaitBonded(g1, "n1", n0);
        sleep(SETTLE_MS); // let n2 and n3 try (and be refused)
        assertEquals(List.of(n1.localId()), g0.bonds().peers(), "n0 is bonded with n1 only");
        assertEquals(List.of(n0.localId()), g1.bonds().peers(), "n1 is bonded with n0 only");
        assertEquals(Set.of(n1.localId()), ever.get(0), "n0 never listed anyone but n1");
        assertEquals(Set.of(n0.localId()), ever.get(1), "n1 never listed anyone but n0");
        assertEquals(0, g2.bonds().size(), "n2 (" + n2Has + ") has no bonds");
        assertEquals(0, g3.bonds().size(), "n3 (" + n3Has + ") has no bonds");
        assertEquals(Set.of(), ever.get(2), "n2 (" + n2Has + ") never bonded");
        assertEquals(Set.of(), ever.get(3), "n3 (" + n3Has + ") never bonded");
    }

    // ------------------------------------------------------------------------------------------ helpers

    private Network node() {
        NodeIdentity id = NodeIdentity.generate();
        Network n = Network.builder().identity(id)
                .transport(InProcessTransport.on(net, TransportConfig.of(id, new Endpoint("node", 0)))).start();
        networks.add(n);
        return n;
    }

    /** mosaik's {@code discover_all}: pairwise catalog exchange, 5 s each. */
    static void discoverAll(Network... nodes) {
        for (int i = 0; i < nodes.length; i++) {
            for (int j = i + 1; j < nodes.length; j++) {
                await(nodes[i].syncWith(nodes[j].localId(), nodes[j].endpoint()), 5_000, "catalog exchange n" + i + "-n" + j);
            }
        }
    }

    static Group<Unit, Unit, Unit> join(Network n, GroupKey key, TicketValidator... validators) {
        GroupBuilder b = n.groups().withKey(key).withConsensusConfig(CONFIG);
        for (TicketValidator v : validators) {
            b.requireTicket(v);
        }
        return b.join();
    }

    /** The id {@code join(…, key, validators)} derives, computed on a throwaway node in a network of its own. */
    private static GroupId groupId(GroupKey key, TicketValidator... validators) {
        NodeIdentity id = NodeIdentity.generate();
        try (Network n = Network.builder().identity(id)
                .transport(InProcessTransport.on(InProcessNetwork.create(), TransportConfig.of(id, new Endpoint("x", 0))))
                .start();
             Group<Unit, Unit, Unit> g = join(n, key, validators)) {
            return g.id();
        }
    }

    static Jwt validator(VerifyingKey key, String issuer) {
        return Jwt.withKey(key).allowIssuer(issuer).build();
    }

    static Ticket validTicket(SigningKey key, String issuer, Network holder) {
        Instant now = Instant.now();
        return ticket(key, issuer, holder, Expiration.after(now, Duration.ofHours(1)), now);
    }

    /** A ticket bound to {@code holder}'s peer id ({@code sub} defaults to it). */
    static Ticket ticket(SigningKey key, String issuer, Network holder, Expiration expiration, Instant issuedAt) {
        return JwtTicketBuilder.with(key).issuer(issuer).expiresAt(expiration).build(holder.localId(), issuedAt);
    }

    static TicketHolder holder(Network n) {
        return n.discovery().me().entry().holder();
    }

    static TicketVerdict authorize(List<TicketValidator> validators, Network n) {
        return TicketAuthorization.authorize(validators, n.discovery().me().entry().tickets(), holder(n), Instant.now());
    }

    /**
     * Every peer {@code g}'s bond set lists from now on. The set is read inside each change, on the group's
     * thread (the change future completes there, synchronously), so no bond goes unseen, however short.
     */
    private static Set<PeerId> everBonded(Group<?, ?, ?> g) {
        Set<PeerId> seen = ConcurrentHashMap.newKeySet();
        record(g.bonds(), seen);
        return seen;
    }

    private static void record(Bonds bonds, Set<PeerId> seen) {
        CompletableFuture<Bonds> next = bonds.changed(); // registered before the read: no change is missed
        seen.addAll(bonds.peers());
        next.thenAccept(b -> record(b, seen));
    }

    private static void awaitBonded(Group<?, ?, ?> g, String name, Network... peers) {
        eventually(() -> {
            for (Network p : peers) {
                if (!g.bonds().contains(p.localId())) {
                    return false;
                }
            }
            return true;
        }, TIMEOUT_MS, () -> name + " bonds with " + peers.length + " peer(s); bonds " + g.bonds());
    }

    static <T> T await(CompletableFuture<T> f, long timeoutMs, String what) {
        try {
            return f.get(Math.max(0, timeoutMs), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for " + what, e);
        } catch (Exception e) {
            throw new AssertionError("timed out (" + timeoutMs + " ms) or failed waiting for " + what + ": " + e, e);
        }
    }

    static void eventually(BooleanSupplier condition, long timeoutMs, Supplier<String> what) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeoutMs + " ms: " + what.get());
            }
            sleep(10);
        }
    }

    static void sleepUntil(Instant when) {
        long ms = Duration.between(Instant.now(), when).toMillis();
        if (ms > 0) {
            sleep(ms);
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
