package dev.groups.raft.bond;

import dev.groups.id.Digest;
import dev.groups.id.GroupId;
import dev.groups.id.GroupKey;
import dev.groups.id.NetworkId;
import dev.groups.id.PeerId;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Mutual proof of the group secret on one channel: HMAC-SHA-256 keyed with the secret over the
 * role, group, network, both peer ids and both fresh nonces. The secret never crosses the wire; a
 * proof is worthless on any other channel (other nonces) or in the other direction (the role), and it
 * binds the transport-authenticated identities, so a relay cannot reuse it.
 */
public final class BondProof {
    private static final byte[] LABEL = "groups.bond.proof.v1".getBytes(StandardCharsets.US_ASCII);

    /** Which side proves. */
    public enum Role { INITIATOR, ACCEPTOR }

    private BondProof() {}

    public static Digest of(GroupKey key, Role role, GroupId group, NetworkId network, PeerId initiator,
                            PeerId acceptor, byte[] initiatorNonce, byte[] acceptorNonce) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.secret().toBytes(), "HmacSHA256"));
            mac.update(LABEL);
            mac.update((byte) role.ordinal());
            mac.update(group.digest().toBytes());
            mac.update(network.digest().toBytes());
            mac.update(initiator.toBytes());
            mac.update(acceptor.toBytes());
            mac.update(initiatorNonce);
            mac.update(acceptorNonce);
            return Digest.fromBytes(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java platform must provide HmacSHA256", e);
        }
    }
}
