package org.opencdp.infra.kafka;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Future;

import static java.util.Objects.requireNonNull;

/**
 * Produces keyed records with a real producer and reads them back with a real consumer, grouping
 * both sides by partition so tests can compare per-partition order.
 */
final class KafkaRoundTrip
{
    private static final Duration CONSUME_TIMEOUT = Duration.ofSeconds(60);

    private KafkaRoundTrip() {}

    record KeyValue<V>(String key, V value)
    {
        KeyValue
        {
            requireNonNull(key, "key is null");
            requireNonNull(value, "value is null");
        }
    }

    /**
     * Sends the records with an idempotent producer (acks=all) and returns them grouped by the
     * partition the broker acknowledged, in send order.
     */
    static <V> Map<Integer, List<KeyValue<V>>> produce(String bootstrapServers, String topic, List<KeyValue<V>> records, Serializer<V> valueSerializer)
            throws Exception
    {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
        List<Future<RecordMetadata>> acknowledgements = new ArrayList<>();
        try (KafkaProducer<String, V> producer = new KafkaProducer<>(config, new StringSerializer(), valueSerializer)) {
            for (KeyValue<V> record : records) {
                acknowledgements.add(producer.send(new ProducerRecord<>(topic, record.key(), record.value())));
            }
            producer.flush();
        }
        Map<Integer, List<KeyValue<V>>> byPartition = new TreeMap<>();
        for (int i = 0; i < records.size(); i++) {
            int partition = acknowledgements.get(i).get().partition();
            byPartition.computeIfAbsent(partition, ignored -> new ArrayList<>()).add(records.get(i));
        }
        return byPartition;
    }

    /**
     * Reads the topic from the beginning with a consumer group until {@code count} records arrived,
     * failing if they do not arrive within a minute.
     */
    static <V> Map<Integer, List<KeyValue<V>>> consume(String bootstrapServers, String topic, String groupId, int count, Deserializer<V> valueDeserializer)
    {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, groupId,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        Map<Integer, List<KeyValue<V>>> byPartition = new TreeMap<>();
        int received = 0;
        long deadline = System.nanoTime() + CONSUME_TIMEOUT.toNanos();
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(config, new StringDeserializer(), valueDeserializer)) {
            consumer.subscribe(List.of(topic));
            while (received < count) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("Received %s of %s records from %s within %s".formatted(received, count, topic, CONSUME_TIMEOUT));
                }
                for (ConsumerRecord<String, V> record : consumer.poll(Duration.ofMillis(200))) {
                    byPartition.computeIfAbsent(record.partition(), ignored -> new ArrayList<>())
                            .add(new KeyValue<>(record.key(), record.value()));
                    received++;
                }
            }
            consumer.commitSync();
        }
        return byPartition;
    }
}
