package org.opencdp.ingestion.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opencdp.ingestion.collector.CollectorHarness.batch;
import static org.opencdp.ingestion.collector.CollectorHarness.consentEvent;
import static org.opencdp.ingestion.collector.CollectorHarness.gzip;
import static org.opencdp.ingestion.collector.CollectorHarness.posBasket;
import static org.opencdp.ingestion.collector.CollectorHarness.webEvent;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.opencdp.infra.kafka.EmbeddedKafkaBroker;
import org.opencdp.ingestion.kafka.KafkaEventDecoder;
import org.opencdp.schemas.avro.ConsentEvent;
import org.opencdp.schemas.avro.DeadLetter;
import org.opencdp.schemas.avro.IdentifierType;
import org.opencdp.schemas.avro.PosTransaction;
import org.opencdp.schemas.avro.Source;
import org.opencdp.schemas.avro.WebEvent;
import org.opencdp.schemas.contract.Contract;

@Timeout(120)
class CollectorServerTest {
    private static final KafkaEventDecoder DECODER = new KafkaEventDecoder();

    @TempDir
    static Path home;

    private static EmbeddedKafkaBroker broker;
    private static CollectorHarness collector;

    @BeforeAll
    static void start() {
        broker = EmbeddedKafkaBroker.start();
        collector = new CollectorHarness(broker.bootstrapServers(), home, CollectorHarness.settings());
    }

    @AfterAll
    static void stop() {
        if (collector != null) {
            collector.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void acceptedEventsAreOnTheSourceTopicDecodableTokenizedAndTheirContactsInTheVault() {
        String key = collector.key(Contract.WEB_EVENT);
        String prefix = UUID.randomUUID() + "-";
        CollectorHarness.Response response = collector.post(key, batch("web",
                webEvent(prefix + "1", "+86 138-0013-8000", "Li.Lei@Example.com"),
                webEvent(prefix + "2", null, null),
                webEvent(prefix + "3", "0086 13800138000", null)));

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode body = response.json();
        assertThat(body.get("accepted").asInt()).isEqualTo(3);
        assertThat(body.get("rejected").asInt()).isZero();
        assertThat(body.get("results")).extracting(result -> result.get("status").asText()).containsOnly("accepted");

        Map<String, WebEvent> events = collector.readAll(Contract.WEB_EVENT).stream()
                .map(record -> (WebEvent) DECODER.decode(record))
                .filter(event -> event.getEventId().startsWith(prefix))
                .collect(Collectors.toMap(WebEvent::getEventId, event -> event));
        assertThat(events).containsOnlyKeys(prefix + "1", prefix + "2", prefix + "3");
        String phoneToken = collector.tokenizer.token(IdentifierType.PHONE, "13800138000");
        String emailToken = collector.tokenizer.token(IdentifierType.EMAIL, "li.lei@example.com");
        WebEvent first = events.get(prefix + "1");
        assertThat(first.getIdentifiers().getPhone()).isEqualTo(phoneToken);
        assertThat(first.getIdentifiers().getEmail()).isEqualTo(emailToken);
        assertThat(first.getIdentifiers().getTokenizationKeyId()).isEqualTo("test-key");
        assertThat(first.getReceivedAt()).isNotNull();
        assertThat(events.get(prefix + "3").getIdentifiers().getPhone()).as("one person, one token, whatever the format").isEqualTo(phoneToken);

        assertThat(collector.vault.reveal(phoneToken)).hasValueSatisfying(contact -> assertThat(contact.value()).isEqualTo("13800138000"));
        assertThat(collector.vault.reveal(emailToken)).hasValueSatisfying(contact -> assertThat(contact.value()).isEqualTo("li.lei@example.com"));
    }

    @Test
    void theEnvelopeSentAtCorrectsClientClockSkewOfEventsWithoutTheirOwn() {
        String key = collector.key(Contract.WEB_EVENT);
        String id = UUID.randomUUID().toString();
        Instant clientNow = Instant.now().plusSeconds(3600);  // the client clock is an hour ahead
        Instant clientEventTime = clientNow.minusSeconds(20);
        String event = """
                {"event_id":"%s","event_time":"%s","event_type":"search","identifiers":{"web_anonymous_id":"a"}}""".formatted(id, clientEventTime);
        String body = "{\"sent_at\":\"" + clientNow + "\",\"events\":[" + event + "],\"source\":\"web\"}";

        CollectorHarness.Response response = collector.post(key, body);

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().get("accepted").asInt()).isEqualTo(1);
        WebEvent stored = collector.readAll(Contract.WEB_EVENT).stream()
                .map(record -> (WebEvent) DECODER.decode(record))
                .filter(e -> e.getEventId().equals(id))
                .findFirst().orElseThrow();
        assertThat(stored.getClientEventTime()).isEqualTo(clientEventTime.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        assertThat(stored.getEventTime()).isBefore(stored.getReceivedAt()).isAfter(stored.getReceivedAt().minusSeconds(60));
    }

    @Test
    void everyRejectionIsAnsweredPerEventAndDeadLetteredWithItsPayload() {
        String key = collector.key(Contract.WEB_EVENT);
        String p = UUID.randomUUID() + "-";
        String deep = "[".repeat(30) + "]".repeat(30);
        Map<String, String> badByReason = new java.util.LinkedHashMap<>();
        badByReason.put("MALFORMED_JSON", "\"not an object\"");
        badByReason.put("MISSING_FIELD", "{\"event_id\":\"" + p + "missing\",\"event_time\":\"2024-05-01T09:00:00Z\",\"identifiers\":{}}");
        badByReason.put("WRONG_TYPE", webEvent(p + "wrong", null, null).replace("\"page_url\":\"https://shop.example/p/1\"", "\"page_url\":42"));
        badByReason.put("INVALID_VALUE", webEvent(p + "invalid", null, null).replaceFirst("\"event_time\":\"[^\"]+\"", "\"event_time\":\"last tuesday\""));
        badByReason.put("FUTURE_TIMESTAMP", webEvent(p + "future", null, null).replaceFirst("\"event_time\":\"[^\"]+\"", "\"event_time\":\"" + Instant.now().plusSeconds(7200) + "\""));
        badByReason.put("TOO_DEEP", webEvent(p + "deep", null, null).replace("\"page_url\"", "\"nested\":" + deep + ",\"page_url\""));
        badByReason.put("OVERSIZED", webEvent(p + "huge", null, null).replace("https://shop.example/p/1", "x".repeat(20_000)));
        String duplicate = webEvent(p + "dup", null, null);
        List<String> events = new ArrayList<>(badByReason.values());
        events.add(duplicate);
        events.add(duplicate);

        CollectorHarness.Response response = collector.post(key, batch("web", events.toArray(String[]::new)));

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode results = response.json().get("results");
        List<String> expectedReasons = new ArrayList<>(badByReason.keySet());
        for (int i = 0; i < expectedReasons.size(); i++) {
            assertThat(results.get(i).get("status").asText()).isEqualTo("rejected");
            assertThat(results.get(i).get("reason").asText()).as("event %d: %s", i, results.get(i)).isEqualTo(expectedReasons.get(i));
        }
        assertThat(results.get(2).get("field").asText()).isEqualTo("page_url");
        assertThat(results.get(events.size() - 2).get("status").asText()).isEqualTo("accepted");
        JsonNode duplicateResult = results.get(events.size() - 1);
        assertThat(duplicateResult.get("reason").asText()).isEqualTo("DUPLICATE_EVENT");
        assertThat(duplicateResult.get("field").asText()).isEqualTo("event_id");

        String batchId = response.json().get("batch_id").asText();
        List<DeadLetter> deadLetters = collector.readAll(Contract.DEAD_LETTER).stream()
                .map(record -> (DeadLetter) DECODER.decode(record))
                .filter(letter -> new String(opened(letter), StandardCharsets.UTF_8).contains(p)
                        || letter.getReasonCode().equals("MALFORMED_JSON") && Arrays.equals(opened(letter), "\"not an object\"".getBytes(StandardCharsets.UTF_8)))
                .toList();
        Map<String, byte[]> payloadByReason = new HashMap<>();
        deadLetters.forEach(letter -> {
            assertThat(letter.getSource()).isEqualTo("web");
            assertThat(letter.getStage()).isEqualTo("collector");
            assertThat(letter.getPayloadKeyId()).isEqualTo(collector.sealer.keyId());
            payloadByReason.put(letter.getReasonCode(), opened(letter));
        });
        badByReason.forEach((reason, payload) -> assertThat(payloadByReason.get(reason))
                .as("dead letter of %s", reason).isEqualTo(payload.getBytes(StandardCharsets.UTF_8)));
        assertThat(payloadByReason.get("DUPLICATE_EVENT")).isEqualTo(duplicate.getBytes(StandardCharsets.UTF_8));
        assertThat(batchId).startsWith("wk_");
    }

    /** The payload of a dead letter as received, opened with the vault key as the replay path does. */
    private byte[] opened(DeadLetter letter) {
        return collector.sealer.open(letter.getDeadLetterId(), letter.getPayloadKeyId(), letter.getOriginalPayload().array());
    }

    @Test
    void noClearPhoneNumberOrEmailReachesAnyTopic() {
        String web = collector.key(Contract.WEB_EVENT);
        String pos = collector.key(Contract.POS_TRANSACTION);
        String consent = collector.key(Contract.CONSENT_EVENT);
        String p = UUID.randomUUID().toString().substring(0, 8);
        List<String> phones = List.of("+86 139-1234-5670", "0086 13912345671", "8613912345672", "139 1234 5673", "(+86)139-1234-5674",
                "+86-139-1234-5675", "13912345676");
        List<String> events = new ArrayList<>();
        for (int i = 0; i < phones.size(); i++) {
            events.add(webEvent(p + "w" + i, phones.get(i), "Secret.Person" + i + "@Mail.Example"));
        }
        // rejected, never tokenized: it reaches the dead-letter topic sealed
        events.add(webEvent(p + "bad", "13912345677", "Secret.Person9@Mail.Example").replace("\"page_url\":\"https://shop.example/p/1\"", "\"page_url\":7"));
        CollectorHarness.Response webResponse = collector.post(web, batch("web", events.toArray(String[]::new)));
        assertThat(webResponse.status()).isEqualTo(200);
        assertThat(webResponse.json().get("rejected").asInt()).isEqualTo(1);
        assertThat(collector.post(pos, batch("pos", posBasket(p + "p", phones.get(0)))).status()).isEqualTo(200);
        assertThat(collector.post(consent, batch("consent", consentEvent(p + "c", "APP", phones.get(1), ""))).status()).isEqualTo(200);

        List<String> topics = new ArrayList<>(Contract.events().stream().map(Contract::topic).toList());
        topics.add(Contract.DEAD_LETTER.topic());
        List<ConsumerRecord<byte[], byte[]>> records = collector.readAll(topics);
        assertThat(records).anyMatch(record -> record.topic().equals(Contract.DEAD_LETTER.topic()));
        assertThat(records).isNotEmpty();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            StringBuilder bytes = new StringBuilder();
            bytes.append(record.key() == null ? "" : new String(record.key(), StandardCharsets.ISO_8859_1));
            bytes.append(new String(record.value(), StandardCharsets.ISO_8859_1));
            for (Header header : record.headers()) {
                bytes.append(new String(header.value(), StandardCharsets.ISO_8859_1));
            }
            String all = bytes.toString();
            assertThat(all).doesNotContain("1391234567", "139-1234", "139 1234", "secret.person", "Secret.Person", "Mail.Example", "mail.example");
            assertThat(all).doesNotContainPattern("1[3-9]\\d{9}");
        }
    }

    @Test
    void consentFromTheAppAndFromStoreStaffGoesToTheConsentTopic() {
        String key = collector.key(Contract.CONSENT_EVENT);
        String p = UUID.randomUUID() + "-";
        CollectorHarness.Response response = collector.post(key, batch("consent",
                consentEvent(p + "app", "APP", "+86 137 0000 1111", ""),
                consentEvent(p + "store", "POS", "13700001112", ",\"context\":{\"store_id\":\"S-001\",\"terminal_id\":\"POS-7\"}")
                        .replace("{\"method\":\"checkbox\"}", "{\"method\":\"staff_confirmed\",\"staff_id\":\"E-42\"}")));

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().get("accepted").asInt()).isEqualTo(2);
        Map<String, ConsentEvent> stored = collector.readAll(Contract.CONSENT_EVENT).stream()
                .map(record -> (ConsentEvent) DECODER.decode(record))
                .filter(event -> event.getEventId().startsWith(p))
                .collect(Collectors.toMap(ConsentEvent::getEventId, event -> event));
        assertThat(stored.get(p + "app").getSource()).isEqualTo(Source.APP);
        ConsentEvent atStore = stored.get(p + "store");
        assertThat(atStore.getSource()).isEqualTo(Source.POS);
        assertThat(atStore.getContext().getStoreId()).isEqualTo("S-001");
        assertThat(atStore.getEvidence().getStaffId()).isEqualTo("E-42");
        assertThat(atStore.getIdentifiers().getPhone()).isEqualTo(collector.tokenizer.token(IdentifierType.PHONE, "13700001112"));
    }

    @Test
    void aPosTerminalPostsBasketsAsTheyClose() {
        String key = collector.key(Contract.POS_TRANSACTION);
        String id = UUID.randomUUID().toString();
        CollectorHarness.Response response = collector.post(key, batch("pos", posBasket(id, "+86 136 0000 2222")));

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        PosTransaction basket = collector.readAll(Contract.POS_TRANSACTION).stream()
                .map(record -> (PosTransaction) DECODER.decode(record))
                .filter(event -> event.getEventId().equals(id))
                .findFirst().orElseThrow();
        assertThat(basket.getTerminalId()).isEqualTo("POS-7");
        assertThat(basket.getItems()).hasSize(1);
        assertThat(basket.getIdentifiers().getMemberCard()).isEqualTo(collector.tokenizer.token(IdentifierType.MEMBER_CARD, "C-" + id));
    }

    @Test
    void keysLimitsAndRatesAreEnforcedBeforeAnythingIsWritten() throws Exception {
        String web = collector.key(Contract.WEB_EVENT);
        String good = batch("web", webEvent(UUID.randomUUID().toString(), null, null));

        assertThat(collector.post(null, good).status()).isEqualTo(401);
        assertThat(collector.post(WriteKeyStore.KEY_PREFIX + "forged", good).status()).isEqualTo(401);
        CreatedWriteKey revoked = collector.keys.create(java.util.Set.of(Contract.WEB_EVENT));
        assertThat(collector.post(revoked.key(), good).status()).isEqualTo(200);
        collector.keys.revoke(revoked.entry().id());
        CollectorHarness.Response afterRevocation = collector.post(revoked.key(), good);
        assertThat(afterRevocation.status()).isEqualTo(401);
        assertThat(afterRevocation.json().at("/error/code").asText()).isEqualTo("UNAUTHORIZED");

        CollectorHarness.Response forbidden = collector.post(web, batch("app", "{}"));
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.json().at("/error/code").asText()).isEqualTo("SOURCE_NOT_ALLOWED");

        assertThat(collector.post(web, "{\"source\":\"web\",\"events\":[").status()).isEqualTo(400);
        assertThat(collector.post(web, batch("web", java.util.Collections.nCopies(501, "{}").toArray(String[]::new))).json().at("/error/code").asText())
                .isEqualTo("TOO_MANY_EVENTS");
        CollectorHarness.Response tooBig = collector.post(web, batch("web", "{\"pad\":\"" + "x".repeat(1_100_000) + "\"}"));
        assertThat(tooBig.status()).isEqualTo(413);
        assertThat(tooBig.json().at("/error/code").asText()).isEqualTo("BODY_TOO_LARGE");

        try (CollectorHarness limited = new CollectorHarness(broker.bootstrapServers(), home.resolve("limited"),
                CollectorHarness.settings().withRateLimit(1, 2))) {
            String key = limited.key(Contract.WEB_EVENT);
            String other = limited.key(Contract.WEB_EVENT);
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                statuses.add(limited.post(key, "{}").status());
            }
            assertThat(statuses).as("two within the burst, then limited").containsExactly(400, 400, 429);
            CollectorHarness.Response limitedResponse = limited.post(key, "{}");
            assertThat(limitedResponse.status()).isEqualTo(429);
            assertThat(limitedResponse.header("Retry-After")).isEqualTo("1");
            assertThat(limited.post(other, "{}").status()).as("another key has its own bucket").isEqualTo(400);
        }
    }

    @Test
    void hostileInputIsAnswered4xxAndWritesNothing() {
        String key = collector.key(Contract.WEB_EVENT);
        List<String> topics = Arrays.stream(Contract.values()).filter(c -> c.isEvent() || c == Contract.DEAD_LETTER).map(Contract::topic).toList();
        int before = collector.readAll(topics).size();

        Random random = new Random(42);
        List<byte[]> bodies = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            byte[] noise = new byte[1 + random.nextInt(2000)];
            random.nextBytes(noise);
            bodies.add(noise);
        }
        bodies.add(new byte[0]);
        bodies.add(new byte[] {'{', '"', 's', 'o', 'u', 'r', 'c', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'});
        bodies.add(("{\"source\":\"web\",\"events\":[" + "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000) + "]}").getBytes(StandardCharsets.UTF_8));
        bodies.add("[".repeat(10_000).getBytes(StandardCharsets.UTF_8));
        bodies.add(batch("web", "{\"event_id\":\"" + "x".repeat(5 * 1024 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8));
        for (String wrong : List.of("{\"source\":5,\"events\":[]}", "{\"source\":\"web\",\"events\":\"x\"}", "{\"source\":\"web\",\"events\":{}}",
                "{\"source\":\"web\",\"events\":[]}", "{\"source\":\"nowhere\",\"events\":[{}]}", "{\"source\":\"web\",\"sent_at\":{},\"events\":[{}]}",
                "{\"events\":[{}]}", "[" + webEvent("bare", null, null) + "]", webEvent("bare", null, null), "null", "42",
                "{\"source\":\"web\",\"events\":[{}]} trailing", "{\"source\":\"web\",\"source\":\"app\",\"events\":[{}]}")) {
            bodies.add(wrong.getBytes(StandardCharsets.UTF_8));
        }
        for (byte[] body : bodies) {
            CollectorHarness.Response response = collector.post(key, body, false);
            assertThat(response.status()).as("answer to a hostile body of %d bytes: %s", body.length, response.body()).isBetween(400, 499);
            assertThat(response.json().at("/error/code").asText()).isNotBlank();
        }

        CollectorHarness.Response bomb = collector.post(key, gzip(new byte[64 * 1024 * 1024]), true);
        assertThat(bomb.status()).isEqualTo(413);
        assertThat(collector.post(key, gzip(batch("web", "{\"e\":\"" + "y".repeat(5 * 1024 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8)), true).status()).isEqualTo(413);
        assertThat(collector.post(key, "not gzip at all".getBytes(StandardCharsets.UTF_8), true).status()).isEqualTo(400);

        assertThat(collector.readAll(topics)).as("hostile requests wrote nothing").hasSize(before);
        assertThat(collector.get("/health").status()).isEqualTo(200);
        String id = UUID.randomUUID().toString();
        CollectorHarness.Response good = collector.post(key, gzip(batch("web", webEvent(id, "13812345678", null)).getBytes(StandardCharsets.UTF_8)), true);
        assertThat(good.status()).as("still serving, gzip accepted").isEqualTo(200);
        assertThat(good.json().get("accepted").asInt()).isEqualTo(1);
    }

    @Test
    void healthReadinessAndMetricsAreServed() {
        String key = collector.key(Contract.WEB_EVENT);
        collector.post(key, batch("web", webEvent(UUID.randomUUID().toString(), null, null), "{\"event_id\":\"x\"}"));

        assertThat(collector.get("/health").status()).isEqualTo(200);
        CollectorHarness.Response ready = collector.get("/ready");
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.json().get("kafka_cluster_id").asText()).isNotBlank();
        String metrics = collector.get("/metrics").body();
        assertThat(metrics)
                .contains("cdp_collector_events_accepted_total{source=\"web\"}")
                .contains("cdp_collector_events_rejected_total{reason=\"MISSING_FIELD\",source=\"web\"}")
                .contains("cdp_collector_request_duration_seconds_bucket")
                .contains("cdp_collector_requests_total{status=\"200\"}");
    }
}
