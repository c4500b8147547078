package dev.groups.tickets.tdx.internal;

import dev.groups.id.Digest;
import dev.groups.id.NetworkId;
import dev.groups.id.PeerId;
import dev.groups.tickets.Expiration;
import dev.groups.tickets.tdx.TdxExtraData;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.DateTimeException;
import java.time.Instant;

/**
 * The binary encoding of a TDX ticket's data (no Java serialization, no compression):
 * <pre>
 * u8 format (= 1) ‖ u32 BE quote length ‖ quote ‖ peer id (32) ‖ network id (32)
 * ‖ i64 BE startedAt ‖ i64 BE quotedAt (unix seconds) ‖ u8 expiration (0 Never | 1 At ‖ i64 BE seconds)
 * </pre>
 * At most {@value #MAX_LENGTH} bytes in all, checked before decoding; nothing may follow.
 */
public final class TicketCodec {
    public static final int MAX_LENGTH = 64 * 1024;
    private static final int FORMAT = 1;

    private TicketCodec() {}

    public record Decoded(byte[] quote, TdxExtraData extra) {}

    /** @throws IllegalArgumentException if the encoding would exceed {@value #MAX_LENGTH} bytes */
    public static byte[] encode(byte[] quote, TdxExtraData extra) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(quote.length + 128);
        out.write(FORMAT);
        out.writeBytes(ByteBuffer.allocate(4).putInt(quote.length).array());
        out.writeBytes(quote);
        out.writeBytes(extra.peerId().toBytes());
        out.writeBytes(extra.networkId().digest().toBytes());
        out.writeBytes(ByteBuffer.allocate(16).putLong(extra.startedAt().getEpochSecond())
                .putLong(extra.quotedAt().getEpochSecond()).array());
        if (extra.expiration() instanceof Expiration.At at) {
            out.write(1);
            out.writeBytes(ByteBuffer.allocate(8).putLong(at.instant().getEpochSecond()).array());
        } else {
            out.write(0);
        }
        if (out.size() > MAX_LENGTH) {
            throw new IllegalArgumentException("a TDX ticket is at most " + MAX_LENGTH + " bytes; this one would be "
                    + out.size());
        }
        return out.toByteArray();
    }

    public static Decoded decode(byte[] data) throws Rejection {
        if (data.length > MAX_LENGTH) {
            throw new Rejection("ticket is " + data.length + " bytes, more than the " + MAX_LENGTH + " allowed");
        }
        try {
            ByteCursor in = new ByteCursor(data);
            int format = in.u8("format");
            if (format != FORMAT) {
                throw new Rejection("unknown ticket format " + format);
            }
            byte[] quote = in.bytes(in.u32be("quote length"), "quote");
            PeerId peer = PeerId.fromBytes(in.bytes(32, "peer id"));
            NetworkId network = new NetworkId(Digest.fromBytes(in.bytes(32, "network id")));
            Instant startedAt = instant(in.i64be("startedAt"));
            Instant quotedAt = instant(in.i64be("quotedAt"));
            int tag = in.u8("expiration");
            Expiration expiration;
            if (tag == 0) {
                expiration = Expiration.never();
            } else if (tag == 1) {
                expiration = Expiration.at(instant(in.i64be("expiration time")));
            } else {
                throw new Rejection("unknown expiration tag " + tag);
            }
            in.expectEnd("ticket");
            return new Decoded(quote, new TdxExtraData(peer, network, startedAt, quotedAt, expiration));
        } catch (MalformedQuoteException e) {
            throw new Rejection("malformed ticket: " + e.reason());
        }
    }

    private static Instant instant(long seconds) throws Rejection {
        try {
            return Instant.ofEpochSecond(seconds);
        } catch (DateTimeException e) {
            throw new Rejection("ticket time " + seconds + " is out of range");
        }
    }
}
