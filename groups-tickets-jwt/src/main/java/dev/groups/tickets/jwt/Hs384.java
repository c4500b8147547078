package dev.groups.tickets.jwt;

/** An HS384 shared secret of exactly 48 bytes: verifies and signs. Immutable. */
public final class Hs384 extends HmacKey implements VerifyingKey, SigningKey {
    /** Length of the secret in bytes. */
    public static final int LENGTH = 48;

    private Hs384(byte[] secret) {
        super("HS384", LENGTH, secret);
    }

    /** @throws IllegalArgumentException unless {@code secret} is exactly {@value #LENGTH} bytes */
    public static Hs384 of(byte[] secret) {
        return new Hs384(secret);
    }

    /** From {@value #LENGTH} bytes in hex. */
    public static Hs384 hex(String hex) {
        return new Hs384(Hex.parse(hex, "HS384 secret"));
    }

    /** A fresh random secret. */
    public static Hs384 random() {
        return new Hs384(randomBytes(LENGTH));
    }

    /** This key itself: HMAC verifies with the secret it signs with. */
    @Override
    public Hs384 verifyingKey() {
        return this;
    }
}
