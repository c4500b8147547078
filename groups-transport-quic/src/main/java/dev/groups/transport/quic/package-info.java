/** The QUIC transport: {@link dev.groups.transport.quic.QuicTransport}, found by ServiceLoader as {@code "quic"}. */
package dev.groups.transport.quic;
