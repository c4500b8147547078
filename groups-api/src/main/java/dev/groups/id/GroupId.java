package dev.groups.id;

import java.util.List;
import java.util.Objects;

/**
 * The identity of a group, derived from everything its members must agree on. Two nodes bond in a
 * group only when they derive the same id, so a misconfigured node can never join.
 *
 * <p>The derivation (spec §2.1, with SHA-256 for BLAKE3) lives only in {@link #derive} and is pinned
 * by known-answer tests:
 * <pre>
 * id = SHA-256(secret)
 * id = SHA-256(id ‖ consensusDigest)          // ConsensusConfig.digest()
 * id = SHA-256(id ‖ machineSignature)
 * id = SHA-256(id ‖ stateSyncSignature)
 * for each validator, in require order: id = SHA-256(id ‖ validatorSignature)
 * </pre>
 */
public record GroupId(Digest digest) implements Comparable<GroupId> {
    public GroupId {
        Objects.requireNonNull(digest, "digest");
    }

    /**
     * Derives a group id. Storage type, leadership preference and the per-node timeouts are deliberately
     * not inputs: members may differ in them.
     */
    public static GroupId derive(GroupKey key, Digest consensusDigest, UniqueId machineSignature,
                                 UniqueId stateSyncSignature, List<UniqueId> validatorSignatures) {
        Digest id = key.secret().hashed()
                .derive(consensusDigest)
                .derive(machineSignature.digest())
                .derive(stateSyncSignature.digest());
        for (UniqueId signature : validatorSignatures) {
            id = id.derive(signature.digest());
        }
        return new GroupId(id);
    }

    /** Parses 64 hex characters. */
    public static GroupId fromHex(String hex) {
        return new GroupId(Digest.fromHex(hex));
    }

    /** The first 4 bytes in hex, for logs and {@code Group(…)} display. */
    public String shortHex() {
        return digest.shortHex();
    }

    @Override
    public int compareTo(GroupId o) {
        return digest.compareTo(o.digest);
    }

    @Override
    public String toString() {
        return digest.toString();
    }
}
