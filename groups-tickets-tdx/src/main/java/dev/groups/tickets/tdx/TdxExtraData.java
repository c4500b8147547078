package dev.groups.tickets.tdx;

import dev.groups.id.Digest;
import dev.groups.id.NetworkId;
import dev.groups.id.PeerId;
import dev.groups.tickets.Expiration;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * What a TDX ticket binds its quote to (spec §7.4): the holder's peer and network, when the node
 * started, when it was quoted, and until when the ticket is valid. Times are whole seconds (they are
 * truncated here), the precision that is encoded and bound.
 *
 * <p>The quote's REPORTDATA is {@link #digest()} followed by 32 zero bytes, so a quote made for one
 * peer, network or validity cannot be reused for another.
 */
public record TdxExtraData(PeerId peerId, NetworkId networkId, Instant startedAt, Instant quotedAt,
                           Expiration expiration) {
    public TdxExtraData {
        Objects.requireNonNull(peerId, "peerId");
        Objects.requireNonNull(networkId, "networkId");
        startedAt = Objects.requireNonNull(startedAt, "startedAt").truncatedTo(ChronoUnit.SECONDS);
        quotedAt = Objects.requireNonNull(quotedAt, "quotedAt").truncatedTo(ChronoUnit.SECONDS);
        Objects.requireNonNull(expiration, "expiration");
        if (expiration instanceof Expiration.At at) {
            expiration = Expiration.at(at.instant().truncatedTo(ChronoUnit.SECONDS));
        }
    }

    /**
     * {@code derive^5(H("groups.tdx.ticket.extra.v1"), peer[32], network[32], i64le(startedAt),
     * i64le(quotedAt), [0] for Never | [1] ‖ i64le(expiresAt))} on this project's SHA-256 digests. Unlike
     * mosaik (which encodes Never as eight zero bytes, the same as an expiry at the epoch) the
     * expiration is tagged, so every expiration binds distinctly.
     */
    public Digest digest() {
        Digest d = Digest.of("groups.tdx.ticket.extra.v1")
                .derive(peerId.toBytes())
                .derive(networkId.digest())
                .derive(le64(startedAt.getEpochSecond()))
                .derive(le64(quotedAt.getEpochSecond()));
        if (expiration instanceof Expiration.At at) {
            return d.derive(ByteBuffer.allocate(9).order(ByteOrder.LITTLE_ENDIAN).put((byte) 1)
                    .putLong(at.instant().getEpochSecond()).array());
        }
        return d.derive(new byte[] {0});
    }

    /** The 64 bytes of REPORTDATA a quote for this ticket carries: {@link #digest()} then 32 zero bytes. */
    public byte[] reportData() {
        byte[] out = new byte[64];
        digest().copyTo(out, 0);
        return out;
    }

    private static byte[] le64(long v) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array();
    }
}
