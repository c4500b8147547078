package dev.groups.transport.quic.internal;

import java.time.Duration;
import java.util.Map;

/**
 * The QUIC transport's settings, read from {@code TransportConfig.options()} (keys below, all
 * optional). Netty's QUIC defaults for credits are 0, so every limit is set explicitly here.
 *
 * @param alpn              {@code quic.alpn}: the application protocol (default {@value #DEFAULT_ALPN}, spec §1.2)
 * @param threads           {@code quic.threads}: event-loop threads (default 1: all of a node's connections on one thread)
 * @param connectTimeout    {@code quic.connectTimeoutMillis}: a dial not authenticated by then fails (default 5 s)
 * @param maxStreams        {@code quic.maxStreams}: concurrent bidirectional streams per connection the peer may open (default 4096)
 * @param streamWindow      {@code quic.streamWindowBytes}: initial flow-control credit per stream (default 4 MiB)
 * @param connectionWindow  {@code quic.connectionWindowBytes}: initial flow-control credit per connection (default 32 MiB)
 */
public record QuicSettings(String alpn, int threads, Duration connectTimeout, long maxStreams, long streamWindow,
                           long connectionWindow) {
    public static final String DEFAULT_ALPN = "/mosaik/groups/1";

    public QuicSettings {
        if (alpn.isEmpty() || alpn.length() > 255) {
            throw new IllegalArgumentException("quic.alpn must be 1..255 characters");
        }
        positive("quic.threads", threads);
        positive("quic.connectTimeoutMillis", connectTimeout.toMillis());
        positive("quic.maxStreams", maxStreams);
        positive("quic.streamWindowBytes", streamWindow);
        positive("quic.connectionWindowBytes", connectionWindow);
    }

    /** @throws IllegalArgumentException naming the option when a value is not a valid number */
    public static QuicSettings from(Map<String, String> options) {
        return new QuicSettings(options.getOrDefault("quic.alpn", DEFAULT_ALPN),
                (int) number(options, "quic.threads", 1),
                Duration.ofMillis(number(options, "quic.connectTimeoutMillis", 5_000)),
                number(options, "quic.maxStreams", 4096),
                number(options, "quic.streamWindowBytes", 4L << 20),
                number(options, "quic.connectionWindowBytes", 32L << 20));
    }

    private static long number(Map<String, String> options, String key, long fallback) {
        String value = options.get(key);
        if (value == null) {
            return fallback;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number, got '" + value + "'");
        }
    }

    private static void positive(String key, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(key + " must be positive, got " + value);
        }
    }
}
