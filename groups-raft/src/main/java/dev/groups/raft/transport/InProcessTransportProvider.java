package dev.groups.raft.transport;

import dev.groups.transport.Transport;
import dev.groups.transport.TransportConfig;
import dev.groups.transport.TransportProvider;

/**
 * Provides {@link InProcessTransport}s under the name {@value #NAME}. They join the JVM-wide
 * {@link InProcessNetwork#defaultNetwork() default network}, or the named network given by the option
 * {@value #NETWORK_OPTION} in {@link TransportConfig#options()}.
 */
public final class InProcessTransportProvider implements TransportProvider {
    public static final String NAME = "inprocess";
    /** The option naming the {@link InProcessNetwork#named named network} to join. */
    public static final String NETWORK_OPTION = "inprocess.network";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Transport create(TransportConfig config) {
        String name = config.options().get(NETWORK_OPTION);
        InProcessNetwork network = name == null ? InProcessNetwork.defaultNetwork() : InProcessNetwork.named(name);
        return InProcessTransport.on(network, config);
    }
}
