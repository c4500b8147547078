package dev.groups.testkit.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.groups.consensus.ConsensusConfig;
import dev.groups.id.Digest;
import dev.groups.id.GroupId;
import dev.groups.id.GroupKey;
import dev.groups.id.NetworkId;
import dev.groups.id.NodeIdentity;
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
import dev.groups.tickets.TicketHolder;
import dev.groups.tickets.TicketValidator;
import dev.groups.tickets.TicketVerdict;
import dev.groups.tickets.Expiration;
import dev.groups.transport.Channel;
import dev.groups.transport.ChannelListener;
import dev.groups.transport.CloseReason;
import dev.groups.transport.Endpoint;
import dev.groups.transport.Transport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The bond protocol's close codes (spec §3.2), each provoked by a scripted peer that speaks the
 * protocol byte by byte, and observed on the wire: one abstract suite a transport's tests extend
 * (implement {@link #transport(NodeIdentity)}), so every code is seen over every transport.
 */
public abstract class BondProtocolScenarios {
    private static final ConsensusConfig FAST = ConsensusConfig.builder()
            .heartbeatInterval(Duration.ofMillis(100)).heartbeatJitter(Duration.ofMillis(30)).maxMissedHeartbeats(5)
            .electionTimeout(Duration.ofMillis(600)).electionTimeoutJitter(Duration.ofMillis(200))
            .bootstrapDelay(Duration.ofMillis(200)).build();
    private static final long WAIT = 10;

    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final GroupKey key = GroupKey.random();

    /** A new, unstarted transport for a node with this identity; all must be able to reach each other. */
    protected abstract Transport transport(NodeIdentity identity);

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
    }

    private Network node(NetworkId networkId) {
        return node(networkId, AdmissionLimits.defaults());
    }

    private Network node(NetworkId networkId, AdmissionLimits limits) {
        NodeIdentity id = NodeIdentity.generate();
        Network n = Network.builder().identity(id).network(networkId).admissionLimits(limits)
                .transport(transport(id))
                .handshakeTimeout(Duration.ofMillis(500)).start();
        closeables.add(n);
        return n;
    }

    private Group<Unit, Unit, Unit> group(Network n) {
        return n.groups().withKey(key).withConsensusConfig(FAST).join();
    }

    /** A peer that speaks the bond protocol by hand. */
    final class RawPeer implements ChannelListener {
        final NodeIdentity identity;
        final NetworkId network;
        final BlockingQueue<byte[]> frames = new LinkedBlockingQueue<>();
        final CompletableFuture<CloseReason> closed = new CompletableFuture<>();
        final byte[] nonce = new byte[32];
        final Network target;
        final Transport transport;
        Channel channel;

        RawPeer(Network target, NetworkId network) {
            this(target, network, NodeIdentity.generate(), null);
        }

        private RawPeer(Network target, NetworkId network, NodeIdentity identity, Transport shared) {
            this.target = target;
            this.network = network;
            this.identity = identity;
            nonce[0] = 42;
            if (shared == null) {
                shared = transport(identity);
                closeables.add(shared);
                shared.start(ch -> ch.close(CloseReason.CANCELLED)).join();
            }
            this.transport = shared;
            channel = shared.connect(target.localId(), target.endpoint()).join();
            channel.start(this);
        }

        /** A new channel from the same identity and transport (so the same address). */
        RawPeer again() {
            return new RawPeer(target, network, identity, transport);
        }

        /** Hello, then a proof made with {@code guess} instead of the group key. */
        void proveWith(GroupId group, GroupKey guess) throws Exception {
            send(new BondFrame.Hello(BondFrame.Purpose.BOND, network, group, nonce, entry(List.of())));
            BondFrame.Challenge c = (BondFrame.Challenge) next();
            send(new BondFrame.Proof(BondProof.of(guess, BondProof.Role.INITIATOR, group, network,
                    identity.peerId(), target.localId(), nonce, c.nonce()), List.of()));
        }

        SignedPeerEntry entry(List<Ticket> tickets) {
            return SignedPeerEntry.sign(new PeerEntry(identity.peerId(), network, 1, 1, List.of(new Endpoint("raw", 1)),
                    new TreeSet<>(), new TreeSet<>(tickets)), identity);
        }

        void send(BondFrame f) {
            channel.send(BondFrameCodec.encode(f));
        }

        BondFrame next() throws Exception {
            byte[] f = frames.poll(WAIT, TimeUnit.SECONDS);
            if (f == null) {
                throw new AssertionError("no frame arrived; closed: " + closed.getNow(null));
            }
            return BondFrameCodec.decode(f);
        }

        CloseReason closeReason() throws Exception {
            return closed.get(WAIT, TimeUnit.SECONDS);
        }

        /** Hello + (expects) Challenge + Proof + Welcome: a complete bond in {@code group}. */
        void bond(GroupId group, GroupKey groupKey, Network target) throws Exception {
            send(new BondFrame.Hello(BondFrame.Purpose.BOND, network, group, nonce, entry(List.of())));
            BondFrame.Challenge c = (BondFrame.Challenge) next(); // a nonce only: the initiator proves first
            send(new BondFrame.Proof(BondProof.of(groupKey, BondProof.Role.INITIATOR, group, network,
                    identity.peerId(), target.localId(), nonce, c.nonce()), List.of()));
            BondFrame.Welcome w = assertInstanceOf(BondFrame.Welcome.class, next());
            assertEquals(BondProof.of(groupKey, BondProof.Role.ACCEPTOR, group, network, identity.peerId(),
                    target.localId(), nonce, c.nonce()), w.proof(), "the acceptor proves the secret after us");
        }

        @Override
        public void onFrame(byte[] frame) {
            frames.add(frame);
        }

        @Override
        public void onClosed(CloseReason reason, boolean byRemote) {
            closed.complete(reason);
        }
    }

    @Test
    void aCorrectHandshakeOpensABondAndTheGroupSeesIt() throws Exception {
        Network n = node(NetworkId.of("net"));
        Group<Unit, Unit, Unit> g = group(n);
        RawPeer raw = new RawPeer(n, NetworkId.of("net"));
        raw.bond(g.id(), key, n);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT);
        while (!g.bonds().contains(raw.identity.peerId()) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(g.bonds().contains(raw.identity.peerId()));
    }

    @Test
    void aWrongProofIsInvalidProof() throws Exception {
        Network n = node(NetworkId.of("net"));
        Group<Unit, Unit, Unit> g = group(n);
        RawPeer raw = new RawPeer(n, NetworkId.of("net"));
        raw.send(new BondFrame.Hello(BondFrame.Purpose.BOND, raw.network, g.id(), raw.nonce, raw.entry(List.of())));
        BondFrame.Challenge c = (BondFrame.Challenge) raw.next();
        GroupKey wrong = GroupKey.random();
        raw.send(new BondFrame.Proof(BondProof.of(wrong, BondProof.Role.INITIATOR, g.id(), raw.network,
                raw.identity.peerId(), n.localId(), raw.nonce, c.nonce()), List.of()));
        assertEquals(CloseReason.INVALID_PROOF, raw.closeReason());
        assertTrue(raw.frames.isEmpty(), "a stranger gets the challenge's nonce and nothing else: no proof to test guesses on");
    }

    @Test
    void aProofMadeInTheAcceptorsRoleIsInvalid() throws Exception {
        // With the right key but the acceptor's role (what a reflected acceptor proof would be): the
        // role in the MAC makes it useless.
        Network n = node(NetworkId.of("net"));
        Group<Unit, Unit, Unit> g = group(n);
        RawPeer raw = new RawPeer(n, NetworkId.of("net"));
        raw.send(new BondFrame.Hello(BondFrame.Purpose.BOND, raw.network, g.id(), raw.nonce, raw.entry(List.of())));
        BondFrame.Challenge c = (BondFrame.Challenge) raw.next();
        raw.send(new BondFrame.Proof(BondProof.of(key, BondProof.Role.ACCEPTOR, g.id(), raw.network,
                raw.identity.peerId(), n.localId(), raw.nonce, c.nonce()), List.of()));
        assertEquals(CloseReason.INVALID_PROOF, raw.closeReason());
    }

    @Test
    void wrongProofsAreRateLimitedPerIdentityAndAddress() throws Exception {
        Network n = node(NetworkId.of("net"), AdmissionLimits.builder().failedProofs(2, Duration.ofMinutes(10)).build());
        Group<Unit, Unit, Unit> g = group(n);
        RawPeer raw = new RawPeer(n, NetworkId.of("net"));
        raw.proveWith(g.id(), GroupKey.random());
        assertEquals(CloseReason.INVALID_PROOF, raw.closeReason());
        RawPeer second = raw.again();
        second.proveWith(g.id(), GroupKey.random());
        assertEquals(CloseReason.INVALID_PROOF, second.closeReason());
        // Two strikes: the same identity (from the same address) gets no third challenge.
        RawPeer third = raw.again();
        third.send(new BondFrame.Hello(BondFrame.Purpose.BOND, third.network, g.id(), third.nonce, third.entry(List.of())));
        assertEquals(CloseReason.NOT_ALLOWED, third.closeReason());
        assertTrue(third.frames.isEmpty(), "no challenge for a limited peer");
        // Someone else, from elsewhere, is not punished for it, and the right key still bonds.
        RawPeer honest = new RawPeer(n, NetworkId.of("net"));
        honest.bond(g.id(), key, n);
        assertFalse(honest.closed.isDone());
    }

    @Test
    void anUnknownGroupIsGroupNotFound() throws Exception {
        Network n = node(NetworkId.of("net"));
        group(n);
        RawPeer raw = new RawPeer(n, NetworkId.of("net"));
        raw.send(new BondFrame.Hello(BondFrame.Purpose.BOND, raw.network, new GroupId(Digest.of("nope")), raw.nonce,
                raw.entry(List.of())));
        assertEquals(CloseReason.GROUP_NOT_FOUND, raw.closeReason());
    }

    @Test
    void anotherNetworkIsDifferentNetwork() throws Exception {
        Network n = node(NetworkId.of("net"));
        Group<Unit, Unit, Unit> g = group(n);
        RawPeer raw = new RawPeer(n, NetworkId.of("elsewhere"));
        raw.send(new BondFrame.Hello(BondFrame.Purpose.BOND, raw.network, g.id(), raw.nonce, raw.entry(List.of())));
        assertEquals(CloseReason.DIFFERENT_NETWORK, raw.closeReason());
    }

    @Test
    void noHelloInTimeIsTimeout() throws Exception {
        Network n = node(NetworkId.of("net"));
        group(n);
        RawPeer raw = new RawPeer(n, NetworkId.of("net"));
        assertEquals(CloseReason.TIMEOUT, raw.closeReason());
    }

    @Test
    void aGarbageFirstFrameIsInvalidHandshake() throws Exception {
        Network n = node(NetworkId.of("net"));
        group(n);
        RawPeer raw = new RawPeer(n, NetworkId.of("net"));
        raw.channel.send(new byte[] {99, 1, 2, 3});
        assertEquals(CloseReason.INVALID_HANDSHAKE, raw.closeReason());
    }

    @Test
    void anEntryThatIsNotTheSendersOwnIsInvalidHandshake() throws Exception {
        Network n = node(NetworkId.of("net"));
        Group<Unit, Unit, Unit> g = group(n);
        RawPeer raw = new RawPeer(n, NetworkId.of("net"));
        RawPeer other = new RawPeer(n, NetworkId.of("net"));
        raw.send(new BondFrame.Hello(BondFrame.Purpose.BOND, raw.network, g.id(), raw.nonce, other.entry(List.of())));
        assertEquals(CloseReason.INVALID_HANDSHAKE, raw.closeReason());
    }

    @Test
    void aPeerWithoutTheRequiredTicketIsNotAllowed() throws Exception {
        Network n = node(NetworkId.of("net"));
        TicketValidator requiresMagic = new TicketValidator() {
            @Override
            public UniqueId ticketClass() {
                return UniqueId.of("magic");
            }

            @Override
            public UniqueId signature() {
                return UniqueId.of("magic.policy");
            }

            @Override
            public TicketVerdict validate(Ticket ticket, TicketHolder holder, Instant now) {
                return new String(ticket.data(), java.nio.charset.StandardCharsets.UTF_8).equals("open sesame")
                        ? TicketVerdict.valid(Expiration.never()) : TicketVerdict.invalid("wrong word");
            }
        };
        Group<Unit, Unit, Unit> g = n.groups().withKey(key).requireTicket(requiresMagic).withConsensusConfig(FAST).join();
        RawPeer without = new RawPeer(n, NetworkId.of("net"));
        without.send(new BondFrame.Hello(BondFrame.Purpose.BOND, without.network, g.id(), without.nonce,
                without.entry(List.of())));
        assertEquals(CloseReason.NOT_ALLOWED, without.closeReason());
        RawPeer with = new RawPeer(n, NetworkId.of("net"));
        Ticket ticket = new Ticket(UniqueId.of("magic"), "open sesame".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        with.send(new BondFrame.Hello(BondFrame.Purpose.BOND, with.network, g.id(), with.nonce, with.entry(List.of(ticket))));
        assertInstanceOf(BondFrame.Challenge.class, with.next(), "a valid ticket is let through to the proof");
    }

    @Test
    void aSecondBondWithTheSamePeerIsAlreadyBonded() throws Exception {
        Network n = node(NetworkId.of("net"));
        Group<Unit, Unit, Unit> g = group(n);
        RawPeer raw = new RawPeer(n, NetworkId.of("net"));
        raw.bond(g.id(), key, n);
        // the same identity opens a second channel
        Transport t2 = transport(raw.identity);
        closeables.add(t2);
        t2.start(ch -> ch.close(CloseReason.CANCELLED)).join();
        Channel second = t2.connect(n.localId(), n.endpoint()).join();
        CompletableFuture<CloseReason> closed = new CompletableFuture<>();
        second.start(new ChannelListener() {
            @Override
            public void onFrame(byte[] frame) {
            }

            @Override
            public void onClosed(CloseReason reason, boolean byRemote) {
                closed.complete(reason);
            }
        });
        second.send(BondFrameCodec.encode(new BondFrame.Hello(BondFrame.Purpose.BOND, raw.network, g.id(), raw.nonce,
                raw.entry(List.of()))));
        assertEquals(CloseReason.ALREADY_BONDED, closed.get(WAIT, TimeUnit.SECONDS));
    }

    @Test
    void heartbeatSilenceIsTimeout() throws Exception {
        Network n = node(NetworkId.of("net"));
        Group<Unit, Unit, Unit> g = group(n);
        RawPeer raw = new RawPeer(n, NetworkId.of("net"));
        raw.bond(g.id(), key, n);
        // we never answer anything: ~5 missed 100 ms heartbeats later the node gives up on us
        assertEquals(CloseReason.TIMEOUT, raw.closeReason());
    }

    @Test
    void garbageOnAnOpenBondIsProtocolViolation() throws Exception {
        Network n = node(NetworkId.of("net"));
        Group<Unit, Unit, Unit> g = group(n);
        RawPeer raw = new RawPeer(n, NetworkId.of("net"));
        raw.bond(g.id(), key, n);
        raw.channel.send(new byte[] {(byte) 200});
        assertEquals(CloseReason.PROTOCOL_VIOLATION, raw.closeReason());
    }

    @Test
    void anEntryUpdateAboutAnotherPeerIsProtocolViolation() throws Exception {
        Network n = node(NetworkId.of("net"));
        Group<Unit, Unit, Unit> g = group(n);
        RawPeer raw = new RawPeer(n, NetworkId.of("net"));
        raw.bond(g.id(), key, n);
        RawPeer other = new RawPeer(n, NetworkId.of("net"));
        raw.send(new BondFrame.PeerEntryUpdate(other.entry(List.of())));
        assertEquals(CloseReason.PROTOCOL_VIOLATION, raw.closeReason(), "spec §10 item 11: only about itself");
    }

    @Test
    void leavingSendsDepartureBeforeTheClose() throws Exception {
        Network n = node(NetworkId.of("net"));
        Group<Unit, Unit, Unit> g = group(n);
        RawPeer raw = new RawPeer(n, NetworkId.of("net"));
        raw.bond(g.id(), key, n);
        g.close();
        boolean departure = false;
        while (!departure) {
            BondFrame f = raw.next();
            departure = f instanceof BondFrame.Departure;
        }
        assertEquals(CloseReason.CANCELLED, raw.closeReason());
    }
}
