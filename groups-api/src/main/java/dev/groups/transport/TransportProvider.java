package dev.groups.transport;

import dev.groups.plugin.NamedProvider;

/**
 * Creates transports of one kind, found by {@link #name()} through {@link java.util.ServiceLoader}
 * (for example {@code "quic"}). Adding a transport module to the classpath is all a user does.
 *
 * <p>{@link #create} is called once per node, on the caller's thread, and may allocate threads and
 * sockets only when {@link Transport#start} is called.
 */
public interface TransportProvider extends NamedProvider {
    Transport create(TransportConfig config);
}
