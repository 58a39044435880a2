package org.opencdp.batch.runtime;

import static java.util.Objects.requireNonNull;

/**
 * How a local Spark session runs: its application name, its {@code local[...]} master and the number of
 * shuffle partitions (Spark's default of 200 only adds overhead on a laptop-sized machine).
 */
public record LocalSparkSettings(String appName, String master, int shufflePartitions)
{
    public static final String DEFAULT_MASTER = "local[2]";
    public static final int DEFAULT_SHUFFLE_PARTITIONS = 4;

    public LocalSparkSettings
    {
        requireNonNull(appName, "appName is null");
        requireNonNull(master, "master is null");
        if (appName.isBlank()) {
            throw new IllegalArgumentException("Spark application name is blank");
        }
        if (!master.startsWith("local")) {
            throw new IllegalArgumentException("A local Spark session needs a local master such as local[2], got '" + master + "'");
        }
        if (shufflePartitions < 1) {
            throw new IllegalArgumentException("Spark shuffle partitions must be at least 1, got " + shufflePartitions);
        }
    }

    /** Two worker threads and four shuffle partitions. */
    public static LocalSparkSettings defaults(String appName)
    {
        return new LocalSparkSettings(appName, DEFAULT_MASTER, DEFAULT_SHUFFLE_PARTITIONS);
    }

    public LocalSparkSettings withMaster(String master)
    {
        return new LocalSparkSettings(appName, master, shufflePartitions);
    }

    public LocalSparkSettings withShufflePartitions(int shufflePartitions)
    {
        return new LocalSparkSettings(appName, master, shufflePartitions);
    }
}
