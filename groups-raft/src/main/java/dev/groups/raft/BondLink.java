package dev.groups.raft;

import dev.groups.id.Digest;
import dev.groups.id.PeerId;
import dev.groups.machine.CodecException;
import dev.groups.raft.bond.BondFrame;
import dev.groups.raft.bond.BondFrameCodec;
import dev.groups.raft.bond.BondProof;
import dev.groups.raft.discovery.SignedPeerEntry;
import dev.groups.transport.Channel;
import dev.groups.transport.ChannelListener;
import dev.groups.transport.CloseReason;
import dev.groups.transport.Endpoint;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One bond's channel in one group: the handshake (as initiator or acceptor), then the group's traffic.
 * Heartbeats are the node's, per peer pair ({@link PeerLiveness}): every frame received here counts as
 * hearing from the peer, and the node's ping to the peer may go out on this bond. Transport callbacks
 * only hand frames over to the group's thread; every state change happens there.
 */
final class BondLink implements Bond, ChannelListener {
    private static final AtomicLong IDS = new AtomicLong();
    private static final SecureRandom NONCES = new SecureRandom();

    enum State { DIALING, AWAIT_CHALLENGE, AWAIT_PROOF, AWAIT_WELCOME, OPEN, CLOSED }

    final GroupRuntime<?, ?, ?> group;
    final PeerId peer;
    final boolean initiator;
    private final long id = IDS.incrementAndGet();
    private final CompletableFuture<CloseReason> terminated = new CompletableFuture<>();
    final byte[] localNonce = new byte[32];
    private byte[] remoteNonce;
    private volatile SignedPeerEntry peerEntry;
    private Channel channel;
    State state;
    final long createdAt;
    /** Written on the group's thread, read by status displays ({@link #sinceLastFrame()}). */
    volatile long lastReceived;
    /** The node's liveness record of the peer, from the moment the bond opened (heartbeats are per peer pair). */
    private volatile PeerLiveness.Peer live;
    long expiresAt = Long.MAX_VALUE;
    /** Initiator: the catalog address we dialed (for the network's dial budget). */
    Endpoint dialed;
    /** Initiator: our proof went out; a bond that does not open after it counts as a failed handshake. */
    boolean proofSent;

    BondLink(GroupRuntime<?, ?, ?> group, PeerId peer, boolean initiator, SignedPeerEntry peerEntry, long now) {
        this.group = group;
        this.peer = peer;
        this.initiator = initiator;
        this.peerEntry = peerEntry;
        this.state = initiator ? State.DIALING : State.AWAIT_PROOF;
        this.createdAt = now;
        this.lastReceived = now;
        NONCES.nextBytes(localNonce);
    }

    // ---------------------------------------------------------------------------------------- Bond view

    @Override
    public PeerId peer() {
        return peer;
    }

    @Override
    public SignedPeerEntry peerEntry() {
        return peerEntry;
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public boolean isTerminated() {
        return terminated.isDone();
    }

    @Override
    public Duration sinceLastFrame() {
        long heard = Math.max(lastReceived, group.network.liveness().lastHeard(peer));
        return Duration.ofMillis(Math.max(0, group.now() - heard));
    }

    @Override
    public CompletableFuture<CloseReason> terminated() {
        return terminated.copy();
    }

    @Override
    public CompletableFuture<CloseReason> close(CloseReason reason) {
        group.execute(() -> closeLocally(reason));
        return terminated();
    }

    // ---------------------------------------------------------------------------------------- transport side

    @Override
    public void onFrame(byte[] frame) {
        PeerLiveness.Peer p = live;
        if (p != null) {
            p.lastHeard = group.network.nowMillis(); // here, not on the group's thread: a busy group must not look dead
        }
        group.execute(() -> handle(frame));
    }

    @Override
    public void onClosed(CloseReason reason, boolean byRemote) {
        group.execute(() -> finish(reason));
    }

    // ---------------------------------------------------------------------------------------- group thread

    /** Initiator: the transport connected (or failed to). */
    void connected(Channel ch, Throwable error) {
        if (state == State.CLOSED) {
            if (ch != null) {
                ch.close(CloseReason.CANCELLED);
            }
            return;
        }
        if (error != null) {
            finish(CloseReason.UNEXPECTED_CLOSE);
            return;
        }
        channel = ch;
        state = State.AWAIT_CHALLENGE;
        ch.start(this);
        send(new BondFrame.Hello(BondFrame.Purpose.BOND, group.network.networkId(), group.id, localNonce,
                group.network.discovery().me()));
    }

    /**
     * Acceptor: the channel's Hello was valid for this group; answer with our nonce only. Nothing
     * keyed by the group secret leaves this node before the initiator proved it holds the secret, so
     * a stranger dialing in gets nothing to test guesses against offline.
     */
    void accepted(Channel ch, byte[] initiatorNonce) {
        channel = ch;
        remoteNonce = initiatorNonce;
        send(new BondFrame.Challenge(localNonce, group.network.discovery().me()));
    }

    void handle(byte[] bytes) {
        if (state == State.CLOSED) {
            return;
        }
        if (state == State.OPEN && BondFrameCodec.isRaft(bytes)) {
            lastReceived = group.now();
            group.onRaftMessage(this, bytes, 1, bytes.length - 1); // the hot path: decoded in place, no copy
            return;
        }
        BondFrame frame;
        try {
            frame = BondFrameCodec.decode(bytes);
        } catch (CodecException e) {
            closeLocally(state == State.OPEN ? CloseReason.PROTOCOL_VIOLATION : CloseReason.INVALID_HANDSHAKE);
            return;
        }
        lastReceived = group.now();
        switch (state) {
            case AWAIT_CHALLENGE -> onChallenge(frame);
            case AWAIT_PROOF -> onProof(frame);
            case AWAIT_WELCOME -> onWelcome(frame);
            case OPEN -> group.onBondFrame(this, frame);
            default -> closeLocally(CloseReason.PROTOCOL_VIOLATION);
        }
    }

    /** Initiator: the acceptor's nonce. We prove first (the acceptor proves in its Welcome). */
    private void onChallenge(BondFrame frame) {
        if (!(frame instanceof BondFrame.Challenge c) || !c.sender().peerId().equals(peer)) {
            closeLocally(CloseReason.INVALID_HANDSHAKE);
            return;
        }
        remoteNonce = c.nonce();
        group.network.discovery().feed(c.sender(), true);
        updatePeerEntry(c.sender());
        if (!group.authorize(c.sender())) {
            closeLocally(CloseReason.NOT_ALLOWED); // spec §3.8: no proof for a peer we would not admit
            return;
        }
        Digest proof = BondProof.of(group.key, BondProof.Role.INITIATOR, group.id, group.network.networkId(),
                group.localId(), peer, localNonce, remoteNonce);
        send(new BondFrame.Proof(proof, group.bondedEntries()));
        proofSent = true;
        state = State.AWAIT_WELCOME;
    }

    /** Acceptor: the initiator's proof. Only a verified one earns our proof (in the Welcome). */
    private void onProof(BondFrame frame) {
        if (!(frame instanceof BondFrame.Proof p)) {
            closeLocally(CloseReason.INVALID_HANDSHAKE);
            return;
        }
        Digest expected = BondProof.of(group.key, BondProof.Role.INITIATOR, group.id, group.network.networkId(), peer,
                group.localId(), remoteNonce, localNonce);
        if (!expected.constantTimeEquals(p.proof())) {
            group.network.admission().proofFailed(peer, channel.remoteEndpoint());
            closeLocally(CloseReason.INVALID_PROOF);
            return;
        }
        if (!group.authorize(peerEntry)) {
            closeLocally(CloseReason.NOT_ALLOWED); // expired during the handshake: no Welcome it would lose
            return;
        }
        Digest proof = BondProof.of(group.key, BondProof.Role.ACCEPTOR, group.id, group.network.networkId(), peer,
                group.localId(), remoteNonce, localNonce);
        send(new BondFrame.Welcome(proof, group.bondedEntries()));
        group.opened(this, p.bonds());
    }

    /** Initiator: the acceptor's proof; the bond opens only if it holds the secret too. */
    private void onWelcome(BondFrame frame) {
        if (!(frame instanceof BondFrame.Welcome w)) {
            closeLocally(CloseReason.INVALID_HANDSHAKE);
            return;
        }
        Digest expected = BondProof.of(group.key, BondProof.Role.ACCEPTOR, group.id, group.network.networkId(),
                group.localId(), peer, localNonce, remoteNonce);
        if (!expected.constantTimeEquals(w.proof())) {
            closeLocally(CloseReason.INVALID_PROOF);
            return;
        }
        group.opened(this, w.bonds());
    }

    void updatePeerEntry(SignedPeerEntry entry) {
        SignedPeerEntry current = peerEntry;
        if (current == null || entry.entry().isNewerThan(current.entry())) {
            peerEntry = entry;
        }
    }

    void send(BondFrame frame) {
        sendEncoded(BondFrameCodec.encode(frame));
    }

    /** Sends already-encoded frame bytes (a broadcast serializes once). */
    void sendEncoded(byte[] frame) {
        if (channel == null || state == State.CLOSED) {
            return;
        }
        channel.send(frame);
        PeerLiveness.Peer p = live;
        if (p != null) {
            p.lastSent = group.now(); // any frame to the peer makes a ping to it unnecessary
        }
    }

    /**
     * Sends a frame of the node's (a heartbeat, our entry's update) on this bond for every group (see
     * {@link PeerLiveness}), if it is open. Group thread.
     */
    boolean sendIfOpen(byte[] frame) {
        if (state != State.OPEN) {
            return false;
        }
        sendEncoded(frame);
        return true;
    }

    /** The bond opened: from now on its frames count for the peer's liveness. Group thread. */
    void live(PeerLiveness.Peer peerRecord) {
        this.live = peerRecord;
    }

    void closeLocally(CloseReason reason) {
        if (state == State.CLOSED) {
            return;
        }
        if (channel != null) {
            channel.close(reason);
        }
        finish(reason);
    }

    /** The bond ended (either side); idempotent. */
    void finish(CloseReason reason) {
        if (state == State.CLOSED) {
            return;
        }
        boolean wasOpen = state == State.OPEN;
        state = State.CLOSED;
        group.ended(this, wasOpen, reason);
        terminated.complete(reason);
    }

    @Override
    public String toString() {
        return "Bond(" + peer.shortHex() + (initiator ? " out " : " in ") + state + ")";
    }
}
