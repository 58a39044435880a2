package org.opencdp.batch.runtime;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.opencdp.platform.config.CdpConfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SparkSessionsTest
{
    private static final Map<String, String> JDBC_CATALOG = Map.of(
            "catalog-impl", "org.apache.iceberg.jdbc.JdbcCatalog",
            "uri", "jdbc:sqlite:/var/lib/cdp/catalog.db",
            "warehouse", "file:/var/lib/cdp/warehouse",
            "jdbc.schema-version", "V1");

    @Test
    void localSessionRunsTwoThreadsOnLoopbackWithoutUi()
    {
        Map<String, String> configuration = SparkSessions.configuration(LocalSparkSettings.defaults("profiles"), "cdp", JDBC_CATALOG);

        assertThat(configuration)
                .containsEntry("spark.master", "local[2]")
                .containsEntry("spark.app.name", "profiles")
                .containsEntry("spark.driver.bindAddress", "127.0.0.1")
                .containsEntry("spark.driver.host", "127.0.0.1")
                .containsEntry("spark.driver.port", "0")
                .containsEntry("spark.ui.enabled", "false")
                .containsEntry("spark.sql.shuffle.partitions", "4")
                .containsEntry("spark.rdd.compress", "true");
    }

    @Test
    void registersTheIcebergCatalogUnderItsNameWithEveryProperty()
    {
        Map<String, String> configuration = SparkSessions.configuration(LocalSparkSettings.defaults("profiles"), "cdp", JDBC_CATALOG);

        assertThat(configuration)
                .containsEntry("spark.sql.extensions", "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions")
                .containsEntry("spark.sql.catalog.cdp", "org.apache.iceberg.spark.SparkCatalog")
                .containsEntry("spark.sql.catalog.cdp.catalog-impl", "org.apache.iceberg.jdbc.JdbcCatalog")
                .containsEntry("spark.sql.catalog.cdp.uri", "jdbc:sqlite:/var/lib/cdp/catalog.db")
                .containsEntry("spark.sql.catalog.cdp.warehouse", "file:/var/lib/cdp/warehouse")
                .containsEntry("spark.sql.catalog.cdp.jdbc.schema-version", "V1")
                .containsEntry("spark.sql.defaultCatalog", "cdp");
    }

    @Test
    void settingsOverrideTheDefaults()
    {
        LocalSparkSettings settings = LocalSparkSettings.defaults("identity").withMaster("local[1]").withShufflePartitions(8);

        assertThat(SparkSessions.configuration(settings, "cdp", JDBC_CATALOG))
                .containsEntry("spark.master", "local[1]")
                .containsEntry("spark.sql.shuffle.partitions", "8");
    }

    @Test
    void aSubmittedJobKeepsTheMasterDriverAndResourcesOfSparkSubmit()
    {
        Map<String, String> submitted = SparkSessions.submittedConfiguration("cdp", JDBC_CATALOG);

        assertThat(submitted.keySet()).noneMatch(key -> key.startsWith("spark.driver.") || key.equals("spark.master")
                || key.equals("spark.sql.shuffle.partitions") || key.equals("spark.ui.enabled"));
        assertThat(submitted)
                .containsEntry("spark.sql.catalog.cdp", "org.apache.iceberg.spark.SparkCatalog")
                .containsEntry("spark.sql.defaultCatalog", "cdp")
                .containsEntry("spark.sql.extensions", "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions")
                .containsEntry("spark.sql.session.timeZone", "UTC");
        // a local session is the submitted one plus the local master and driver
        assertThat(SparkSessions.configuration(LocalSparkSettings.defaults("profiles"), "cdp", JDBC_CATALOG)).containsAllEntriesOf(submitted);
    }

    @Test
    void platformConfigurationSetsMasterDriverAddressAndShuffleWidth()
    {
        CdpConfig config = CdpConfig.fromProperties(Map.of(
                "home", "/var/lib/cdp",
                "bind-host", "10.0.0.5",
                "spark.master", "local[3]",
                "spark.driver-port", "7078",
                "spark.shuffle-partitions", "16"));

        LocalSparkSettings settings = LocalSparkSettings.from("profiles", config.spark());

        assertThat(settings).isEqualTo(new LocalSparkSettings("profiles", "local[3]", "10.0.0.5", 7078, 16));
        assertThat(SparkSessions.configuration(settings, config.catalog().name(), config.catalog().properties()))
                .containsEntry("spark.master", "local[3]")
                .containsEntry("spark.driver.bindAddress", "10.0.0.5")
                .containsEntry("spark.driver.host", "10.0.0.5")
                .containsEntry("spark.driver.port", "7078")
                .containsEntry("spark.sql.shuffle.partitions", "16")
                .containsEntry("spark.sql.catalog.cdp.uri", "jdbc:sqlite:/var/lib/cdp/catalog/iceberg.db")
                .containsEntry("spark.sql.catalog.cdp.warehouse", "file:/var/lib/cdp/warehouse");
    }

    @Test
    void platformDefaultsMatchTheLocalDefaults()
    {
        assertThat(LocalSparkSettings.from("profiles", CdpConfig.forHome(Path.of("/var/lib/cdp")).spark()))
                .isEqualTo(LocalSparkSettings.defaults("profiles"));
    }

    @Test
    void aDriverListeningOnEveryAddressIsReachedOnLoopback()
    {
        LocalSparkSettings settings = LocalSparkSettings.defaults("profiles").withBindHost("0.0.0.0");

        assertThat(SparkSessions.configuration(settings, "cdp", JDBC_CATALOG))
                .containsEntry("spark.driver.bindAddress", "0.0.0.0")
                .containsEntry("spark.driver.host", "127.0.0.1");
    }

    @Test
    void rejectsWhatSparkOrIcebergCannotUse()
    {
        LocalSparkSettings settings = LocalSparkSettings.defaults("profiles");

        assertThatThrownBy(() -> settings.withMaster("spark://cluster:7077"))
                .hasMessageContaining("got 'spark://cluster:7077'");
        assertThatThrownBy(() -> settings.withShufflePartitions(0))
                .hasMessageContaining("at least 1, got 0");
        assertThatThrownBy(() -> settings.withDriverPort(70000))
                .hasMessageContaining("got 70000");
        assertThatThrownBy(() -> LocalSparkSettings.from("profiles",
                CdpConfig.fromProperties(Map.of("home", "/var/lib/cdp", "spark.master", "spark://cluster:7077")).spark()))
                .hasMessageContaining("set spark.master to a local master")
                .hasMessageContaining("got 'spark://cluster:7077'");
        assertThatThrownBy(() -> SparkSessions.configuration(settings, "cdp-prod", JDBC_CATALOG))
                .hasMessageContaining("got 'cdp-prod'");
        assertThatThrownBy(() -> SparkSessions.configuration(settings, "cdp", Map.of("uri", "jdbc:sqlite:/tmp/catalog.db")))
                .hasMessageContaining("'cdp' has neither 'catalog-impl' nor 'type'");
    }
}
