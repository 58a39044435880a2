package org.opencdp.ingestion.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opencdp.ingestion.collector.CollectorHarness.batch;
import static org.opencdp.ingestion.collector.CollectorHarness.webEvent;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.opencdp.infra.kafka.EmbeddedKafkaBroker;
import org.opencdp.ingestion.kafka.KafkaEventDecoder;
import org.opencdp.schemas.avro.WebEvent;
import org.opencdp.schemas.contract.Contract;

@Timeout(150)
class CollectorKafkaOutageTest {
    @TempDir
    Path home;

    @Test
    void whileKafkaIsDownTheCollectorAnswers503AndAcceptsNothingThenTheRetryIsDeliveredOnce() {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
                CollectorHarness collector = new CollectorHarness(broker.bootstrapServers(), home,
                        CollectorHarness.settings().withAckTimeout(Duration.ofSeconds(3)))) {
            String key = collector.key(Contract.WEB_EVENT);
            String p = UUID.randomUUID() + "-";
            CollectorHarness.Response before = collector.post(key, batch("web", webEvent(p + "a1", "13911112222", null), webEvent(p + "a2", null, null)));
            assertThat(before.status()).as(before.body()).isEqualTo(200);

            broker.stop();
            String duringOutage = batch("web", webEvent(p + "b1", "13911113333", null), webEvent(p + "b2", null, null),
                    webEvent(p + "b3", null, null), "{\"event_id\":\"" + p + "bad\"}");
            CollectorHarness.Response unavailable = collector.post(key, duringOutage);
            assertThat(unavailable.status()).as(unavailable.body()).isEqualTo(503);
            assertThat(unavailable.header("Retry-After")).isNotBlank();
            assertThat(unavailable.json().at("/error/code").asText()).isEqualTo("KAFKA_UNAVAILABLE");
            assertThat(unavailable.json().has("results")).as("no event is reported accepted").isFalse();
            assertThat(collector.get("/ready").status()).isEqualTo(503);

            broker.restart();
            // the client retries the same batch, as told by Retry-After (bounded: at most 20 tries)
            CollectorHarness.Response retried = null;
            for (int attempt = 0; attempt < 20; attempt++) {
                retried = collector.post(key, duringOutage);
                if (retried.status() != 503) {
                    break;
                }
            }
            assertThat(retried.status()).as(retried.body()).isEqualTo(200);
            assertThat(retried.json().get("accepted").asInt()).isEqualTo(3);
            assertThat(retried.json().get("rejected").asInt()).isEqualTo(1);

            KafkaEventDecoder decoder = new KafkaEventDecoder();
            List<String> stored = new ArrayList<>();
            collector.readAll(Contract.WEB_EVENT).forEach(record -> {
                String id = ((WebEvent) decoder.decode(record)).getEventId();
                if (id.startsWith(p)) {
                    stored.add(id);
                }
            });
            assertThat(stored).as("every acknowledged event exactly once, nothing of the refused attempt")
                    .containsExactlyInAnyOrderElementsOf(Set.of(p + "a1", p + "a2", p + "b1", p + "b2", p + "b3"));
            long deadLetters = collector.readAll(Contract.DEAD_LETTER).stream()
                    .filter(record -> new String(record.value(), java.nio.charset.StandardCharsets.ISO_8859_1).contains(p + "bad"))
                    .count();
            assertThat(deadLetters).isEqualTo(1);
        }
    }
}
