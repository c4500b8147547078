package dev.groups.testkit.scenarios;

import dev.groups.id.NodeIdentity;
import dev.groups.raft.transport.InProcessNetwork;
import dev.groups.raft.transport.InProcessTransport;
import dev.groups.transport.Endpoint;
import dev.groups.transport.Transport;
import dev.groups.transport.TransportConfig;

/** The bond protocol's close codes over the in-process transport. */
class InProcessBondProtocolTest extends BondProtocolScenarios {
    private final InProcessNetwork network = InProcessNetwork.create();

    @Override
    protected Transport transport(NodeIdentity identity) {
        return InProcessTransport.on(network, TransportConfig.of(identity, new Endpoint("node", 0)));
    }
}
