package dev.groups.tickets.jwt;

import dev.groups.id.UniqueId;

/**
 * A key a {@link Jwt} validator accepts signatures from (spec §7.3 key table):
 * <table>
 *   <caption>Verifying keys</caption>
 *   <tr><th>type</th><th>{@code alg}</th><th>material</th><th>fingerprint</th></tr>
 *   <tr><td>{@link Hs256}, {@link Hs384}, {@link Hs512}</td><td>HS256/384/512</td>
 *       <td>shared secret of exactly 32/48/64 bytes</td><td>{@code derive(UniqueId.of("hs256"), secret)}…</td></tr>
 *   <tr><td>{@link Es256}, {@link Es384}, {@link Es512}</td><td>ES256/384/512</td>
 *       <td>compressed SEC1 P-256/P-384/P-521 point, 33/49/67 bytes</td><td>{@code derive(UniqueId.of("es256"), point)}…</td></tr>
 *   <tr><td>{@link EdDsa}</td><td>EdDSA</td><td>Ed25519 public key, 32 bytes</td>
 *       <td>{@code derive(UniqueId.of("EdDsa"), key)}</td></tr>
 * </table>
 * Keys are validated when constructed: a wrong length, bad hex or a point not on the curve is an
 * {@link IllegalArgumentException} there, never a surprise at validation time. Immutable; equal when
 * algorithm and material are equal; {@code toString} never prints secret material.
 */
public sealed interface VerifyingKey permits Hs256, Hs384, Hs512, Es256, Es384, Es512, EdDsa {
    /** The JWS {@code alg} this key verifies, exactly as tokens name it ({@code "ES256"}). */
    String algorithm();

    /** The key's fingerprint, hashed into the validator's signature (spec §7.3). */
    UniqueId fingerprint();

    /** A copy of the key material (for HMAC keys: the secret). */
    byte[] toBytes();
}
