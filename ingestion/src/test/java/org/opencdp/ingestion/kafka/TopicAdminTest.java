package org.opencdp.ingestion.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.opencdp.infra.kafka.EmbeddedKafkaBroker;
import org.opencdp.schemas.contract.Contract;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TopicAdminTest {
    private static final int PARTITIONS = 3;

    @Test
    void everyPartitionOfTheNewTopicsTakesAWriteWithoutRetryAsSoonAsTopicCreationReturns() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            assertThat(TopicAdmin.ensureTopics(broker.bootstrapServers(), PARTITIONS))
                    .isEqualTo(Arrays.stream(Contract.values()).map(Contract::topic).collect(Collectors.toSet()));

            // no retries: a partition its broker does not host yet fails the send instead of being retried
            Map<String, Object> properties = Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false,
                    ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.RETRIES_CONFIG, 0);
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer())) {
                List<Future<RecordMetadata>> sends = new ArrayList<>();
                for (Contract contract : Contract.values()) {
                    for (int partition = 0; partition < PARTITIONS; partition++) {
                        sends.add(producer.send(new ProducerRecord<>(contract.topic(), partition, null, new byte[] {1})));
                    }
                }
                for (Future<RecordMetadata> send : sends) {
                    assertThat(send.get(30, TimeUnit.SECONDS).offset()).isZero();
                }
            }

            assertThat(TopicAdmin.ensureTopics(broker.bootstrapServers(), PARTITIONS)).as("existing topics are left as they are").isEmpty();
        }
    }
}
