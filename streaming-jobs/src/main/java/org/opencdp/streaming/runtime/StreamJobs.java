package org.opencdp.streaming.runtime;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.iceberg.Schema;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.opencdp.platform.catalog.Catalogs;
import org.opencdp.platform.config.CatalogSettings;
import org.opencdp.platform.config.CdpConfig;
import org.opencdp.platform.lakehouse.Lakehouse;
import org.opencdp.platform.lakehouse.TableSpec;

import static java.util.Objects.requireNonNull;

/** What the {@code main} of every streaming job does before it builds its graph. */
public final class StreamJobs
{
    private StreamJobs() {}

    /**
     * The environment to run on: the cluster's when the program was submitted with {@code flink run}, else an
     * embedded MiniCluster configured from the platform configuration ({@code cdp stream <job>}).
     */
    public static StreamExecutionEnvironment environment(CdpConfig config)
    {
        requireNonNull(config, "config is null");
        StreamExecutionEnvironment submitted = StreamExecutionEnvironment.getExecutionEnvironment();
        return submitted instanceof LocalStreamEnvironment
                ? new FlinkRuntime(FlinkRuntimeSettings.from(config)).streamEnvironment()
                : submitted;
    }

    /** Creates the lakehouse tables that are missing (as {@code cdp lakehouse init} does). */
    public static void initLakehouse(CatalogSettings catalogSettings)
    {
        Catalog catalog = Catalogs.open(requireNonNull(catalogSettings, "catalogSettings is null"));
        try {
            new Lakehouse(catalog).init();
        }
        finally {
            closeQuietly(catalog);
        }
    }

    /**
     * The current schema of a lakehouse table: rows are written in it, and it may have columns the declared
     * layout has not yet.
     */
    public static Schema currentSchema(CatalogSettings catalogSettings, TableSpec table)
    {
        requireNonNull(table, "table is null");
        Catalog catalog = Catalogs.open(requireNonNull(catalogSettings, "catalogSettings is null"));
        try {
            return catalog.loadTable(table.identifier()).schema();
        }
        catch (NoSuchTableException e) {
            throw new IllegalStateException("Table %s does not exist in catalog '%s'; create the lakehouse tables first (cdp lakehouse init)"
                    .formatted(table.name(), catalogSettings.name()), e);
        }
        finally {
            closeQuietly(catalog);
        }
    }

    /** Fails with a message naming the servers when Kafka does not answer within about 20 seconds. */
    public static void checkKafkaReachable(String bootstrapServers)
    {
        Map<String, Object> properties = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        try (Admin admin = Admin.create(properties)) {
            admin.describeCluster().clusterId().get(20, TimeUnit.SECONDS);
        }
        catch (Exception e) {
            throw new IllegalStateException("Kafka is not reachable at %s (%s); start the broker or set kafka.bootstrap-servers"
                    .formatted(bootstrapServers, e.getMessage()), e);
        }
    }

    private static void closeQuietly(Catalog catalog)
    {
        if (catalog instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            }
            catch (Exception ignored) {
                // closing a catalog client releases connections only; nothing is lost
            }
        }
    }
}
