package dev.groups.tickets.jwt;

import static dev.groups.tickets.jwt.AuthScenariosTest.CONFIG;
import static dev.groups.tickets.jwt.AuthScenariosTest.HEARTBEAT_WINDOW_MS;
import static dev.groups.tickets.jwt.AuthScenariosTest.ISSUER;
import static dev.groups.tickets.jwt.AuthScenariosTest.SECRET;
import static dev.groups.tickets.jwt.AuthScenariosTest.TIMEOUT_MS;
import static dev.groups.tickets.jwt.AuthScenariosTest.authorize;
import static dev.groups.tickets.jwt.AuthScenariosTest.await;
import static dev.groups.tickets.jwt.AuthScenariosTest.discoverAll;
import static dev.groups.tickets.jwt.AuthScenariosTest.eventually;
import static dev.groups.tickets.jwt.AuthScenariosTest.join;
import static dev.groups.tickets.jwt.AuthScenariosTest.sleepUntil;
import static dev.groups.tickets.jwt.AuthScenariosTest.ticket;
import static dev.groups.tickets.jwt.AuthScenariosTest.validTicket;
import static dev.groups.tickets.jwt.AuthScenariosTest.validator;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.groups.id.GroupKey;
import dev.groups.id.NodeIdentity;
import dev.groups.id.PeerId;
import dev.groups.machine.CodecException;
import dev.groups.machine.Unit;
import dev.groups.raft.Group;
import dev.groups.raft.Network;
import dev.groups.raft.bond.BondFrame;
import dev.groups.raft.bond.BondFrameCodec;
import dev.groups.raft.transport.InProcessNetwork;
import dev.groups.raft.transport.InProcessTransport;
import dev.groups.tickets.Expiration;
import dev.groups.tickets.InvalidTicket;
import dev.groups.transport.Channel;
import dev.groups.transport.ChannelAcceptor;
import dev.groups.transport.ChannelListener;
import dev.groups.transport.CloseReason;
import dev.groups.transport.Endpoint;
import dev.groups.transport.Transport;
import dev.groups.transport.TransportConfig;
import dev.groups.transport.TransportException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Spec §3.8 (d): when a bond is spawned, the peer's tickets are validated and the result arms the expiry
 * timer. Here the peer's ticket is valid when the acceptor checks it (at the Hello, before the proof)
 * but has expired when the handshake completes (the peer sends its Proof late, within the handshake
 * timeout). The acceptor must not end up with a bond to a peer whose ticket is expired.
 */
class TicketExpiringInTheHandshakeTest {
    private final InProcessNetwork net = InProcessNetwork.create();
    private final List<Network> networks = new ArrayList<>();

    @AfterEach
    void closeNetworks() {
        for (Network n : networks) {
            n.close();
        }
        networks.clear();
    }

    @Test
    void aTicketThatExpiresBeforeTheProofArrivesIsNotAdmitted() throws Exception {
        Jwt jwt = validator(SECRET, ISSUER);
        Gate acceptorSide = new Gate();
        Gate initiatorSide = new Gate();
        Network n0 = node(acceptorSide);
        Network n1 = node(initiatorSide);
        Instant issued = Instant.now();
        Instant exp = Instant.ofEpochSecond(issued.plusSeconds(3).getEpochSecond()); // 2 to 3 s from now
        n0.discovery().addTicket(validTicket(SECRET, ISSUER, n0));
        n1.discovery().addTicket(ticket(SECRET, ISSUER, n1, Expiration.at(exp), issued));

        GroupKey key = GroupKey.fromSecret("handshake-expiry");
        Group<Unit, Unit, Unit> g0 = join(n0, key, jwt);
        eventually(() -> n0.discovery().me().entry().groups().contains(g0.id()), TIMEOUT_MS, () -> "n0 lists its group");
        discoverAll(n0, n1);
        // Only n1 dials (n0's outbound connections fail), and n1's Proof is held back until released.
        acceptorSide.refuseOutbound = true;
        initiatorSide.holdProof = true;
        Group<Unit, Unit, Unit> g1 = join(n1, key, jwt);

        Instant heldAt = await(initiatorSide.proofHeld, TIMEOUT_MS, "n1 to dial n0 and send its Proof");
        assertTrue(heldAt.isBefore(exp.minusMillis(200)), "precondition: n0 accepted n1's Hello while n1's ticket "
                + "was valid (Proof at " + heldAt + ", exp " + exp + ")");
        sleepUntil(exp.plusMillis(200));
        assertInstanceOf(InvalidTicket.class, authorize(List.of(jwt), n1), "n1's ticket has now expired");
        initiatorSide.release(); // the Proof arrives, well within the handshake timeout

        CloseReason reason;
        try {
            reason = initiatorSide.heldChannelClosed.get(HEARTBEAT_WINDOW_MS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("n0 admitted n1 although n1's ticket had expired when the handshake completed, "
                    + "and keeps the bond (no expiry timer is armed for it): n0 answered with Welcome: "
                    + initiatorSide.welcomed.isDone() + ", g0 bonds " + g0.bonds() + ", g1 bonds " + g1.bonds()
                    + ". GroupRuntime.opened() arms the expiry with authorizeEntry(peerEntry) but ignores an "
                    + "InvalidTicket verdict (armExpiry leaves expiresAt = Long.MAX_VALUE).");
        } catch (ExecutionException e) {
            throw new AssertionError(e);
        }
        assertEquals(CloseReason.NOT_ALLOWED, reason, "n0 refuses n1 once its ticket expired");
        assertTrue(!g0.bonds().contains(n1.localId()), () -> "n0 holds no bond with n1: " + g0.bonds());
    }

    private Network node(Gate gate) {
        NodeIdentity id = NodeIdentity.generate();
        gate.inner = InProcessTransport.on(net, TransportConfig.of(id, new Endpoint("node", 0)));
        // A generous handshake timeout: the held Proof must arrive inside it.
        Network n = Network.builder().identity(id).transport(gate).handshakeTimeout(Duration.ofSeconds(5)).start();
        networks.add(n);
        return n;
    }

    /**
     * The in-process transport, plus two test switches: refuse outbound connections, and hold back the
     * first bond Proof this node sends (with anything sent after it on that channel) until released.
     */
    private static final class Gate implements Transport {
        Transport inner;
        volatile boolean refuseOutbound;
        volatile boolean holdProof;
        final CompletableFuture<Instant> proofHeld = new CompletableFuture<>();
        final CompletableFuture<CloseReason> heldChannelClosed = new CompletableFuture<>();
        final CompletableFuture<Boolean> welcomed = new CompletableFuture<>();
        private volatile Held held;

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
            if (refuseOutbound) {
                return CompletableFuture.failedFuture(new TransportException("outbound connections refused by the test"));
            }
            return inner.connect(expected, address).thenApply(Held::new);
        }

        @Override
        public CompletableFuture<Channel> connectAny(Endpoint address) {
            if (refuseOutbound) {
                return CompletableFuture.failedFuture(new TransportException("outbound connections refused by the test"));
            }
            return inner.connectAny(address).thenApply(Held::new);
        }

        @Override
        public void close() {
            inner.close();
        }

        synchronized void release() {
            holdProof = false;
            if (held != null) {
                held.flush();
            }
        }

        private synchronized boolean claim(Held channel) {
            if (held != null || !holdProof) {
                return false;
            }
            held = channel;
            proofHeld.complete(Instant.now());
            return true;
        }

        private final class Held implements Channel {
            private final Channel channel;
            private final List<byte[]> queue = new ArrayList<>();
            private boolean holding;

            Held(Channel channel) {
                this.channel = channel;
            }

            @Override
            public PeerId remotePeer() {
                return channel.remotePeer();
            }

            @Override
            public Endpoint remoteEndpoint() {
                return channel.remoteEndpoint();
            }

            @Override
            public void start(ChannelListener listener) {
                channel.start(new ChannelListener() {
                    @Override
                    public void onFrame(byte[] frame) {
                        if (held == Held.this && decode(frame) instanceof BondFrame.Welcome) {
                            welcomed.complete(true);
                        }
                        listener.onFrame(frame);
                    }

                    @Override
                    public void onClosed(CloseReason reason, boolean byRemote) {
                        if (held == Held.this) {
                            heldChannelClosed.complete(reason);
                        }
                        listener.onClosed(reason, byRemote);
                    }
                });
            }

            @Override
            public synchronized boolean send(byte[] frame) {
                if (!holding && decode(frame) instanceof BondFrame.Proof && claim(this)) {
                    holding = true;
                }
                if (holding) {
                    queue.add(frame);
                    return true;
                }
                return channel.send(frame);
            }

            synchronized void flush() {
                holding = false;
                for (byte[] frame : queue) {
                    channel.send(frame);
                }
                queue.clear();
            }

            @Override
            public void close(CloseReason reason) {
                channel.close(reason);
            }

            @Override
            public boolean isOpen() {
                return channel.isOpen();
            }
        }
    }

    private static BondFrame decode(byte[] frame) {
        try {
            return BondFrameCodec.decode(frame);
        } catch (CodecException e) {
            return null;
        }
    }
}
