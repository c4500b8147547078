package dev.groups.transport;

import dev.groups.id.NodeIdentity;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * What a transport needs to start.
 *
 * @param identity       this node's key pair, presented in the handshake
 * @param listen         the address to listen on (port 0: any free port)
 * @param maxFrameLength the largest frame accepted or sent, in bytes (at least 1 KiB)
 * @param idleTimeout    a connection with no traffic for this long is dead; keep it well above the
 *                       heartbeat interval
 * @param options        transport-defined settings
 */
public record TransportConfig(NodeIdentity identity, Endpoint listen, int maxFrameLength, Duration idleTimeout,
                              Map<String, String> options) {
    /** 16 MiB: room for a large AppendEntries batch, small enough that a hostile length cannot exhaust memory. */
    public static final int DEFAULT_MAX_FRAME_LENGTH = 16 << 20;
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);

    public TransportConfig {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (maxFrameLength < 1024) {
            throw new IllegalArgumentException("maxFrameLength must be at least 1024 bytes, got " + maxFrameLength);
        }
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idleTimeout must be positive");
        }
        options = Map.copyOf(options);
    }

    public static TransportConfig of(NodeIdentity identity, Endpoint listen) {
        return new TransportConfig(identity, listen, DEFAULT_MAX_FRAME_LENGTH, DEFAULT_IDLE_TIMEOUT, Map.of());
    }
}
