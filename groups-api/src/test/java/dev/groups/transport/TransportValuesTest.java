package dev.groups.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.groups.id.NodeIdentity;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TransportValuesTest {
    @Test
    void closeCodesAreTheSpecs() {
        assertEquals(100, CloseReason.INVALID_ALPN.code());
        assertEquals(101, CloseReason.DIFFERENT_NETWORK.code());
        assertEquals(102, CloseReason.CANCELLED.code());
        assertEquals(103, CloseReason.UNEXPECTED_CLOSE.code());
        assertEquals(200, CloseReason.SUCCESS.code());
        assertEquals(400, CloseReason.PROTOCOL_VIOLATION.code());
        assertEquals(401, CloseReason.UNKNOWN_PEER.code());
        assertEquals(30400, CloseReason.INVALID_HANDSHAKE.code());
        assertEquals(30403, CloseReason.NOT_ALLOWED.code());
        assertEquals(30404, CloseReason.GROUP_NOT_FOUND.code());
        assertEquals(30405, CloseReason.INVALID_PROOF.code());
        assertEquals(30408, CloseReason.TIMEOUT.code());
        assertEquals(30429, CloseReason.ALREADY_BONDED.code());
        Set<Integer> codes = new HashSet<>();
        for (CloseReason r : CloseReason.values()) {
            assertEquals(Optional.of(r), CloseReason.fromCode(r.code()));
            codes.add(r.code());
        }
        assertEquals(CloseReason.values().length, codes.size(), "codes are unique");
        assertEquals(Optional.empty(), CloseReason.fromCode(12345));
        assertEquals(CloseReason.UNEXPECTED_CLOSE, CloseReason.fromCodeOrUnexpected(12345));
    }

    @Test
    void endpointsParse() {
        assertEquals(new Endpoint("127.0.0.1", 7000), Endpoint.parse("127.0.0.1:7000"));
        assertEquals(new Endpoint("::1", 7000), Endpoint.parse("[::1]:7000"));
        assertEquals("[::1]:7000", Endpoint.parse("[::1]:7000").toString());
        assertEquals("node-a:1", new Endpoint("node-a", 1).toString());
        for (String bad : new String[] {"nohost", ":80", "host:", "host:x", "host:70000", "[::1]7000", "a:b:c"}) {
            var e = assertThrows(IllegalArgumentException.class, () -> Endpoint.parse(bad), bad);
            assertEquals(true, e.getMessage().contains(bad) || e.getMessage().contains("port"), e.getMessage());
        }
    }

    @Test
    void transportConfigValidates() {
        var id = NodeIdentity.generate();
        var ep = new Endpoint("127.0.0.1", 0);
        assertEquals(TransportConfig.DEFAULT_MAX_FRAME_LENGTH, TransportConfig.of(id, ep).maxFrameLength());
        assertThrows(IllegalArgumentException.class, () -> new TransportConfig(id, ep, 10, Duration.ofSeconds(1), Map.of()));
        assertThrows(IllegalArgumentException.class, () -> new TransportConfig(id, ep, 4096, Duration.ZERO, Map.of()));
    }
}
