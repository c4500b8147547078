package dev.groups.tickets.jwt;

import dev.groups.id.UniqueId;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;

/**
 * An EdDSA (Ed25519) verifying key: the 32-byte public key of RFC 8032, checked to decode to a curve
 * point. Its fingerprint label is {@code "EdDsa"}, capitalised as in the original. Immutable.
 */
public final class EdDsa implements VerifyingKey {
    /** Length of the public key in bytes. */
    public static final int LENGTH = 32;

    private final byte[] key;
    private final UniqueId fingerprint;

    private EdDsa(byte[] key) {
        Objects.requireNonNull(key, "key");
        if (key.length != LENGTH) {
            throw new IllegalArgumentException("EdDSA public key must be " + LENGTH + " bytes, got " + key.length + " bytes");
        }
        try {
            new Ed25519PublicKeyParameters(key, 0);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("EdDSA public key is not a valid Ed25519 point", e);
        }
        this.key = key.clone();
        this.fingerprint = UniqueId.of("EdDsa").derive(this.key);
    }

    /** @throws IllegalArgumentException unless {@code key} is a valid 32-byte Ed25519 public key */
    public static EdDsa of(byte[] key) {
        return new EdDsa(key);
    }

    public static EdDsa hex(String hex) {
        return new EdDsa(Hex.parse(hex, "EdDSA public key"));
    }

    @Override
    public String algorithm() {
        return "EdDSA";
    }

    @Override
    public UniqueId fingerprint() {
        return fingerprint;
    }

    @Override
    public byte[] toBytes() {
        return key.clone();
    }

    public String toHex() {
        return HexFormat.of().formatHex(key);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EdDsa e && Arrays.equals(key, e.key);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(key);
    }

    @Override
    public String toString() {
        return "EdDsa(" + toHex() + ")";
    }
}
