package org.opencdp.streaming.runtime;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.opencdp.platform.config.CdpConfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FlinkRuntimeTest
{
    private static final Path HOME = Path.of("/var/lib/cdp");

    @Test
    void embeddedConfigurationListensOnLoopbackOnly()
    {
        Map<String, String> configuration = new FlinkRuntime(FlinkRuntimeSettings.embedded(HOME)).configuration().toMap();

        assertThat(configuration)
                .containsEntry("jobmanager.bind-host", "127.0.0.1")
                .containsEntry("jobmanager.rpc.address", "127.0.0.1")
                .containsEntry("taskmanager.bind-host", "127.0.0.1")
                .containsEntry("taskmanager.host", "127.0.0.1")
                .containsEntry("rest.bind-address", "127.0.0.1")
                .containsEntry("rest.address", "127.0.0.1")
                .containsEntry("rest.bind-port", "0");
    }

    @Test
    void embeddedDefaultsRunTwoWideAndCheckpointUnderTheHome()
    {
        Configuration configuration = new FlinkRuntime(FlinkRuntimeSettings.embedded(HOME)).configuration();

        assertThat(configuration.toMap())
                .containsEntry("parallelism.default", "2")
                .containsEntry("execution.checkpointing.interval", "10 s")
                .containsEntry("execution.checkpointing.dir", "file:///var/lib/cdp/flink/checkpoints")
                .containsEntry("execution.checkpointing.savepoint-dir", "file:///var/lib/cdp/flink/savepoints")
                .containsEntry("restart-strategy.type", "exponential-delay");
    }

    @Test
    void settingsOverrideTheDefaults()
    {
        FlinkRuntimeSettings settings = FlinkRuntimeSettings.embedded(HOME)
                .withParallelism(4)
                .withCheckpointInterval(Duration.ofMillis(500))
                .withRestPort(8081)
                .withRestartStrategy("NONE");

        assertThat(new FlinkRuntime(settings).configuration().toMap())
                .containsEntry("parallelism.default", "4")
                .containsEntry("execution.checkpointing.interval", "500 ms")
                .containsEntry("rest.bind-port", "8081")
                .containsEntry("restart-strategy.type", "none");
    }

    @Test
    void platformConfigurationSetsAddressWidthAndCheckpoints()
    {
        CdpConfig config = CdpConfig.fromProperties(Map.of(
                "home", "/var/lib/cdp",
                "bind-host", "10.0.0.5",
                "flink.parallelism", "3",
                "flink.rest-port", "18081",
                "flink.checkpoint-interval", "30s",
                "flink.checkpoint-dir", "s3://lake/checkpoints"));

        FlinkRuntimeSettings settings = FlinkRuntimeSettings.from(config);

        assertThat(settings).isEqualTo(new FlinkRuntimeSettings(
                HOME, "10.0.0.5", 3, 18081, Duration.ofSeconds(30), "s3://lake/checkpoints", "exponential-delay"));
        assertThat(new FlinkRuntime(settings.withRestartStrategy("none")).configuration().toMap())
                .containsEntry("jobmanager.bind-host", "10.0.0.5")
                .containsEntry("jobmanager.rpc.address", "10.0.0.5")
                .containsEntry("taskmanager.bind-host", "10.0.0.5")
                .containsEntry("rest.bind-address", "10.0.0.5")
                .containsEntry("rest.bind-port", "18081")
                .containsEntry("parallelism.default", "3")
                .containsEntry("execution.checkpointing.interval", "30 s")
                .containsEntry("execution.checkpointing.dir", "s3://lake/checkpoints")
                .containsEntry("execution.checkpointing.savepoint-dir", "file:///var/lib/cdp/flink/savepoints")
                .containsEntry("restart-strategy.type", "none");
    }

    @Test
    void platformDefaultsCheckpointUnderTheHome()
    {
        FlinkRuntimeSettings settings = FlinkRuntimeSettings.from(CdpConfig.forHome(HOME));

        assertThat(settings.bindHost()).isEqualTo("127.0.0.1");
        assertThat(settings.parallelism()).isEqualTo(2);
        assertThat(settings.restPort()).isEqualTo(0);
        assertThat(settings.checkpointInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.checkpointDirectory()).isEqualTo("file:/var/lib/cdp/flink/checkpoints");
    }

    @Test
    void aMiniClusterListeningOnEveryAddressIsReachedOnLoopback()
    {
        Map<String, String> configuration = new FlinkRuntime(FlinkRuntimeSettings.embedded(HOME).withBindHost("0.0.0.0"))
                .configuration().toMap();

        assertThat(configuration)
                .containsEntry("jobmanager.bind-host", "0.0.0.0")
                .containsEntry("rest.bind-address", "0.0.0.0")
                .containsEntry("jobmanager.rpc.address", "127.0.0.1")
                .containsEntry("taskmanager.host", "127.0.0.1")
                .containsEntry("rest.address", "127.0.0.1");
    }

    @Test
    void rejectsSettingsFlinkCannotRun()
    {
        FlinkRuntimeSettings settings = FlinkRuntimeSettings.embedded(HOME);

        assertThatThrownBy(() -> settings.withParallelism(0))
                .hasMessageContaining("parallelism must be at least 1, got 0");
        assertThatThrownBy(() -> settings.withCheckpointInterval(Duration.ZERO))
                .hasMessageContaining("checkpoint interval must be positive");
        assertThatThrownBy(() -> settings.withRestPort(70000))
                .hasMessageContaining("got 70000");
        assertThatThrownBy(() -> settings.withRestartStrategy("sometimes"))
                .hasMessageContaining("'sometimes'");
        assertThatThrownBy(() -> settings.withBindHost(" "))
                .hasMessageContaining("bind host is blank");
        assertThatThrownBy(() -> settings.withCheckpointDirectory(""))
                .hasMessageContaining("checkpoint directory is blank");
    }

    @Test
    void catalogLoaderNeedsTheCatalogClass()
    {
        assertThatThrownBy(() -> IcebergCatalogLoaders.forCatalog("cdp", Map.of("uri", "jdbc:sqlite:/tmp/catalog.db")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'cdp' has no 'catalog-impl' property");
    }
}
