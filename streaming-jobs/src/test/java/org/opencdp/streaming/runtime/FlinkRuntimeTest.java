package org.opencdp.streaming.runtime;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

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
    }

    @Test
    void catalogLoaderNeedsTheCatalogClass()
    {
        assertThatThrownBy(() -> IcebergCatalogLoaders.forCatalog("cdp", Map.of("uri", "jdbc:sqlite:/tmp/catalog.db")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'cdp' has no 'catalog-impl' property");
    }
}
