package org.opencdp.platform.config;

import static java.util.Objects.requireNonNull;
import static org.opencdp.platform.config.ConfigValues.checkPort;

/** How Spark jobs run: master, where the driver binds, and shuffle width. */
public record SparkSettings(String master, String bindHost, int driverPort, int shufflePartitions) {
    public SparkSettings {
        requireNonNull(master, "master is null");
        if (master.isBlank()) {
            throw new IllegalArgumentException("Spark master is blank");
        }
        requireNonNull(bindHost, "bindHost is null");
        checkPort(CdpProperties.SPARK_DRIVER_PORT, driverPort);
        if (shufflePartitions < 1) {
            throw new IllegalArgumentException("Spark shuffle partitions must be at least 1: " + shufflePartitions);
        }
    }
}
