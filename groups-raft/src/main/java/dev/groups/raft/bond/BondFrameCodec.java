package dev.groups.raft.bond;

import dev.groups.id.Digest;
import dev.groups.id.GroupId;
import dev.groups.id.NetworkId;
import dev.groups.machine.CodecException;
import dev.groups.raft.discovery.SignedPeerEntry;
import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The binary form of {@link BondFrame}s: a tag byte, then the fields. Decoding is bounded by the
 * frame (the transport already capped its length) and reports any malformed frame with
 * {@link CodecException}, never another exception. Stateless and thread-safe.
 */
public final class BondFrameCodec {
    /** The most entries a handshake or catalog frame may carry. */
    public static final int MAX_ENTRIES = 1024;

    private static final byte HELLO = 1;
    private static final byte CHALLENGE = 2;
    private static final byte PROOF = 3;
    private static final byte WELCOME = 4;
    private static final byte CATALOG = 5;
    private static final byte PING = 16;
    private static final byte PONG = 17;
    private static final byte DEPARTURE = 18;
    private static final byte ENTRY_UPDATE = 19;
    private static final byte BOND_FORMED = 20;
    private static final byte RAFT = 21;

    private BondFrameCodec() {}

    /**
     * True if {@code frame} carries a consensus message, which starts at offset 1 and runs to the end:
     * the receiver decodes it in place instead of copying it out through {@link #decode}.
     */
    public static boolean isRaft(byte[] frame) {
        return frame.length > 0 && frame[0] == RAFT;
    }

    public static byte[] encode(BondFrame frame) {
        if (frame instanceof BondFrame.Raft r) {
            // The hot path: one copy, no stream.
            byte[] out = new byte[1 + r.message().length];
            out[0] = RAFT;
            System.arraycopy(r.message(), 0, out, 1, r.message().length);
            return out;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        if (frame instanceof BondFrame.Hello h) {
            out.write(HELLO);
            out.write(h.purpose().ordinal());
            out.writeBytes(h.network().digest().toBytes());
            out.writeBytes(h.group().digest().toBytes());
            out.writeBytes(h.nonce());
            out.writeBytes(h.sender().encode());
        } else if (frame instanceof BondFrame.Challenge c) {
            out.write(CHALLENGE);
            out.writeBytes(c.nonce());
            out.writeBytes(c.sender().encode());
        } else if (frame instanceof BondFrame.Proof p) {
            out.write(PROOF);
            out.writeBytes(p.proof().toBytes());
            entries(out, p.bonds());
        } else if (frame instanceof BondFrame.Welcome w) {
            out.write(WELCOME);
            out.writeBytes(w.proof().toBytes());
            entries(out, w.bonds());
        } else if (frame instanceof BondFrame.Catalog c) {
            out.write(CATALOG);
            entries(out, c.entries());
            out.write(c.last() ? 1 : 0);
        } else if (frame instanceof BondFrame.Ping) {
            out.write(PING);
        } else if (frame instanceof BondFrame.Pong) {
            out.write(PONG);
        } else if (frame instanceof BondFrame.Departure) {
            out.write(DEPARTURE);
        } else if (frame instanceof BondFrame.PeerEntryUpdate u) {
            out.write(ENTRY_UPDATE);
            out.writeBytes(u.entry().encode());
        } else if (frame instanceof BondFrame.BondFormed f) {
            out.write(BOND_FORMED);
            out.writeBytes(f.entry().encode());
        }
        return out.toByteArray();
    }

    /** Decodes a frame and verifies the signature of every peer entry in it. */
    public static BondFrame decode(byte[] frame) {
        return decode(frame, true);
    }

    /**
     * Decodes a frame like {@link #decode(byte[])}, except that the entries of a {@link BondFrame.Catalog}
     * page are left unverified: the catalog exchange verifies only the entries it does not already
     * hold byte for byte, so that a routine exchange between peers that know the same entries does not
     * pay an Ed25519 verification per entry per exchange. The caller must call
     * {@link SignedPeerEntry#verified()} on every entry it uses and does not already hold.
     */
    public static BondFrame decodeDeferringCatalogSignatures(byte[] frame) {
        return decode(frame, false);
    }

    private static BondFrame decode(byte[] frame, boolean verifyCatalog) {
        try {
            ByteBuffer in = ByteBuffer.wrap(frame);
            if (!in.hasRemaining()) {
                throw new CodecException("empty frame");
            }
            byte tag = in.get();
            BondFrame decoded = switch (tag) {
                case HELLO -> {
                    int purpose = in.get();
                    if (purpose < 0 || purpose >= BondFrame.Purpose.values().length) {
                        throw new CodecException("unknown purpose " + purpose);
                    }
                    NetworkId network = new NetworkId(digest(in));
                    GroupId group = new GroupId(digest(in));
                    byte[] nonce = bytes(in, 32);
                    yield new BondFrame.Hello(BondFrame.Purpose.values()[purpose], network, group, nonce,
                            SignedPeerEntry.parseUnverified(in));
                }
                case CHALLENGE -> new BondFrame.Challenge(bytes(in, 32), SignedPeerEntry.parseUnverified(in));
                case PROOF -> new BondFrame.Proof(digest(in), entries(in));
                case WELCOME -> new BondFrame.Welcome(digest(in), entries(in));
                case CATALOG -> new BondFrame.Catalog(entries(in), flag(in));
                case PING -> new BondFrame.Ping();
                case PONG -> new BondFrame.Pong();
                case DEPARTURE -> new BondFrame.Departure();
                case ENTRY_UPDATE -> new BondFrame.PeerEntryUpdate(SignedPeerEntry.parseUnverified(in));
                case BOND_FORMED -> new BondFrame.BondFormed(SignedPeerEntry.parseUnverified(in));
                case RAFT -> new BondFrame.Raft(bytes(in, in.remaining()));
                default -> throw new CodecException("unknown frame type " + tag);
            };
            if (in.hasRemaining()) {
                throw new CodecException(in.remaining() + " trailing bytes after a frame of type " + tag);
            }
            if (verifyCatalog || !(decoded instanceof BondFrame.Catalog)) {
                verifyEntries(decoded); // signatures last: every cheap check first (also against floods)
            }
            return decoded;
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw new CodecException("malformed frame: " + e.getMessage(), e);
        }
    }

    private static void verifyEntries(BondFrame f) {
        if (f instanceof BondFrame.Hello h) {
            h.sender().verified();
        } else if (f instanceof BondFrame.Challenge c) {
            c.sender().verified();
        } else if (f instanceof BondFrame.Proof p) {
            p.bonds().forEach(SignedPeerEntry::verified);
        } else if (f instanceof BondFrame.Welcome w) {
            w.bonds().forEach(SignedPeerEntry::verified);
        } else if (f instanceof BondFrame.Catalog c) {
            c.entries().forEach(SignedPeerEntry::verified);
        } else if (f instanceof BondFrame.PeerEntryUpdate u) {
            u.entry().verified();
        } else if (f instanceof BondFrame.BondFormed b) {
            b.entry().verified();
        }
    }

    private static void entries(ByteArrayOutputStream out, List<SignedPeerEntry> entries) {
        if (entries.size() > MAX_ENTRIES) {
            throw new CodecException("more than " + MAX_ENTRIES + " entries in one frame");
        }
        out.write(entries.size() >>> 8);
        out.write(entries.size());
        for (SignedPeerEntry e : entries) {
            out.writeBytes(e.encode());
        }
    }

    private static List<SignedPeerEntry> entries(ByteBuffer in) {
        int count = ((in.get() & 0xff) << 8) | (in.get() & 0xff);
        if (count > MAX_ENTRIES || count > in.remaining() / 100) {
            throw new CodecException("bad entry count " + count);
        }
        List<SignedPeerEntry> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            list.add(SignedPeerEntry.parseUnverified(in));
        }
        return list;
    }

    private static boolean flag(ByteBuffer in) {
        byte b = in.get();
        if (b != 0 && b != 1) {
            throw new CodecException("bad flag " + b);
        }
        return b == 1;
    }

    private static Digest digest(ByteBuffer in) {
        return Digest.fromBytes(bytes(in, 32));
    }

    private static byte[] bytes(ByteBuffer in, int n) {
        if (n > in.remaining()) {
            throw new CodecException("truncated frame");
        }
        byte[] b = new byte[n];
        in.get(b);
        return b;
    }
}
