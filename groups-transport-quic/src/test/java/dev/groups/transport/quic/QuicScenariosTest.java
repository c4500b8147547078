package dev.groups.transport.quic;

import dev.groups.id.NodeIdentity;
import dev.groups.testkit.scenarios.GroupScenarios;
import dev.groups.transport.Endpoint;
import dev.groups.transport.Transport;
import dev.groups.transport.TransportConfig;

/** mosaik's scenarios (spec §9) with every node on its own real QUIC sockets on 127.0.0.1, in one JVM. */
class QuicScenariosTest extends GroupScenarios {
    @Override
    protected Transport transport(NodeIdentity identity) {
        return QuicTransport.create(TransportConfig.of(identity, new Endpoint("127.0.0.1", 0)));
    }
}
