package org.opencdp.platform.config;

import static java.util.Objects.requireNonNull;
import static org.opencdp.platform.config.ConfigValues.checkPort;

import java.nio.file.Path;

/**
 * Where Kafka is. An empty {@code bootstrapServers} means the platform runs its own in-process broker on
 * {@code embeddedHost:embeddedPort}, with its log under {@code embeddedLogDirectory}.
 */
public record KafkaSettings(
        String bootstrapServers,
        String embeddedHost,
        int embeddedPort,
        int embeddedControllerPort,
        Path embeddedLogDirectory,
        int defaultPartitions) {
    public KafkaSettings {
        requireNonNull(bootstrapServers, "bootstrapServers is null");
        bootstrapServers = bootstrapServers.strip();
        requireNonNull(embeddedHost, "embeddedHost is null");
        checkPort(CdpProperties.KAFKA_EMBEDDED_PORT, embeddedPort);
        checkPort(CdpProperties.KAFKA_EMBEDDED_CONTROLLER_PORT, embeddedControllerPort);
        if (embeddedPort != 0 && embeddedPort == embeddedControllerPort) {
            throw new IllegalArgumentException("Kafka broker and controller ports must differ, both are " + embeddedPort);
        }
        requireNonNull(embeddedLogDirectory, "embeddedLogDirectory is null");
        if (defaultPartitions < 1) {
            throw new IllegalArgumentException("Kafka default partitions must be at least 1: " + defaultPartitions);
        }
    }

    public boolean embedded() {
        return bootstrapServers.isEmpty();
    }

    /** The servers clients connect to: the configured ones, or the embedded broker's listener. */
    public String effectiveBootstrapServers() {
        return embedded() ? embeddedHost + ":" + embeddedPort : bootstrapServers;
    }
}
