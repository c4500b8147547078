package dev.groups.transport.quic;

import dev.groups.testkit.contract.TransportContract;
import dev.groups.transport.Transport;
import dev.groups.transport.TransportConfig;

/** The shared transport contract, over real QUIC sockets on 127.0.0.1. */
class QuicTransportContractTest extends TransportContract {
    @Override
    protected Transport newTransport(TransportConfig config) {
        return QuicTransport.create(config);
    }

    @Override
    protected boolean isTransportThread(Thread thread) {
        return thread.getName().startsWith("groups-quic-");
    }
}
