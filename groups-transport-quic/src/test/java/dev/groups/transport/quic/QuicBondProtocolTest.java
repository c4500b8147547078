package dev.groups.transport.quic;

import dev.groups.id.NodeIdentity;
import dev.groups.testkit.scenarios.BondProtocolScenarios;
import dev.groups.transport.Endpoint;
import dev.groups.transport.Transport;
import dev.groups.transport.TransportConfig;

/**
 * Every bond close code (wrong key, unknown group, other network, no handshake, garbage first frame,
 * duplicate bond, heartbeat silence, departure...) provoked by a scripted peer over real QUIC sockets
 * and observed on the other side.
 */
class QuicBondProtocolTest extends BondProtocolScenarios {
    @Override
    protected Transport transport(NodeIdentity identity) {
        return QuicTransport.create(TransportConfig.of(identity, new Endpoint("127.0.0.1", 0)));
    }
}
