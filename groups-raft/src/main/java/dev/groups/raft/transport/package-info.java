/**
 * Transports that need no network: {@link dev.groups.raft.transport.InProcessTransport} joins the
 * nodes of one JVM through an {@link dev.groups.raft.transport.InProcessNetwork}, and
 * {@link dev.groups.raft.transport.FaultyTransport} wraps any transport to inject loss, delay,
 * partitions and crashes in tests.
 *
 * <p>Both keep the whole {@link dev.groups.transport.Transport} contract: authenticated, ordered,
 * framed channels; {@code send} and {@code close} never block; callbacks run on a transport thread,
 * one at a time per channel; exactly one {@code onClosed}, after the last frame. Each transport owns
 * at most one thread, a daemon that ends once the transport is closed.
 */
package dev.groups.raft.transport;
