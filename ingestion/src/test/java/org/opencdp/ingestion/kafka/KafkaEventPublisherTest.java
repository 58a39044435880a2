package org.opencdp.ingestion.kafka;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.opencdp.infra.kafka.EmbeddedKafkaBroker;
import org.opencdp.ingestion.decode.JsonEventDecoder;
import org.opencdp.ingestion.edge.Accepted;
import org.opencdp.ingestion.edge.DeadLettered;
import org.opencdp.ingestion.edge.EdgeBatch;
import org.opencdp.ingestion.edge.EdgeOutcome;
import org.opencdp.ingestion.edge.EdgePipeline;
import org.opencdp.ingestion.edge.IngestStage;
import org.opencdp.ingestion.pii.IdentifierTokenizer;
import org.opencdp.ingestion.pii.Tokenizer;
import org.opencdp.ingestion.vault.PayloadSealer;
import org.opencdp.schemas.avro.DeadLetter;
import org.opencdp.schemas.avro.IdentifierType;
import org.opencdp.schemas.contract.Contract;
import org.opencdp.schemas.contract.Envelope;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class KafkaEventPublisherTest {
    private static final Instant NOW = Instant.parse("2024-05-01T10:00:00Z");
    private static final int PARTITIONS = 3;
    private static final String CLEAR_PHONE = "13800138000";
    private static final String CLEAR_EMAIL = "Li.Lei@Example.com";
    /** Every way the test phone and e-mail are written in the input, lower-cased. */
    private static final List<String> CLEAR_PII = List.of(
            CLEAR_PHONE, "138-0013-8000", "138 0013 8000", "li.lei@example.com", "li.lei", "example.com");

    private static EmbeddedKafkaBroker broker;

    private final IdentifierTokenizer tokenizer = new IdentifierTokenizer(new Tokenizer("test-key", randomKey()));
    private final PayloadSealer sealer = PayloadSealer.ephemeral();
    private final EdgePipeline pipeline = new EdgePipeline(
            JsonEventDecoder.withDefaults(), tokenizer, Clock.fixed(NOW, ZoneOffset.UTC), sealer);

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.start();
        TopicAdmin.ensureTopics(broker.bootstrapServers(), PARTITIONS);
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void acceptedEventsOfEverySourceComeBackEqualToWhatThePipelineProduced() throws Exception {
        List<EdgeOutcome> outcomes = process("round-trip", goodLines("rt"));
        List<Accepted> accepted = accepted(outcomes);
        assertThat(accepted).extracting(Accepted::contract).containsAll(Contract.events());

        publishAndFlush(outcomes);

        Map<String, ConsumerRecord<byte[], byte[]>> consumedById = consumedEventsById();
        KafkaEventDecoder decoder = new KafkaEventDecoder();
        for (Accepted event : accepted) {
            ConsumerRecord<byte[], byte[]> consumed = consumedById.get(eventId(event.record()));
            assertThat(consumed).as("consumed %s", eventId(event.record())).isNotNull();
            assertThat(consumed.topic()).isEqualTo(event.contract().topic());
            assertThat(header(consumed, RecordHeaders.CONTRACT)).isEqualTo(event.contract().name());
            assertThat(header(consumed, RecordHeaders.SCHEMA_FINGERPRINT))
                    .as("the header names the fingerprint the single-object value carries")
                    .isEqualTo(ContractCodec.formatFingerprint(ByteBuffer.wrap(consumed.value(), 2, 8)
                            .order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong()));
            assertThat(Arrays.copyOf(consumed.value(), 2)).as("single-object marker").containsExactly(0xC3, 0x01);
            assertThat(new String(consumed.key(), UTF_8)).isEqualTo(PartitionKeys.eventKey(event.record()));
            assertThat(decoder.decode(consumed)).isEqualTo(event.record());
        }
    }

    @Test
    void deadLettersCarryReasonFieldAndTheOriginalPayload() throws Exception {
        Map<Contract, List<String>> lines = badLines("dl");
        List<EdgeOutcome> outcomes = process("dead-letters", lines);
        List<DeadLettered> deadLettered = outcomes.stream()
                .filter(DeadLettered.class::isInstance).map(DeadLettered.class::cast).toList();
        assertThat(deadLettered).hasSize(lines.values().stream().mapToInt(List::size).sum());

        publishAndFlush(outcomes);

        KafkaEventDecoder decoder = new KafkaEventDecoder();
        Map<String, ConsumerRecord<byte[], byte[]>> consumedById = TopicReader
                .readAll(broker.bootstrapServers(), List.of(Contract.DEAD_LETTER.topic())).stream()
                .collect(Collectors.toMap(r -> ((DeadLetter) decoder.decode(r)).getDeadLetterId(), r -> r));
        Map<String, String> reasonByEventId = new HashMap<>();
        for (DeadLettered rejected : deadLettered) {
            DeadLetter sent = rejected.deadLetter();
            ConsumerRecord<byte[], byte[]> consumed = consumedById.get(sent.getDeadLetterId());
            assertThat(consumed).isNotNull();
            assertThat(new String(consumed.key(), UTF_8)).isEqualTo(rejected.contract().sourceName());
            assertThat(header(consumed, RecordHeaders.CONTRACT)).isEqualTo(Contract.DEAD_LETTER.name());
            DeadLetter received = (DeadLetter) decoder.decode(consumed);
            assertThat(received).isEqualTo(sent);
            assertThat(sealer.open(received.getDeadLetterId(), received.getPayloadKeyId(), bytes(received.getOriginalPayload())))
                    .as("the exact bytes that were rejected, sealed")
                    .isIn(lines.get(rejected.contract()).stream().map(line -> line.getBytes(UTF_8)).toList());
            if (received.getEventId() != null) {
                reasonByEventId.put(received.getEventId(), received.getReasonCode() + " " + received.getField());
            }
        }
        assertThat(reasonByEventId).containsEntry("dl-web-bad-time", "INVALID_VALUE event_time")
                .containsEntry("dl-app-no-type", "MISSING_FIELD event_type")
                .containsEntry("dl-mini-scene", "WRONG_TYPE scene")
                .containsEntry("dl-pos-future", "FUTURE_TIMESTAMP event_time")
                .containsEntry("dl-consent-enum", "INVALID_VALUE action");
    }

    @Test
    void noClearPhoneNumberOrEmailReachesAnEventTopic() throws Exception {
        publishAndFlush(process("pii", goodLines("pii")));

        List<ConsumerRecord<byte[], byte[]>> events = TopicReader.readAll(broker.bootstrapServers(),
                Contract.events().stream().map(Contract::topic).toList());

        assertThat(events).hasSizeGreaterThanOrEqualTo(goodLines("pii").values().stream().mapToInt(List::size).sum());
        for (ConsumerRecord<byte[], byte[]> record : events) {
            StringBuilder produced = new StringBuilder()
                    .append(latin1(record.key())).append('\n').append(latin1(record.value()));
            for (Header header : record.headers()) {
                produced.append('\n').append(header.key()).append('=').append(latin1(header.value()));
            }
            assertThat(produced.toString().toLowerCase(java.util.Locale.ROOT))
                    .as("bytes of %s-%d@%d", record.topic(), record.partition(), record.offset())
                    .doesNotContain(CLEAR_PII);
        }
    }

    @Test
    void eventsOfOnePersonShareAPartitionInTheirOrder() throws Exception {
        List<String> cards = List.of("C-1001", "C-1002", "C-1003", "C-1004", "C-1005", "C-1006");
        List<String> posLines = new ArrayList<>();
        Map<String, List<String>> eventIdsByCard = new LinkedHashMap<>();
        for (int visit = 0; visit < 5; visit++) {
            for (String card : cards) {
                String eventId = "order-%s-%d".formatted(card, visit);
                eventIdsByCard.computeIfAbsent(card, ignored -> new ArrayList<>()).add(eventId);
                posLines.add(("""
                        {"event_id": "%s", "event_time": "2024-05-01T0%d:00:00Z", "transaction_id": "%s", "store_id": "S-1",
                         "total_minor": 100, "identifiers": {"member_card": "%s", "phone": "%s", "payment_token": "tok-%s"}}
                        """).formatted(eventId, visit, eventId, card, CLEAR_PHONE, card).strip());
            }
        }
        publishAndFlush(process("order", Map.of(Contract.POS_TRANSACTION, posLines)));

        Map<String, ConsumerRecord<byte[], byte[]>> consumedById = consumedEventsById();
        Set<Integer> partitionsUsed = new java.util.HashSet<>();
        for (Map.Entry<String, List<String>> person : eventIdsByCard.entrySet()) {
            List<ConsumerRecord<byte[], byte[]>> records = person.getValue().stream().map(consumedById::get).toList();
            assertThat(records).doesNotContainNull();
            assertThat(records).extracting(record -> new String(record.key(), UTF_8))
                    .as("keyed by the member card token, the first identifier in key order")
                    .containsOnly(tokenizer.token(IdentifierType.MEMBER_CARD, person.getKey()));
            assertThat(records).extracting(ConsumerRecord::partition).containsOnly(records.get(0).partition());
            assertThat(records).extracting(ConsumerRecord::offset).isSorted();
            partitionsUsed.add(records.get(0).partition());
        }
        assertThat(partitionsUsed).as("people spread over partitions").hasSizeGreaterThan(1);
    }

    @Test
    void ensuringTopicsAgainCreatesNothingAndKeepsThePartitions() throws Exception {
        assertThat(TopicAdmin.ensureTopics(broker.bootstrapServers(), PARTITIONS + 2)).isEmpty();

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            Map<String, TopicDescription> topics = admin.describeTopics(
                    Arrays.stream(Contract.values()).map(Contract::topic).toList()).allTopicNames().get(30, TimeUnit.SECONDS);
            assertThat(topics).hasSize(Contract.values().length);
            assertThat(topics.values()).allSatisfy(topic -> assertThat(topic.partitions()).hasSize(PARTITIONS));
        }
    }

    @Test
    void flushFailsLoudlyWhenKafkaNeverAcknowledged() throws Exception {
        Map<String, Object> impatient = Map.of(
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 500,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 500,
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 1_000);
        EdgeOutcome event = process("unreachable", Map.of(Contract.WEB_EVENT, List.of(
                "{\"event_id\": \"lost-1\", \"event_type\": \"x\", \"event_time\": 1714557600000, \"identifiers\": {}}")))
                .get(0);
        KafkaEventPublisher publisher = new KafkaEventPublisher("127.0.0.1:" + closedLoopbackPort(), impatient);

        CompletableFuture<RecordMetadata> acknowledgement = publisher.publish(event);

        assertThatThrownBy(publisher::flush)
                .isInstanceOf(PublishFailedException.class)
                .hasMessageContaining("did not acknowledge 1 published record")
                .hasMessageContaining("cdp.web.events event lost-1");
        assertThat(acknowledgement).isCompletedExceptionally();
        publisher.close();
    }

    @Test
    void deliveryGuaranteesCannotBeOverridden() {
        assertThatThrownBy(() -> new KafkaEventPublisher(broker.bootstrapServers(), Map.of(ProducerConfig.ACKS_CONFIG, "1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'acks' cannot be overridden");
        assertThat(KafkaEventPublisher.producerProperties("127.0.0.1:1", Map.of(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd")))
                .containsEntry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd")
                .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    }

    private List<EdgeOutcome> process(String batchId, Map<Contract, List<String>> linesByContract) {
        EdgeBatch batch = pipeline.newBatch(batchId, IngestStage.COLLECTOR);
        List<EdgeOutcome> outcomes = new ArrayList<>();
        linesByContract.forEach((contract, lines) ->
                lines.forEach(line -> outcomes.add(batch.process(contract, line.getBytes(UTF_8)))));
        return outcomes;
    }

    private static void publishAndFlush(List<EdgeOutcome> outcomes) throws Exception {
        try (KafkaEventPublisher publisher = new KafkaEventPublisher(broker.bootstrapServers())) {
            List<CompletableFuture<RecordMetadata>> acknowledgements = outcomes.stream().map(publisher::publish).toList();
            publisher.flush();
            for (CompletableFuture<RecordMetadata> acknowledgement : acknowledgements) {
                assertThat(acknowledgement).isCompleted();
                assertThat(acknowledgement.get().offset()).isNotNegative();
            }
        }
    }

    private static Map<String, ConsumerRecord<byte[], byte[]>> consumedEventsById() {
        KafkaEventDecoder decoder = new KafkaEventDecoder();
        return TopicReader.readAll(broker.bootstrapServers(), Contract.events().stream().map(Contract::topic).toList())
                .stream()
                .collect(Collectors.toMap(record -> eventId(decoder.decode(record)), record -> record));
    }

    private static List<Accepted> accepted(List<EdgeOutcome> outcomes) {
        return outcomes.stream().filter(Accepted.class::isInstance).map(Accepted.class::cast).toList();
    }

    /** Valid events of every source, with the clear test phone and e-mail in several client formats. */
    private static Map<Contract, List<String>> goodLines(String prefix) {
        Map<Contract, List<String>> lines = new LinkedHashMap<>();
        lines.put(Contract.WEB_EVENT, List.of(
                """
                {"event_id": "%s-web-1", "event_time": "2024-05-01T09:00:00+08:00", "event_type": "login", "identifiers": {"phone": "+86 138-0013-8000", "email": "%s", "web_anonymous_id": "anon-1"}, "context": {"platform": "web", "locale": "zh-CN"}, "properties": {"campaign": "spring"}, "page_url": "https://shop.example/login"}"""
                        .formatted(prefix, CLEAR_EMAIL),
                """
                {"event_id": "%s-web-2", "event_time": "2024-05-01T09:30:00Z", "sent_at": "2024-05-01T09:30:30Z", "event_type": "order", "identifiers": {"web_anonymous_id": "anon-1"}, "commerce": {"order_id": "o-1", "amount_minor": 12900, "items": [{"sku": "sku-1", "quantity": 2, "unit_price_minor": 6450, "line_total_minor": 12900}]}}"""
                        .formatted(prefix),
                """
                {"event_id": "%s-web-3", "event_time": "2024-05-01T09:40:00Z", "event_type": "page_view", "identifiers": {}}"""
                        .formatted(prefix)));
        lines.put(Contract.APP_EVENT, List.of(
                """
                {"event_id": "%s-app-1", "event_time": "2024-05-01T10:00:00+08:00", "event_type": "app_open", "identifiers": {"oaid": "OAID-1", "phone": "138 0013 8000", "phone_verified": true}, "context": {"platform": "android", "app_version": "5.2.0"}}"""
                        .formatted(prefix),
                """
                {"event_id": "%s-app-2", "event_time": 1714532400000, "event_type": "push_open", "push_message_id": "msg-1", "identifiers": {"idfa": "IDFA-1", "email": "%s"}}"""
                        .formatted(prefix, CLEAR_EMAIL.toLowerCase(java.util.Locale.ROOT))));
        lines.put(Contract.MINI_PROGRAM_EVENT, List.of(
                """
                {"event_id": "%s-mini-1", "event_time": "2024-05-01T11:00:00+08:00", "event_type": "page_view", "scene": 1011, "shared_by": "open-friend", "identifiers": {"wechat_openid": "open-1", "wechat_appid": "wx-mini", "wechat_unionid": "union-1", "phone": "%s"}, "page_path": "pages/index"}"""
                        .formatted(prefix, CLEAR_PHONE)));
        lines.put(Contract.POS_TRANSACTION, List.of(
                """
                {"event_id": "%s-pos-1", "event_time": "2024-05-01T15:30:00+08:00", "transaction_id": "T-1", "store_id": "S-001", "terminal_id": "POS-1", "business_day": "2024-05-01", "total_minor": 25800, "payment_method": "wechat_pay", "identifiers": {"member_card": "C-0001", "phone": "0086 %s", "payment_token": "tok-visa-1"}, "items": [{"sku": "sku-1", "product_name": "T-shirt", "quantity": 1, "unit_price_minor": 12900, "line_total_minor": 12900}, {"sku": "sku-2", "quantity": 0.5, "unit_price_minor": 25800, "discount_minor": 0, "line_total_minor": 12900}]}"""
                        .formatted(prefix, CLEAR_PHONE),
                """
                {"event_id": "%s-pos-2", "event_time": "2024-05-01T17:00:00+08:00", "transaction_id": "T-2", "store_id": "S-002", "total_minor": 500, "identifiers": {"phone": "86%s"}}"""
                        .formatted(prefix, CLEAR_PHONE)));
        lines.put(Contract.CONSENT_EVENT, List.of(
                """
                {"event_id": "%s-consent-1", "event_time": "2024-05-01T09:05:00+08:00", "purpose": "MARKETING", "channel": "SMS", "action": "GRANT", "policy_version": "2024-01", "identifiers": {"phone": "+86 138 0013 8000"}, "evidence": {"method": "checkbox", "text_hash": "abc"}}"""
                        .formatted(prefix),
                """
                {"event_id": "%s-consent-2", "event_time": "2024-05-01T20:00:00+08:00", "source": "DSR_PORTAL", "purpose": "MARKETING", "channel": "SMS", "action": "WITHDRAW", "policy_version": "2024-01", "identifiers": {"email": "%s"}, "evidence": {"method": "portal"}}"""
                        .formatted(prefix, CLEAR_EMAIL)));
        return lines;
    }

    /** One rejected payload of each kind per source (plus a malformed line), each naming the clear test phone. */
    private static Map<Contract, List<String>> badLines(String prefix) {
        Map<Contract, List<String>> lines = new LinkedHashMap<>();
        lines.put(Contract.WEB_EVENT, List.of(
                "{\"event_id\": \"%s-web-bad-time\", \"event_time\": \"last tuesday\", \"event_type\": \"x\", \"identifiers\": {\"phone\": \"%s\"}}"
                        .formatted(prefix, CLEAR_PHONE),
                "{\"event_id\": \"%s-web-cut\", \"event_type\": ".formatted(prefix)));
        lines.put(Contract.APP_EVENT, List.of(
                "{\"event_id\": \"%s-app-no-type\", \"event_time\": \"2024-05-01T10:00:00Z\", \"identifiers\": {\"email\": \"%s\"}}"
                        .formatted(prefix, CLEAR_EMAIL)));
        lines.put(Contract.MINI_PROGRAM_EVENT, List.of(
                "{\"event_id\": \"%s-mini-scene\", \"event_time\": \"2024-05-01T11:00:00+08:00\", \"event_type\": \"launch\", \"scene\": \"1011\", \"identifiers\": {}}"
                        .formatted(prefix)));
        lines.put(Contract.POS_TRANSACTION, List.of(
                "{\"event_id\": \"%s-pos-future\", \"event_time\": \"2024-05-02T10:00:00Z\", \"transaction_id\": \"T-9\", \"store_id\": \"S-1\", \"total_minor\": 1, \"identifiers\": {\"phone\": \"%s\"}}"
                        .formatted(prefix, CLEAR_PHONE)));
        lines.put(Contract.CONSENT_EVENT, List.of(
                "{\"event_id\": \"%s-consent-enum\", \"event_time\": \"2024-05-01T09:05:00+08:00\", \"purpose\": \"MARKETING\", \"channel\": \"SMS\", \"action\": \"MAYBE\", \"policy_version\": \"2024-01\", \"identifiers\": {}, \"evidence\": {\"method\": \"checkbox\"}}"
                        .formatted(prefix)));
        return lines;
    }

    private static String eventId(SpecificRecord record) {
        return (String) record.get(record.getSchema().getField(Envelope.EVENT_ID).pos());
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        return RecordHeaders.lastValue(record.headers(), name).orElse(null);
    }

    private static String latin1(byte[] bytes) {
        return bytes == null ? "" : new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    private static int closedLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static byte[] randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }
}
