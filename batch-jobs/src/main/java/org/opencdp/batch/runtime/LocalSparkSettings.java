package org.opencdp.batch.runtime;

import org.opencdp.platform.config.CdpProperties;
import org.opencdp.platform.config.SparkSettings;

import static java.util.Objects.requireNonNull;

/**
 * How a local Spark session runs: its application name, its {@code local[...]} master, the address and port
 * the driver binds to, and the number of shuffle partitions (Spark's default of 200 only adds overhead on a
 * laptop-sized machine).
 *
 * @param bindHost address the driver listens on; 127.0.0.1 keeps it on this machine
 * @param driverPort port of the driver's RPC endpoint, 0 for a free port
 */
public record LocalSparkSettings(String appName, String master, String bindHost, int driverPort, int shufflePartitions)
{
    public static final String DEFAULT_MASTER = "local[2]";
    public static final String DEFAULT_BIND_HOST = "127.0.0.1";
    public static final int DEFAULT_DRIVER_PORT = 0;
    public static final int DEFAULT_SHUFFLE_PARTITIONS = 4;

    public LocalSparkSettings
    {
        requireNonNull(appName, "appName is null");
        requireNonNull(master, "master is null");
        requireNonNull(bindHost, "bindHost is null");
        if (appName.isBlank()) {
            throw new IllegalArgumentException("Spark application name is blank");
        }
        if (!master.startsWith("local")) {
            throw new IllegalArgumentException("A local Spark session needs a local master such as local[2], got '" + master + "'");
        }
        bindHost = bindHost.strip();
        if (bindHost.isEmpty()) {
            throw new IllegalArgumentException("Spark driver bind host is blank");
        }
        if (driverPort < 0 || driverPort > 65535) {
            throw new IllegalArgumentException("Spark driver port must be between 0 (any free port) and 65535, got " + driverPort);
        }
        if (shufflePartitions < 1) {
            throw new IllegalArgumentException("Spark shuffle partitions must be at least 1, got " + shufflePartitions);
        }
    }

    /** Two worker threads, the driver on a free loopback port, and four shuffle partitions. */
    public static LocalSparkSettings defaults(String appName)
    {
        return new LocalSparkSettings(appName, DEFAULT_MASTER, DEFAULT_BIND_HOST, DEFAULT_DRIVER_PORT, DEFAULT_SHUFFLE_PARTITIONS);
    }

    /** The settings of the platform configuration ({@code spark.*} keys and {@code bind-host}) for one application. */
    public static LocalSparkSettings from(String appName, SparkSettings spark)
    {
        requireNonNull(spark, "spark is null");
        if (!spark.master().startsWith("local")) {
            throw new IllegalArgumentException("Spark jobs run in a local session; set " + CdpProperties.SPARK_MASTER
                    + " to a local master such as local[2], got '" + spark.master() + "'");
        }
        return new LocalSparkSettings(appName, spark.master(), spark.bindHost(), spark.driverPort(), spark.shufflePartitions());
    }

    public LocalSparkSettings withMaster(String master)
    {
        return new LocalSparkSettings(appName, master, bindHost, driverPort, shufflePartitions);
    }

    public LocalSparkSettings withBindHost(String bindHost)
    {
        return new LocalSparkSettings(appName, master, bindHost, driverPort, shufflePartitions);
    }

    public LocalSparkSettings withDriverPort(int driverPort)
    {
        return new LocalSparkSettings(appName, master, bindHost, driverPort, shufflePartitions);
    }

    public LocalSparkSettings withShufflePartitions(int shufflePartitions)
    {
        return new LocalSparkSettings(appName, master, bindHost, driverPort, shufflePartitions);
    }
}
