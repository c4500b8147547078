package dev.groups.raft.discovery;

import dev.groups.id.Digest;
import dev.groups.id.GroupId;
import dev.groups.id.NetworkId;
import dev.groups.id.NodeIdentity;
import dev.groups.id.PeerId;
import dev.groups.id.UniqueId;
import dev.groups.machine.CodecException;
import dev.groups.tickets.Ticket;
import dev.groups.transport.Endpoint;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * A {@link PeerEntry} with its owner's Ed25519 signature over its canonical encoding. Decoding always
 * verifies the signature, so an entry in hand is always authentic; only its owner can make a newer one.
 */
public final class SignedPeerEntry {
    /** Bounds on what a decoder accepts (an entry travels in handshakes and catalog syncs). */
    static final int MAX_ADDRESSES = 16;
    static final int MAX_GROUPS = 4096;
    static final int MAX_TICKETS = 64;
    static final int MAX_TICKET_BYTES = 64 * 1024;
    static final int MAX_HOST_BYTES = 255;

    private final PeerEntry entry;
    private final byte[] body;
    private final byte[] signature;

    private SignedPeerEntry(PeerEntry entry, byte[] body, byte[] signature) {
        this.entry = entry;
        this.body = body;
        this.signature = signature;
    }

    /** Signs {@code entry} with {@code identity}, which must be the entry's own. */
    public static SignedPeerEntry sign(PeerEntry entry, NodeIdentity identity) {
        if (!identity.peerId().equals(entry.peerId())) {
            throw new IllegalArgumentException("an entry can only be signed by its own peer");
        }
        byte[] body = encodeBody(entry);
        return new SignedPeerEntry(entry, body, identity.sign(body));
    }

    public PeerEntry entry() {
        return entry;
    }

    public PeerId peerId() {
        return entry.peerId();
    }

    /** SHA-256 of the signed body: identifies this exact version. */
    public Digest digest() {
        return Digest.hash(body);
    }

    /** The length of {@link #encode()}: what holding or sending this entry costs. */
    public int encodedSize() {
        return 4 + body.length + signature.length;
    }

    /** {@code body length ‖ body ‖ 64-byte signature}. */
    public byte[] encode() {
        return ByteBuffer.allocate(4 + body.length + signature.length).putInt(body.length).put(body).put(signature).array();
    }

    /** Decodes and verifies; anything malformed or forged is a {@link CodecException}. */
    public static SignedPeerEntry decode(ByteBuffer in) {
        return parseUnverified(in).verified();
    }

    /**
     * Decodes the structure only, without checking the signature: for decoders that first check
     * every cheap bound of a whole frame and only then pay for the signatures. The result must not be
     * used before {@link #verified()} returned.
     */
    public static SignedPeerEntry parseUnverified(ByteBuffer in) {
        try {
            int len = in.getInt();
            if (len < 0 || len > in.remaining() - 64) {
                throw new CodecException("bad peer entry length " + len);
            }
            byte[] body = new byte[len];
            in.get(body);
            byte[] sig = new byte[64];
            in.get(sig);
            return new SignedPeerEntry(decodeBody(ByteBuffer.wrap(body)), body, sig);
        } catch (java.nio.BufferUnderflowException | IllegalArgumentException e) {
            throw new CodecException("malformed peer entry: " + e.getMessage(), e);
        }
    }

    /** This entry if its owner's signature verifies; otherwise a {@link CodecException}. */
    public SignedPeerEntry verified() {
        if (!NodeIdentity.verify(entry.peerId(), body, signature)) {
            throw new CodecException("peer entry signature does not verify for " + entry.peerId().shortHex());
        }
        return this;
    }

    private static byte[] encodeBody(PeerEntry e) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        put(out, e.peerId().toBytes());
        put(out, e.network().digest().toBytes());
        putLong(out, e.startedAt());
        putLong(out, e.updatedAt());
        out.write(e.addresses().size());
        for (Endpoint a : e.addresses()) {
            byte[] host = a.host().getBytes(StandardCharsets.UTF_8);
            out.write(host.length);
            put(out, host);
            out.write(a.port() >>> 8);
            out.write(a.port());
        }
        putInt(out, e.groups().size());
        for (GroupId g : e.groups()) {
            put(out, g.digest().toBytes());
        }
        out.write(e.tickets().size());
        for (Ticket t : e.tickets()) {
            put(out, t.ticketClass().digest().toBytes());
            putInt(out, t.size());
            put(out, t.data());
        }
        return out.toByteArray();
    }

    private static PeerEntry decodeBody(ByteBuffer in) {
        PeerId peer = PeerId.fromBytes(bytes(in, 32));
        NetworkId network = new NetworkId(Digest.fromBytes(bytes(in, 32)));
        long startedAt = in.getLong();
        long updatedAt = in.getLong();
        int addresses = in.get() & 0xff;
        check(addresses <= MAX_ADDRESSES, "too many addresses");
        List<Endpoint> list = new ArrayList<>(addresses);
        for (int i = 0; i < addresses; i++) {
            int hostLen = in.get() & 0xff;
            String host = new String(bytes(in, hostLen), StandardCharsets.UTF_8);
            int port = ((in.get() & 0xff) << 8) | (in.get() & 0xff);
            list.add(new Endpoint(host, port));
        }
        int groups = in.getInt();
        check(groups >= 0 && groups <= MAX_GROUPS && groups <= in.remaining() / 32, "too many groups");
        TreeSet<GroupId> gs = new TreeSet<>();
        for (int i = 0; i < groups; i++) {
            gs.add(new GroupId(Digest.fromBytes(bytes(in, 32))));
        }
        int tickets = in.get() & 0xff;
        check(tickets <= MAX_TICKETS, "too many tickets");
        TreeSet<Ticket> ts = new TreeSet<>();
        for (int i = 0; i < tickets; i++) {
            UniqueId cls = new UniqueId(Digest.fromBytes(bytes(in, 32)));
            int size = in.getInt();
            check(size >= 0 && size <= MAX_TICKET_BYTES, "ticket too large");
            ts.add(new Ticket(cls, bytes(in, size)));
        }
        check(!in.hasRemaining(), "trailing bytes in peer entry");
        return new PeerEntry(peer, network, startedAt, updatedAt, list, gs, ts);
    }

    private static byte[] bytes(ByteBuffer in, int n) {
        check(n >= 0 && n <= in.remaining(), "truncated peer entry");
        byte[] b = new byte[n];
        in.get(b);
        return b;
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new CodecException(message);
        }
    }

    private static void put(ByteArrayOutputStream out, byte[] b) {
        out.write(b, 0, b.length);
    }

    private static void putLong(ByteArrayOutputStream out, long v) {
        for (int i = 7; i >= 0; i--) {
            out.write((int) (v >>> (8 * i)));
        }
    }

    private static void putInt(ByteArrayOutputStream out, int v) {
        for (int i = 3; i >= 0; i--) {
            out.write(v >>> (8 * i));
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SignedPeerEntry s && java.util.Arrays.equals(body, s.body)
                && java.util.Arrays.equals(signature, s.signature);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(body);
    }

    @Override
    public String toString() {
        return "SignedPeerEntry(" + entry.peerId().shortHex() + " v" + entry.startedAt() + "." + entry.updatedAt()
                + " " + entry.addresses() + ", " + entry.groups().size() + " groups, " + entry.tickets().size() + " tickets)";
    }
}
