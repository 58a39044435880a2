package org.opencdp.platform.config;

import static java.util.Objects.requireNonNull;
import static org.opencdp.platform.config.ConfigValues.checkPort;

import java.time.Duration;

/** How Flink jobs run: parallelism, where the REST endpoint binds, and checkpointing. */
public record FlinkSettings(
        int parallelism,
        String bindHost,
        int restPort,
        Duration checkpointInterval,
        String checkpointDirectory) {
    public FlinkSettings {
        if (parallelism < 1) {
            throw new IllegalArgumentException("Flink parallelism must be at least 1: " + parallelism);
        }
        requireNonNull(bindHost, "bindHost is null");
        checkPort(CdpProperties.FLINK_REST_PORT, restPort);
        requireNonNull(checkpointInterval, "checkpointInterval is null");
        if (checkpointInterval.isNegative() || checkpointInterval.isZero()) {
            throw new IllegalArgumentException("Flink checkpoint interval must be positive: " + checkpointInterval);
        }
        requireNonNull(checkpointDirectory, "checkpointDirectory is null");
    }
}
