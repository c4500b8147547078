package dev.groups.tickets.jwt;

/**
 * A key a {@link JwtTicketBuilder} signs tokens with: the HMAC keys ({@link Hs256}, {@link Hs384},
 * {@link Hs512}: the same object verifies and signs), ECDSA private scalars ({@link Es256SigningKey},
 * {@link Es384SigningKey}, {@link Es512SigningKey}) and Ed25519 private keys ({@link EdDsaSigningKey}).
 */
public sealed interface SigningKey
        permits Hs256, Hs384, Hs512, Es256SigningKey, Es384SigningKey, Es512SigningKey, EdDsaSigningKey {
    /** The JWS {@code alg} of the tokens this key signs. */
    String algorithm();

    /** The key validators configure to accept this key's tokens. */
    VerifyingKey verifyingKey();
}
