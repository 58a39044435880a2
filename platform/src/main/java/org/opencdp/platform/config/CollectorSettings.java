package org.opencdp.platform.config;

import static java.util.Objects.requireNonNull;
import static org.opencdp.platform.config.ConfigValues.checkPort;

import java.time.Duration;

/**
 * How the HTTP event collector listens and what it accepts: batch limits (events, bytes as sent, bytes after
 * gzip decompression), the per-write-key token bucket, and how long it waits for Kafka before answering 503.
 */
public record CollectorSettings(
        String host,
        int port,
        int maxBatchEvents,
        int maxRequestBytes,
        int maxDecompressedBytes,
        int rateLimitPerSecond,
        int rateLimitBurst,
        Duration ackTimeout) {
    public CollectorSettings {
        requireNonNull(host, "host is null");
        if (host.isBlank()) {
            throw new IllegalArgumentException("collector host is blank");
        }
        checkPort(CdpProperties.COLLECTOR_PORT, port);
        positive(CdpProperties.COLLECTOR_MAX_BATCH_EVENTS, maxBatchEvents);
        positive(CdpProperties.COLLECTOR_MAX_REQUEST_BYTES, maxRequestBytes);
        positive(CdpProperties.COLLECTOR_MAX_DECOMPRESSED_BYTES, maxDecompressedBytes);
        positive(CdpProperties.COLLECTOR_RATE_LIMIT_REQUESTS_PER_SECOND, rateLimitPerSecond);
        positive(CdpProperties.COLLECTOR_RATE_LIMIT_BURST, rateLimitBurst);
        requireNonNull(ackTimeout, "ackTimeout is null");
        if (ackTimeout.toMillis() < 1000) {
            throw new IllegalArgumentException(CdpProperties.COLLECTOR_ACK_TIMEOUT + " must be at least 1s: " + ackTimeout);
        }
    }

    /** The defaults of {@link CdpProperties} on {@code host:port}. */
    public static CollectorSettings defaults(String host, int port) {
        return new CollectorSettings(host, port,
                CdpProperties.COLLECTOR_MAX_BATCH_EVENTS_DEFAULT,
                CdpProperties.COLLECTOR_MAX_REQUEST_BYTES_DEFAULT,
                CdpProperties.COLLECTOR_MAX_DECOMPRESSED_BYTES_DEFAULT,
                CdpProperties.COLLECTOR_RATE_LIMIT_REQUESTS_PER_SECOND_DEFAULT,
                CdpProperties.COLLECTOR_RATE_LIMIT_BURST_DEFAULT,
                Duration.ofSeconds(10));
    }

    public CollectorSettings withPort(int port) {
        return new CollectorSettings(host, port, maxBatchEvents, maxRequestBytes, maxDecompressedBytes, rateLimitPerSecond, rateLimitBurst, ackTimeout);
    }

    public CollectorSettings withMaxBatchEvents(int events) {
        return new CollectorSettings(host, port, events, maxRequestBytes, maxDecompressedBytes, rateLimitPerSecond, rateLimitBurst, ackTimeout);
    }

    public CollectorSettings withMaxBytes(int requestBytes, int decompressedBytes) {
        return new CollectorSettings(host, port, maxBatchEvents, requestBytes, decompressedBytes, rateLimitPerSecond, rateLimitBurst, ackTimeout);
    }

    public CollectorSettings withRateLimit(int perSecond, int burst) {
        return new CollectorSettings(host, port, maxBatchEvents, maxRequestBytes, maxDecompressedBytes, perSecond, burst, ackTimeout);
    }

    public CollectorSettings withAckTimeout(Duration timeout) {
        return new CollectorSettings(host, port, maxBatchEvents, maxRequestBytes, maxDecompressedBytes, rateLimitPerSecond, rateLimitBurst, timeout);
    }

    private static void positive(String key, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(key + " must be at least 1: " + value);
        }
    }
}
