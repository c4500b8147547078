package dev.groups.transport.quic.internal;

import java.util.Objects;

/**
 * What travels on a QUIC stream of this transport, one length-prefixed frame at a time.
 *
 * <p>Wire layout: {@code u32 length | u8 kind | body}, big-endian, where {@code length} counts the kind
 * byte and the body. The first stream a client opens on a connection is its control stream
 * ({@link Hello} then {@link Welcome}); every other stream is one channel ({@link Open} answered by
 * {@link Opened}, then {@link Data} frames, then at most one {@link Goodbye} from each side).
 */
public sealed interface WireFrame {
    /** The protocol version of the control handshake. */
    int VERSION = 1;

    byte HELLO = 1;
    byte WELCOME = 2;
    byte OPEN = 3;
    byte DATA = 4;
    byte GOODBYE = 5;
    byte OPENED = 6;

    /** Client to server on the control stream: the first application message of a connection. */
    record Hello(int version) implements WireFrame {}

    /**
     * Server to client on the control stream. It proves the server accepted the client's certificate:
     * with TLS 1.3 a rejected client still sees its handshake succeed, so no channel is handed out
     * before this arrives.
     */
    record Welcome(int version) implements WireFrame {}

    /** Opens a channel: the first frame of a stream, so the peer learns of the stream at once. */
    record Open() implements WireFrame {}

    /**
     * The answer to {@link Open}: the peer took the channel. The opener hands the channel out only
     * then, so a connection that died unnoticed fails the open instead of swallowing frames.
     */
    record Opened() implements WireFrame {}

    /** One application frame. */
    record Data(byte[] payload) implements WireFrame {
        public Data {
            Objects.requireNonNull(payload, "payload");
        }
    }

    /** The sender closed the channel with this application close code; nothing follows it. */
    record Goodbye(int code) implements WireFrame {}
}
