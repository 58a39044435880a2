package org.opencdp.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencdp.infra.kafka.EmbeddedKafkaBroker;
import org.opencdp.ingestion.kafka.KafkaEventDecoder;
import org.opencdp.schemas.contract.Contract;

class GenerateCommandTest {
    @TempDir
    Path home;

    @Test
    void sameSeedGivesByteIdenticalFiles() throws Exception {
        Path first = home.resolve("first");
        Path second = home.resolve("second");

        assertThat(CdpRun.of("--home", home.toString(), "generate", "--members", "120", "--seed", "9", "--out", first.toString()).exitCode()).isZero();
        assertThat(CdpRun.of("--home", home.toString(), "generate", "--members", "120", "--seed", "9", "--out", second.toString()).exitCode()).isZero();

        for (String file : List.of("web_events.jsonl", "pos_transactions.jsonl", "consent_events.jsonl", "ground_truth.csv")) {
            assertThat(Files.readAllBytes(second.resolve(file))).as(file).isEqualTo(Files.readAllBytes(first.resolve(file)));
        }
    }

    @Test
    void toKafkaSendsEveryRecordThroughTheEdgeToItsTopic() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            CdpRun run = CdpRun.of("--home", home.toString(), "generate", "--members", "60", "--seed", "3", "--to-kafka", broker.bootstrapServers());

            assertThat(run.exitCode()).as(run.err()).isZero();
            Map<String, Long> printed = printedTopicCounts(run.out());
            assertThat(printed).containsKeys(Contract.WEB_EVENT.topic(), Contract.POS_TRANSACTION.topic(), Contract.DEAD_LETTER.topic());

            Map<String, Long> consumed = consumeAll(broker.bootstrapServers(), printed);
            assertThat(consumed).isEqualTo(printed);
        }
    }

    private static Map<String, Long> printedTopicCounts(String out) {
        Map<String, Long> counts = new HashMap<>();
        Matcher matcher = Pattern.compile("(cdp\\.[a-z_.]+)\\s+([\\d,]+) records").matcher(out);
        while (matcher.find()) {
            counts.put(matcher.group(1), Long.parseLong(matcher.group(2).replace(",", "")));
        }
        return counts;
    }

    private static Map<String, Long> consumeAll(String bootstrap, Map<String, Long> expected) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "generate-command-test");
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        KafkaEventDecoder decoder = new KafkaEventDecoder();
        Map<String, Long> counts = new HashMap<>();
        long wanted = expected.values().stream().mapToLong(Long::longValue).sum();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.copyOf(expected.keySet()));
            long seen = 0;
            while (seen < wanted && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    assertThat(decoder.decode(record)).isNotNull();
                    counts.merge(record.topic(), 1L, Long::sum);
                    seen++;
                }
            }
        }
        return counts;
    }
}
