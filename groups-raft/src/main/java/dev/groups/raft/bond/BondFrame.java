package dev.groups.raft.bond;

import dev.groups.id.Digest;
import dev.groups.id.GroupId;
import dev.groups.id.NetworkId;
import dev.groups.raft.discovery.SignedPeerEntry;
import java.util.List;
import java.util.Objects;

/**
 * Everything said on a bond's channel. A channel starts with a handshake — {@link Hello} (initiator),
 * {@link Challenge} (acceptor: a nonce, no proof), {@link Proof} (initiator), {@link Welcome}
 * (acceptor: its proof, sent only once the initiator's verified) — or, for a catalog exchange,
 * {@link Hello} then {@link Catalog} pages each way.
 *
 * <p>The initiator proves first so that a stranger dialing in learns nothing keyed by the group
 * secret: before it has proved the key itself, all it ever receives is a nonce. A member that dials
 * a stranger (one that claimed the group in its entry) does send it a proof, which is why passphrase
 * keys are stretched ({@code GroupKey.fromSecret}) and why a member stops dialing an address that
 * failed the handshake. After a bond's handshake every frame
 * is one of {@link Ping}, {@link Pong}, {@link Departure}, {@link PeerEntryUpdate}, {@link BondFormed}
 * or {@link Raft}.
 */
public sealed interface BondFrame {
    /** What an initiator wants from the channel. */
    enum Purpose { BOND, CATALOG }

    /**
     * The initiator's opening: its purpose, network, the group it wants (zero for a catalog exchange),
     * a fresh nonce, and its signed entry (so the acceptor need not know it beforehand).
     */
    record Hello(Purpose purpose, NetworkId network, GroupId group, byte[] nonce, SignedPeerEntry sender)
            implements BondFrame {
        public Hello {
            Objects.requireNonNull(purpose);
            Objects.requireNonNull(network);
            Objects.requireNonNull(group);
            Objects.requireNonNull(sender);
            if (nonce.length != 32) {
                throw new IllegalArgumentException("a nonce is 32 bytes");
            }
        }
    }

    /** The acceptor's nonce and its signed entry; deliberately no proof (see the type's comment). */
    record Challenge(byte[] nonce, SignedPeerEntry sender) implements BondFrame {
        public Challenge {
            Objects.requireNonNull(sender);
            if (nonce.length != 32) {
                throw new IllegalArgumentException("a nonce is 32 bytes");
            }
        }
    }

    /** The initiator's proof, and the peers it is bonded with in this group (to speed up the mesh). */
    record Proof(Digest proof, List<SignedPeerEntry> bonds) implements BondFrame {
        public Proof {
            Objects.requireNonNull(proof);
            bonds = List.copyOf(bonds);
        }
    }

    /**
     * The acceptor verified the initiator's proof: its own proof of the group secret (the initiator
     * checks it before the bond opens) and its bonded peers.
     */
    record Welcome(Digest proof, List<SignedPeerEntry> bonds) implements BondFrame {
        public Welcome {
            Objects.requireNonNull(proof);
            bonds = List.copyOf(bonds);
        }
    }

    /**
     * One page of a catalog exchange: entries the sender serves to this receiver (its own among them).
     * A catalog goes out as pages each well under the frame limit, the last one flagged, so no catalog,
     * however large, makes a frame the transport refuses.
     */
    record Catalog(List<SignedPeerEntry> entries, boolean last) implements BondFrame {
        public Catalog {
            entries = List.copyOf(entries);
        }
    }

    /** Keeps an idle bond alive. */
    record Ping() implements BondFrame {}

    record Pong() implements BondFrame {}

    /** The sender leaves the group; a close with {@code CANCELLED} follows. */
    record Departure() implements BondFrame {}

    /** The sender's entry changed (tickets, groups, addresses). Only accepted from the peer it describes. */
    record PeerEntryUpdate(SignedPeerEntry entry) implements BondFrame {
        public PeerEntryUpdate {
            Objects.requireNonNull(entry);
        }
    }

    /** The sender bonded with this peer in the group: bond with it too. */
    record BondFormed(SignedPeerEntry entry) implements BondFrame {
        public BondFormed {
            Objects.requireNonNull(entry);
        }
    }

    /** A consensus message, encoded by the group's {@code RaftCodec}. */
    record Raft(byte[] message) implements BondFrame {
        public Raft {
            Objects.requireNonNull(message);
        }
    }
}
