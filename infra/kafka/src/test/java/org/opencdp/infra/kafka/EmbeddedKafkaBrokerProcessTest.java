package org.opencdp.infra.kafka;

import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.opencdp.infra.kafka.EmbeddedKafkaBroker.Settings;
import org.opencdp.infra.kafka.KafkaRoundTrip.KeyValue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

@Timeout(value = 120, unit = SECONDS)
class EmbeddedKafkaBrokerProcessTest
{
    @Test
    void runsAsItsOwnProcessAndStopsCleanlyOnSigterm(@TempDir Path directory)
            throws Exception
    {
        Path logDirectory = directory.resolve("kafka");
        int brokerPort = freeLoopbackPort();
        int controllerPort = freeLoopbackPort();
        Path output = directory.resolve("stdout.txt");
        Path errors = directory.resolve("stderr.txt");
        Process process = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-cp", System.getProperty("java.class.path"),
                EmbeddedKafkaBroker.class.getName(),
                "--port", String.valueOf(brokerPort),
                "--controller-port", String.valueOf(controllerPort),
                "--dir", logDirectory.toString())
                .redirectOutput(output.toFile())
                .redirectError(errors.toFile())
                .start();
        Map<Integer, List<KeyValue<String>>> sent;
        try {
            String firstLine = awaitFirstLine(process, output);
            assertThat(firstLine).as("first output line; stderr: %s", Files.readString(errors)).isEqualTo("bootstrap.servers=127.0.0.1:" + brokerPort);

            List<KeyValue<String>> records = IntStream.range(0, 50).mapToObj(i -> new KeyValue<>("visitor-" + i, "page-view-" + i)).toList();
            sent = KafkaRoundTrip.produce("127.0.0.1:" + brokerPort, "page-views", records, new StringSerializer());
        }
        finally {
            process.destroy();
        }

        assertThat(process.waitFor(60, SECONDS)).as("broker process exits after SIGTERM").isTrue();
        assertThat(Files.readAllLines(output)).contains("Kafka broker stopped");

        Settings sameCluster = Settings.defaults()
                .withBrokerPort(brokerPort)
                .withControllerPort(controllerPort)
                .withLogDirectory(logDirectory);
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(sameCluster)) {
            assertThat(KafkaRoundTrip.consume(broker.bootstrapServers(), "page-views", "page-view-reader", 50, new StringDeserializer())).isEqualTo(sent);
        }
    }

    private static String awaitFirstLine(Process process, Path output)
            throws IOException, InterruptedException
    {
        long deadline = System.nanoTime() + SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && process.isAlive()) {
            List<String> lines = Files.readAllLines(output);
            if (!lines.isEmpty()) {
                return lines.get(0);
            }
            Thread.sleep(100);
        }
        List<String> lines = Files.readAllLines(output);
        return lines.isEmpty() ? null : lines.get(0);
    }

    private static int freeLoopbackPort()
            throws IOException
    {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        }
    }
}
