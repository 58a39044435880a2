package org.opencdp.batch.identity;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.apache.spark.sql.SparkSession;
import org.opencdp.batch.runtime.LocalSparkSettings;
import org.opencdp.batch.runtime.SparkSessions;
import org.opencdp.platform.config.CdpConfig;

/** The identity tables of a fresh lakehouse in a test's home, through a local Spark session the test stops. */
final class LocalIdentityTables
{
    private LocalIdentityTables() {}

    static IdentityTables open(Path home, String appName)
    {
        CdpConfig config = CdpConfig.forHome(home);
        IdentityResolutionJob.ensureTables(config);
        SparkSession spark = SparkSessions.local(LocalSparkSettings.defaults(appName).withShufflePartitions(2),
                config.catalog().name(), config.catalog().properties());
        return new IdentityTables(spark, config.catalog().name());
    }

    /** Identifier ({@code TYPE:token}) to member id, of the open rows of {@code identity.graph}. */
    static Map<String, String> openGraph(IdentityTables tables)
    {
        Map<String, String> graph = new HashMap<>();
        tables.spark().sql("SELECT concat(identifier_type, ':', token), member_id FROM " + tables.name(IdentityTables.GRAPH) + " WHERE valid_to IS NULL")
                .collectAsList()
                .forEach(row -> graph.put(row.getString(0), row.getString(1)));
        return graph;
    }

    /**
     * The ids of the RDDs {@code spark} still holds persisted, none once every run has released the stages it
     * materialized (a long-lived session would otherwise keep them in memory and on local disk).
     */
    static String persistedRdds(SparkSession spark)
    {
        return spark.sparkContext().getPersistentRDDs().keySet().mkString(", ");
    }
}
