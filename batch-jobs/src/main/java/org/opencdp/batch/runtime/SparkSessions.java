package org.opencdp.batch.runtime;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.opencdp.platform.config.CatalogSettings;
import org.opencdp.platform.config.CdpConfig;

import static java.util.Objects.requireNonNull;

/**
 * Creates Spark sessions. In the embedded and local modes the driver listens on the configured address
 * (loopback by default) and the web UI is off; under {@code spark-submit} the submitted master and driver settings
 * are kept. Either way the project's Iceberg catalog is registered (and made the default) under its own name.
 */
public final class SparkSessions
{
    /** Where a local driver is reached when it listens on every address. */
    public static final String LOOPBACK = "127.0.0.1";

    static final String ICEBERG_EXTENSIONS = "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions";
    static final String ICEBERG_SPARK_CATALOG = "org.apache.iceberg.spark.SparkCatalog";

    private SparkSessions() {}

    /**
     * The session of a job's {@code main}. Under {@code spark-submit} (a cluster, the Spark Operator's
     * SparkApplication), which hands the driver its master, addresses and resources as {@code spark.*} system
     * properties, those are kept and only the project's SQL and catalog settings are added
     * ({@link #submittedConfiguration}); run any other way, a local session as the configuration says
     * ({@link #local(String, CdpConfig)}). Stop it ({@link SparkSession#stop()}) when the job ends.
     */
    public static SparkSession forJob(String appName, CdpConfig config)
    {
        requireNonNull(config, "config is null");
        if (!new SparkConf().contains("spark.master")) {
            return local(appName, config);
        }
        SparkSession.Builder builder = SparkSession.builder().appName(appName);
        submittedConfiguration(config.catalog().name(), config.catalog().properties()).forEach(builder::config);
        return builder.getOrCreate();
    }

    /**
     * A session as the platform configuration says: {@code spark.*} settings, {@code bind-host}, and the
     * configured Iceberg catalog. Stop it ({@link SparkSession#stop()}) when the job ends.
     */
    public static SparkSession local(String appName, CdpConfig config)
    {
        requireNonNull(config, "config is null");
        CatalogSettings catalog = config.catalog();
        return local(LocalSparkSettings.from(appName, config.spark()), catalog.name(), catalog.properties());
    }

    /**
     * A {@code local[2]} session with the Iceberg catalog {@code catalogName}.
     *
     * <p>Spark keeps one active session per JVM: if one is already running, Spark returns it and ignores
     * most of these settings. Stop it ({@link SparkSession#stop()}) when the job ends.
     *
     * @param catalogName the catalog name; must be the same in every engine, since Iceberg's JDBC catalog
     *     keys its tables by it
     * @param catalogProperties Iceberg catalog properties ({@code catalog-impl}, {@code uri}, {@code warehouse}, ...)
     */
    public static SparkSession local(String appName, String catalogName, Map<String, String> catalogProperties)
    {
        return local(LocalSparkSettings.defaults(appName), catalogName, catalogProperties);
    }

    public static SparkSession local(LocalSparkSettings settings, String catalogName, Map<String, String> catalogProperties)
    {
        SparkSession.Builder builder = SparkSession.builder();
        configuration(settings, catalogName, catalogProperties).forEach(builder::config);
        return builder.getOrCreate();
    }

    /** The Spark properties {@link #local} starts a session with, in the order they are set. */
    public static Map<String, String> configuration(LocalSparkSettings settings, String catalogName, Map<String, String> catalogProperties)
    {
        requireNonNull(settings, "settings is null");
        Map<String, String> configuration = new LinkedHashMap<>();
        configuration.put("spark.master", settings.master());
        configuration.put("spark.app.name", settings.appName());
        configuration.put("spark.driver.bindAddress", settings.bindHost());
        configuration.put("spark.driver.host", advertisedHost(settings.bindHost()));
        configuration.put("spark.driver.port", Integer.toString(settings.driverPort()));
        configuration.put("spark.ui.enabled", "false");
        configuration.put("spark.sql.shuffle.partitions", Integer.toString(settings.shufflePartitions()));
        // materialized stages (local checkpoints) that do not fit in memory go to local disk compressed, as
        // shuffle files do: less than half the disk, no slower (docs/benchmarks.md)
        configuration.put("spark.rdd.compress", "true");
        configuration.putAll(submittedConfiguration(catalogName, catalogProperties));
        return configuration;
    }

    /**
     * What a job adds to a session {@code spark-submit} configured: the Iceberg SQL extensions, the project's catalog
     * (made the default) and UTC; master, driver, resources and shuffle partitions stay as submitted.
     */
    public static Map<String, String> submittedConfiguration(String catalogName, Map<String, String> catalogProperties)
    {
        requireNonNull(catalogName, "catalogName is null");
        requireNonNull(catalogProperties, "catalogProperties is null");
        if (!catalogName.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            // Spark parses the name as an SQL identifier, and it becomes part of every property key.
            throw new IllegalArgumentException("Iceberg catalog name must be a plain SQL identifier, got '" + catalogName + "'");
        }
        if (!catalogProperties.containsKey("catalog-impl") && !catalogProperties.containsKey("type")) {
            throw new IllegalArgumentException("Iceberg catalog '" + catalogName
                    + "' has neither 'catalog-impl' nor 'type'; set catalog-impl to the catalog class, e.g. "
                    + "org.apache.iceberg.jdbc.JdbcCatalog (properties: " + catalogProperties.keySet() + ")");
        }
        Map<String, String> configuration = new LinkedHashMap<>();
        // Timestamps render the same in every engine and on every machine.
        configuration.put("spark.sql.session.timeZone", "UTC");
        configuration.put("spark.sql.extensions", ICEBERG_EXTENSIONS);

        String prefix = "spark.sql.catalog." + catalogName;
        configuration.put(prefix, ICEBERG_SPARK_CATALOG);
        catalogProperties.forEach((key, value) -> configuration.put(prefix + "." + key, requireNonNull(value, () -> "value of catalog property " + key + " is null")));
        // Unqualified names (raw.dead_letters) resolve in the project's catalog, as they do in Trino.
        configuration.put("spark.sql.defaultCatalog", catalogName);
        return configuration;
    }

    // Executors of a local master run in the driver's JVM: a wildcard bind address is reached on loopback.
    private static String advertisedHost(String bindHost)
    {
        return bindHost.equals("0.0.0.0") || bindHost.equals("::") ? LOOPBACK : bindHost;
    }
}
