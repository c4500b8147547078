package dev.groups.tickets.jwt;

/** An HS512 shared secret of exactly 64 bytes: verifies and signs. Immutable. */
public final class Hs512 extends HmacKey implements VerifyingKey, SigningKey {
    /** Length of the secret in bytes. */
    public static final int LENGTH = 64;

    private Hs512(byte[] secret) {
        super("HS512", LENGTH, secret);
    }

    /** @throws IllegalArgumentException unless {@code secret} is exactly {@value #LENGTH} bytes */
    public static Hs512 of(byte[] secret) {
        return new Hs512(secret);
    }

    /** From {@value #LENGTH} bytes in hex. */
    public static Hs512 hex(String hex) {
        return new Hs512(Hex.parse(hex, "HS512 secret"));
    }

    /** A fresh random secret. */
    public static Hs512 random() {
        return new Hs512(randomBytes(LENGTH));
    }

    /** This key itself: HMAC verifies with the secret it signs with. */
    @Override
    public Hs512 verifyingKey() {
        return this;
    }
}
