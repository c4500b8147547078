package dev.groups.transport.quic;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.groups.raft.Network;
import dev.groups.transport.Endpoint;
import dev.groups.transport.TransportException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** {@link Network.Builder#start()} with QUIC installed beside the in-process transport (a test dependency here). */
class NetworkOverQuicTest {
    @Test
    void withoutATransportNameTheNetworkTransportIsPickedAndAPortInUseFailsWithItsOwnException() throws Exception {
        try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            Endpoint busy = new Endpoint("127.0.0.1", taken.getLocalPort());
            // Only QUIC binds a UDP socket: the in-process transport would not notice the port is taken.
            TransportException e = assertThrows(TransportException.class, () -> Network.builder().listen(busy).start());
            assertTrue(e.getMessage().contains("cannot listen on " + busy), e.getMessage());
        }
    }
}
