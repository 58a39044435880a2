package org.opencdp.infra.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.opencdp.infra.kafka.EmbeddedKafkaBroker.Settings;
import org.opencdp.infra.kafka.KafkaRoundTrip.KeyValue;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = SECONDS)
class EmbeddedKafkaBrokerTest
{
    private EmbeddedKafkaBroker broker;

    @BeforeAll
    void startBroker()
    {
        broker = EmbeddedKafkaBroker.start();
    }

    @AfterAll
    void closeBroker()
    {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void producedRecordsComeBackWithTheSameKeysAndValuesInPartitionOrder()
            throws Exception
    {
        broker.createTopics("orders");
        List<KeyValue<String>> records = records("order", 1000);

        Map<Integer, List<KeyValue<String>>> sent = KafkaRoundTrip.produce(broker.bootstrapServers(), "orders", records, new StringSerializer());
        Map<Integer, List<KeyValue<String>>> received = KafkaRoundTrip.consume(broker.bootstrapServers(), "orders", "orders-reader", 1000, new StringDeserializer());

        assertThat(sent).as("records spread over both default partitions").hasSize(2);
        assertThat(received).isEqualTo(sent);
    }

    @Test
    void createTopicsIsIdempotentAndUsesTheDefaultPartitionCount()
            throws Exception
    {
        broker.createTopics("customers", "consents");
        broker.createTopics("customers", "consents");

        try (Admin admin = admin(broker)) {
            Map<String, TopicDescription> topics = admin.describeTopics(List.of("customers", "consents")).allTopicNames().get(30, SECONDS);
            assertThat(topics.values())
                    .extracting(topic -> topic.partitions().size())
                    .containsOnly(Settings.DEFAULT_PARTITIONS);
        }
    }

    @Test
    void topicsAreCreatedOnFirstUse()
            throws Exception
    {
        Map<Integer, List<KeyValue<String>>> sent = KafkaRoundTrip.produce(broker.bootstrapServers(), "auto-created", records("event", 10), new StringSerializer());

        assertThat(KafkaRoundTrip.consume(broker.bootstrapServers(), "auto-created", "auto-reader", 10, new StringDeserializer())).isEqualTo(sent);
    }

    @Test
    void listensOnLoopbackOnly()
            throws Exception
    {
        assertThat(broker.bootstrapServers()).isEqualTo("127.0.0.1:" + broker.settings().brokerPort());
        try (Admin admin = admin(broker)) {
            Collection<Node> nodes = admin.describeCluster().nodes().get(30, SECONDS);
            assertThat(nodes).extracting(Node::host).containsExactly("127.0.0.1");
        }

        List<InetAddress> otherAddresses = NetworkInterface.networkInterfaces()
                .flatMap(NetworkInterface::inetAddresses)
                .filter(address -> address instanceof Inet4Address && !address.isLoopbackAddress())
                .toList();
        assumeFalse(otherAddresses.isEmpty(), "this machine has no non-loopback IPv4 address to probe");
        for (InetAddress address : otherAddresses) {
            for (int port : List.of(broker.settings().brokerPort(), broker.settings().controllerPort())) {
                assertThatThrownBy(() -> connect(address, port))
                        .as("connecting to %s:%s", address.getHostAddress(), port)
                        .isInstanceOf(java.net.ConnectException.class);
            }
        }
    }

    @Test
    void stoppedBrokerRestartsOnTheSamePortsWithItsData(@TempDir Path directory)
            throws Exception
    {
        Path logDirectory = directory.resolve("kafka");
        Map<Integer, List<KeyValue<String>>> sent;
        Settings settings;
        try (EmbeddedKafkaBroker first = EmbeddedKafkaBroker.start(Settings.defaults().withLogDirectory(logDirectory))) {
            first.createTopics("payments");
            sent = KafkaRoundTrip.produce(first.bootstrapServers(), "payments", records("payment", 200), new StringSerializer());

            first.stop();
            assertThat(first.isRunning()).isFalse();
            first.restart();

            assertThat(KafkaRoundTrip.consume(first.bootstrapServers(), "payments", "after-restart", 200, new StringDeserializer())).isEqualTo(sent);
            settings = first.settings();
        }
        assertThat(logDirectory).as("a given log directory outlives the broker").isDirectory();

        try (EmbeddedKafkaBroker second = EmbeddedKafkaBroker.start(settings)) {
            assertThat(second.bootstrapServers()).isEqualTo("127.0.0.1:" + settings.brokerPort());
            second.createTopics("payments");
            assertThat(KafkaRoundTrip.consume(second.bootstrapServers(), "payments", "after-new-start", 200, new StringDeserializer())).isEqualTo(sent);
        }
    }

    @Test
    void closeDeletesTheTemporaryLogDirectory()
    {
        Path logDirectory;
        try (EmbeddedKafkaBroker temporary = EmbeddedKafkaBroker.start()) {
            logDirectory = temporary.logDirectory();
            assertThat(logDirectory.resolve("meta.properties")).exists();
        }
        assertThat(Files.exists(logDirectory)).isFalse();
    }

    @Test
    void rejectsUnusableSettings()
    {
        assertThatThrownBy(() -> Settings.defaults().withBrokerPort(70000))
                .hasMessage("brokerPort must be between 0 and 65535: 70000");
        assertThatThrownBy(() -> Settings.defaults().withPartitions(0))
                .hasMessage("partitions must be at least 1: 0");
        assertThatThrownBy(() -> Settings.defaults().withBrokerPort(9092).withControllerPort(9092))
                .hasMessage("broker and controller ports must differ: 9092");
    }

    private static List<KeyValue<String>> records(String prefix, int count)
    {
        return IntStream.range(0, count)
                .mapToObj(i -> new KeyValue<>(prefix + "-key-" + (i % 37), prefix + "-value-" + i))
                .toList();
    }

    private static Admin admin(EmbeddedKafkaBroker broker)
    {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }

    private static void connect(InetAddress address, int port)
            throws Exception
    {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 2000);
        }
    }
}
