package dev.groups.tickets.jwt;

/** An HS256 shared secret of exactly 32 bytes: verifies and signs. Immutable. */
public final class Hs256 extends HmacKey implements VerifyingKey, SigningKey {
    /** Length of the secret in bytes. */
    public static final int LENGTH = 32;

    private Hs256(byte[] secret) {
        super("HS256", LENGTH, secret);
    }

    /** @throws IllegalArgumentException unless {@code secret} is exactly {@value #LENGTH} bytes */
    public static Hs256 of(byte[] secret) {
        return new Hs256(secret);
    }

    /** From {@value #LENGTH} bytes in hex. */
    public static Hs256 hex(String hex) {
        return new Hs256(Hex.parse(hex, "HS256 secret"));
    }

    /** A fresh random secret. */
    public static Hs256 random() {
        return new Hs256(randomBytes(LENGTH));
    }

    /** This key itself: HMAC verifies with the secret it signs with. */
    @Override
    public Hs256 verifyingKey() {
        return this;
    }
}
