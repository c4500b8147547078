package dev.groups.transport.quic;

import com.google.auto.service.AutoService;
import dev.groups.transport.Transport;
import dev.groups.transport.TransportConfig;
import dev.groups.transport.TransportProvider;

/** Finds {@link QuicTransport} by the name {@value #NAME}: having this module on the class path is all it takes. */
@AutoService(TransportProvider.class)
public final class QuicTransportProvider implements TransportProvider {
    public static final String NAME = "quic";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Transport create(TransportConfig config) {
        return QuicTransport.create(config);
    }
}
