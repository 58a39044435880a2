package org.opencdp.infra.kafka;

import org.junit.jupiter.api.Test;
import org.opencdp.infra.kafka.EmbeddedKafkaBroker.Settings;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BrokerCommandLineTest
{
    @Test
    void noArgumentsMeanDefaults()
    {
        assertThat(BrokerCommandLine.parse()).isEqualTo(Settings.defaults());
    }

    @Test
    void everyOptionSetsItsSetting()
    {
        Settings settings = BrokerCommandLine.parse(
                "--port", "9092", "--controller-port", "9093", "--dir", "/var/lib/cdp/kafka",
                "--partitions", "4", "--property", "log.retention.hours=24", "--host", "127.0.0.2");

        assertThat(settings).isEqualTo(new Settings("127.0.0.2", 9092, 9093, Optional.of(Path.of("/var/lib/cdp/kafka")), 4, Map.of("log.retention.hours", "24")));
    }

    @Test
    void helpReturnsNoSettings()
    {
        assertThat(BrokerCommandLine.parse("--help")).isNull();
    }

    @Test
    void badArgumentsAreNamed()
    {
        assertThatThrownBy(() -> BrokerCommandLine.parse("--port", "ninety"))
                .hasMessage("--port expects a number: ninety");
        assertThatThrownBy(() -> BrokerCommandLine.parse("--dir"))
                .hasMessage("Missing value for --dir");
        assertThatThrownBy(() -> BrokerCommandLine.parse("--topic", "x"))
                .hasMessage("Unknown option: --topic");
        assertThatThrownBy(() -> BrokerCommandLine.parse("--property", "novalue"))
                .hasMessage("--property expects NAME=VALUE: novalue");
    }
}
