package dev.groups.tickets.jwt.internal;

/**
 * Verifies a JWS signature under one key. Implementations are immutable and thread-safe, and never
 * throw: a signature that cannot be checked (wrong length, out-of-range values) does not verify.
 */
public interface SignatureCheck {
    /**
     * @param signingInput the ASCII bytes {@code header_b64 "." claims_b64}
     * @param signature    the decoded signature (for ECDSA the raw {@code r‖s} of RFC 7518 §3.4)
     */
    boolean verifies(byte[] signingInput, byte[] signature);
}
