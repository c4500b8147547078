package dev.groups.tickets.jwt.internal;

import dev.groups.id.UniqueId;
import java.util.Comparator;
import java.util.Objects;

/** A configured key as the validator uses it: its {@code alg} name, its fingerprint and its check. */
public record VerificationKey(String algorithm, UniqueId fingerprint, SignatureCheck check) {
    /** The order keys are hashed in: algorithm name, then fingerprint bytes (unsigned). */
    public static final Comparator<VerificationKey> ORDER = Comparator.comparing(VerificationKey::algorithm)
            .thenComparing(VerificationKey::fingerprint);

    public VerificationKey {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(check, "check");
    }
}
