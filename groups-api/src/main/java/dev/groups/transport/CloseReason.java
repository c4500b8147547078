package dev.groups.transport;

import java.util.Optional;

/**
 * Why a bond or channel closed: the application close codes of the spec §3.2, carried on the wire by
 * every transport. Codes are compared by number only.
 */
public enum CloseReason {
    /** The connection's application protocol (ALPN) is not ours. */
    INVALID_ALPN(100),
    /** The initiator belongs to another network. */
    DIFFERENT_NETWORK(101),
    /** Closed on purpose by this side: group left, node shutting down, operation cancelled. */
    CANCELLED(102),
    /** The channel ended or the link was lost without an application reason. */
    UNEXPECTED_CLOSE(103),
    /** A clean close (not used by groups). */
    SUCCESS(200),
    /** A frame could not be decoded, or a message arrived that the protocol does not allow there. */
    PROTOCOL_VIOLATION(400),
    /** The acceptor has no signed discovery entry for the initiator. */
    UNKNOWN_PEER(401),
    /** The handshake failed other than by timeout. */
    INVALID_HANDSHAKE(30400),
    /** Ticket authorization failed, was revoked, or expired. */
    NOT_ALLOWED(30403),
    /** The acceptor has no active group with the requested id. */
    GROUP_NOT_FOUND(30404),
    /** The peer's proof of the group secret is wrong. */
    INVALID_PROOF(30405),
    /** No handshake in time, or heartbeats stopped. */
    TIMEOUT(30408),
    /** A frame exceeded the configured maximum length (this project's addition to the spec's codes). */
    FRAME_TOO_LARGE(30413),
    /** A bond with this peer already exists in this group. */
    ALREADY_BONDED(30429);

    private final int code;

    CloseReason(int code) {
        this.code = code;
    }

    /** The numeric application close code on the wire. */
    public int code() {
        return code;
    }

    /** The reason for a wire code; empty for a code this version does not know. */
    public static Optional<CloseReason> fromCode(long code) {
        for (CloseReason r : values()) {
            if (r.code == code) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /** The reason for a wire code, or {@link #UNEXPECTED_CLOSE} for an unknown one. */
    public static CloseReason fromCodeOrUnexpected(long code) {
        return fromCode(code).orElse(UNEXPECTED_CLOSE);
    }
}
