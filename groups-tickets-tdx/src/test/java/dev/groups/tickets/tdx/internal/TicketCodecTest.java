package dev.groups.tickets.tdx.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.groups.id.NetworkId;
import dev.groups.id.PeerId;
import dev.groups.tickets.Expiration;
import dev.groups.tickets.tdx.TdxExtraData;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TicketCodecTest {
    private static final TdxExtraData EXTRA = new TdxExtraData(PeerId.fromBytes(new byte[32]), NetworkId.of("net"),
            Instant.parse("2030-01-01T00:00:00.900Z"), Instant.parse("2030-01-01T01:00:00Z"),
            Expiration.at(Instant.parse("2030-01-02T00:00:00.5Z")));

    @Test
    void roundTripsWholeSeconds() throws Rejection {
        byte[] quote = {1, 2, 3};
        TicketCodec.Decoded d = TicketCodec.decode(TicketCodec.encode(quote, EXTRA));
        assertArrayEquals(quote, d.quote());
        assertEquals(EXTRA, d.extra());
        assertEquals(Instant.parse("2030-01-01T00:00:00Z"), d.extra().startedAt());
        assertEquals(Expiration.at(Instant.parse("2030-01-02T00:00:00Z")), d.extra().expiration());
        TdxExtraData never = new TdxExtraData(EXTRA.peerId(), EXTRA.networkId(), EXTRA.startedAt(), EXTRA.quotedAt(),
                Expiration.never());
        assertEquals(never, TicketCodec.decode(TicketCodec.encode(quote, never)).extra());
    }

    @Test
    void reportDataBindsEveryFieldAndTagsTheExpiration() {
        TdxExtraData epoch = new TdxExtraData(EXTRA.peerId(), EXTRA.networkId(), EXTRA.startedAt(), EXTRA.quotedAt(),
                Expiration.at(Instant.EPOCH));
        TdxExtraData never = new TdxExtraData(EXTRA.peerId(), EXTRA.networkId(), EXTRA.startedAt(), EXTRA.quotedAt(),
                Expiration.never());
        assertTrue(!epoch.digest().equals(never.digest()), "Never must not bind like an expiry at the epoch");
        TdxExtraData otherNetwork = new TdxExtraData(EXTRA.peerId(), NetworkId.of("other"), EXTRA.startedAt(),
                EXTRA.quotedAt(), EXTRA.expiration());
        assertTrue(!EXTRA.digest().equals(otherNetwork.digest()));
        byte[] reportData = EXTRA.reportData();
        assertArrayEquals(new byte[32], Arrays.copyOfRange(reportData, 32, 64));
    }

    @Test
    void rejectsMalformedEncodings() {
        byte[] good = TicketCodec.encode(new byte[] {9}, EXTRA);
        byte[] trailing = Arrays.copyOf(good, good.length + 1);
        assertTrue(assertThrows(Rejection.class, () -> TicketCodec.decode(trailing)).reason().contains("trailing"));
        byte[] format = good.clone();
        format[0] = 2;
        assertTrue(assertThrows(Rejection.class, () -> TicketCodec.decode(format)).reason().contains("format"));
        byte[] hugeLength = good.clone();
        ByteBuffer.wrap(hugeLength).putInt(1, Integer.MAX_VALUE);
        assertThrows(Rejection.class, () -> TicketCodec.decode(hugeLength));
        byte[] tag = good.clone();
        tag[good.length - 9] = 7;
        assertTrue(assertThrows(Rejection.class, () -> TicketCodec.decode(tag)).reason().contains("expiration tag"));
        byte[] farFuture = good.clone();
        ByteBuffer.wrap(farFuture).putLong(good.length - 8, Long.MAX_VALUE);
        assertTrue(assertThrows(Rejection.class, () -> TicketCodec.decode(farFuture)).reason().contains("out of range"));
        assertThrows(IllegalArgumentException.class, () -> TicketCodec.encode(new byte[TicketCodec.MAX_LENGTH], EXTRA));
    }
}
