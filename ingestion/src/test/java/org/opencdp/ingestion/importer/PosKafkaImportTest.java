package org.opencdp.ingestion.importer;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.opencdp.infra.kafka.EmbeddedKafkaBroker;
import org.opencdp.ingestion.kafka.KafkaEventDecoder;
import org.opencdp.ingestion.kafka.KafkaEventPublisher;
import org.opencdp.ingestion.kafka.TopicAdmin;
import org.opencdp.ingestion.pii.IdentifierTokenizer;
import org.opencdp.schemas.avro.DeadLetter;
import org.opencdp.schemas.avro.IdentifierType;
import org.opencdp.schemas.avro.PosTransaction;
import org.opencdp.schemas.contract.Contract;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PosKafkaImportTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final List<String> TOPICS = List.of(Contract.POS_TRANSACTION.topic(), Contract.DEAD_LETTER.topic());

    private static EmbeddedKafkaBroker broker;

    private final IdentifierTokenizer tokenizer = PosFixtures.tokenizer();
    private final KafkaEventDecoder decoder = new KafkaEventDecoder();

    @TempDir
    Path home;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.start();
        TopicAdmin.ensureTopics(broker.bootstrapServers(), 3);
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void dunnhumbyBasketsReachTheTransactionTopicTokenizedAndRejectsTheDeadLetterTopic() throws IOException {
        Path file = PosFixtures.copy(PosFixtures.DUNNHUMBY_CSV, home);
        Map<TopicPartition, Long> start = endOffsets();

        ImportRun run = importTo(file, "dunnhumby", false);

        ImportResult result = ((ImportRun.Imported) run).result();
        assertThat(result.basketsAccepted()).isEqualTo(5);
        assertThat(result.deadLetters()).isEqualTo(3);
        List<PosTransaction> transactions = transactions(readFrom(start));
        assertThat(transactions).hasSize(5);
        assertThat(transactions.stream().mapToLong(PosTransaction::getTotalMinor).sum()).isEqualTo(3127);
        assertThat(transactions.stream().mapToInt(transaction -> transaction.getItems().size()).sum()).isEqualTo(10);
        assertThat(transactions).allSatisfy(transaction -> {
            assertThat(transaction.getIdentifiers().getTokenizationKeyId()).isEqualTo("test-key");
            assertThat(transaction.getIdentifiers().getMemberCard()).isNotIn("2261", "2131", "511", "400", "1166");
        });
        assertThat(transactions).filteredOn(transaction -> transaction.getTransactionId().equals("31625220889"))
                .singleElement()
                .satisfies(basket -> assertThat(basket.getIdentifiers().getMemberCard())
                        .isEqualTo(tokenizer.token(IdentifierType.MEMBER_CARD, "2261")));

        List<String> lines = Files.readAllLines(file);
        assertThat(deadLetters(readFrom(start)))
                .extracting(DeadLetter::getReasonCode, PosFileImporterTest::payload)
                .containsExactlyInAnyOrder(
                        tuple("MISSING_FIELD", lines.get(0) + "\n" + lines.get(11)),
                        tuple("INVALID_VALUE", lines.get(0) + "\n" + lines.get(9) + "\n" + lines.get(10)),
                        tuple("INVALID_VALUE", lines.get(0) + "\n" + lines.get(12)));
    }

    @Test
    void uciInvoicesCarryNoClearCustomerIdOnTheTopic() {
        Map<TopicPartition, Long> start = endOffsets();

        importTo(PosFixtures.copy(PosFixtures.UCI_CSV, home), "uci", false);

        List<ConsumerRecord<byte[], byte[]>> records = readFrom(start);
        List<PosTransaction> transactions = transactions(records);
        assertThat(transactions).hasSize(7);
        assertThat(transactions.stream().mapToLong(PosTransaction::getTotalMinor).sum()).isEqualTo(18779);
        assertThat(records).filteredOn(record -> record.topic().equals(Contract.POS_TRANSACTION.topic()))
                .allSatisfy(record -> assertThat(new String(record.value(), UTF_8) + new String(record.key(), UTF_8))
                        .doesNotContain("17850", "14527", "15311", "12431"));
        assertThat(deadLetters(records)).hasSize(3);
    }

    @Test
    void reimportingAFileIsSkippedAndForcingItRepublishesTheSameEventIds() {
        Path file = PosFixtures.copy(PosFixtures.UCI_CSV, home);
        Map<TopicPartition, Long> first = endOffsets();
        importTo(file, "uci", false);
        List<String> firstIds = transactions(readAtLeast(first, 7)).stream().map(PosTransaction::getEventId).toList();
        assertThat(firstIds).hasSize(7);

        Map<TopicPartition, Long> second = endOffsets();
        ImportRun skipped = importTo(file, "uci", false);
        assertThat(skipped).isInstanceOf(ImportRun.Skipped.class);
        assertThat(((ImportRun.Skipped) skipped).previous().basketsAccepted()).isEqualTo(7);
        assertThat(readFrom(second)).as("nothing published again").isEmpty();

        Map<TopicPartition, Long> third = endOffsets();
        ImportRun forced = importTo(file, "uci", true);
        assertThat(forced).isInstanceOf(ImportRun.Imported.class);
        assertThat(transactions(readAtLeast(third, 7))).extracting(PosTransaction::getEventId)
                .containsExactlyInAnyOrderElementsOf(firstIds);
        assertThat(ImportLedger.underHome(home).find(((ImportRun.Imported) forced).result().sha256(), "kafka:" + broker.bootstrapServers()))
                .hasValueSatisfying(entry -> assertThat(entry.forced()).isTrue());
    }

    private ImportRun importTo(Path file, String mapping, boolean force) {
        PosFileImporter importer = new PosFileImporter(PosFixtures.pipeline(tokenizer), PosMapping.builtIn(mapping));
        try (KafkaEventPublisher publisher = new KafkaEventPublisher(broker.bootstrapServers())) {
            return new PosKafkaImport(importer, ImportLedger.underHome(home), publisher, broker.bootstrapServers(), Clock.systemUTC())
                    .run(file, null, force);
        }
    }

    private List<PosTransaction> transactions(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream().filter(record -> record.topic().equals(Contract.POS_TRANSACTION.topic()))
                .map(record -> (PosTransaction) decoder.decode(record)).toList();
    }

    private List<DeadLetter> deadLetters(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream().filter(record -> record.topic().equals(Contract.DEAD_LETTER.topic()))
                .map(record -> (DeadLetter) decoder.decode(record))
                .toList();
    }

    private static KafkaConsumer<byte[], byte[]> consumer() {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static Map<TopicPartition, Long> endOffsets() {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = TOPICS.stream()
                    .flatMap(topic -> consumer.partitionsFor(topic, TIMEOUT).stream())
                    .map(info -> new TopicPartition(info.topic(), info.partition()))
                    .toList();
            return new HashMap<>(consumer.endOffsets(partitions, TIMEOUT));
        }
    }

    /** The records written after {@code start}, read again until at least {@code transactions} POS records are visible (bounded in time). */
    private List<ConsumerRecord<byte[], byte[]>> readAtLeast(Map<TopicPartition, Long> start, int transactions) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        List<ConsumerRecord<byte[], byte[]>> records = readFrom(start);
        while (transactions(records).size() < transactions && System.nanoTime() < deadline) {
            records = readFrom(start);
        }
        return records;
    }

    /** Every record written after {@code start}, up to the end offsets at the time of the call. */
    private static List<ConsumerRecord<byte[], byte[]>> readFrom(Map<TopicPartition, Long> start) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            consumer.assign(start.keySet());
            start.forEach(consumer::seek);
            Map<TopicPartition, Long> ends = consumer.endOffsets(start.keySet(), TIMEOUT);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (!ends.entrySet().stream().allMatch(end -> consumer.position(end.getKey(), TIMEOUT) >= end.getValue())) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("Did not read up to " + ends);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }
}
