package dev.groups.transport;

/**
 * Receives the channels peers open to this node. Called on a transport thread; must not block.
 * The acceptor owns the channel: it must {@link Channel#start} it or {@link Channel#close} it.
 */
@FunctionalInterface
public interface ChannelAcceptor {
    void accept(Channel channel);
}
