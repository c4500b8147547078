package dev.groups.id;

import java.util.Objects;

/**
 * Identifies a network: nodes only bond with nodes of the same network (close code
 * {@code DifferentNetwork}). Built from a name with the spec's string rule.
 */
public record NetworkId(Digest digest) implements Comparable<NetworkId> {
    public NetworkId {
        Objects.requireNonNull(digest, "digest");
    }

    public static NetworkId of(String name) {
        return new NetworkId(Digest.of(name));
    }

    @Override
    public int compareTo(NetworkId o) {
        return digest.compareTo(o.digest);
    }

    @Override
    public String toString() {
        return digest.toString();
    }
}
