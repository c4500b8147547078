package dev.groups.id;

import java.util.Objects;

/**
 * A stable identifier of a kind of thing: a state machine's signature, a ticket class, a validator's
 * signature. Built like every {@link Digest}: {@code UniqueId.of("my.machine.v1")} hashes the name
 * (unless it is 64 hex characters, which are decoded).
 */
public record UniqueId(Digest digest) implements Comparable<UniqueId> {
    public UniqueId {
        Objects.requireNonNull(digest, "digest");
    }

    /** The spec's string rule: 64 hex characters are decoded, anything else is hashed. */
    public static UniqueId of(String name) {
        return new UniqueId(Digest.of(name));
    }

    /** A small number right-aligned in 32 bytes (mosaik's {@code UniqueId::from_u8}). */
    public static UniqueId fromLong(long value) {
        return new UniqueId(Digest.fromLong(value));
    }

    public static UniqueId random() {
        return new UniqueId(Digest.random());
    }

    /** {@code SHA-256(this ‖ info)} as a new id. */
    public UniqueId derive(byte[] info) {
        return new UniqueId(digest.derive(info));
    }

    public UniqueId derive(String info) {
        return new UniqueId(digest.derive(info));
    }

    public UniqueId derive(UniqueId other) {
        return new UniqueId(digest.derive(other.digest));
    }

    @Override
    public int compareTo(UniqueId o) {
        return digest.compareTo(o.digest);
    }

    @Override
    public String toString() {
        return digest.toString();
    }
}
