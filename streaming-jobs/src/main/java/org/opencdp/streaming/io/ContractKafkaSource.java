package org.opencdp.streaming.io;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.opencdp.ingestion.kafka.KafkaAdminCalls;
import org.opencdp.schemas.contract.Contract;

import static java.util.Objects.requireNonNull;

/**
 * A Flink {@link KafkaSource} of one or more contract topics that emits {@link ContractRecord}s (the decoded
 * generated Avro record plus topic, partition and offset).
 *
 * <p>Offsets live in Flink's checkpoints (that is what makes a job exactly-once with a transactional sink);
 * they are also committed to the consumer group on every completed checkpoint, for monitoring and for
 * {@link StartingOffsets#COMMITTED_OR_EARLIEST} starts without a checkpoint. Reads only committed
 * transactional records ({@code isolation.level=read_committed}).
 *
 * <pre>{@code
 * KafkaSource<ContractRecord> source = ContractKafkaSource.builder(bootstrapServers, "cdp-raw-ingest")
 *         .contracts(List.of(Contract.WEB_EVENT, Contract.DEAD_LETTER))
 *         .startingOffsets(StartingOffsets.EARLIEST)
 *         .build();
 * DataStream<ContractRecord> records = env.fromSource(source, WatermarkStrategy.noWatermarks(), "kafka");
 * }</pre>
 */
public final class ContractKafkaSource
{
    /** How long one admin request for the stop offsets may take: the admin client's own default API timeout. */
    private static final long ADMIN_TIMEOUT_SECONDS = 60;

    private ContractKafkaSource() {}

    /** Where a job starts reading when it is not restored from a checkpoint or savepoint. */
    public enum StartingOffsets
    {
        /** The beginning of every partition (tests, backfills). */
        EARLIEST,
        /** The consumer group's committed offsets; the beginning for partitions it never committed (production). */
        COMMITTED_OR_EARLIEST,
        /** The end of every partition: only records produced from now on. */
        LATEST;

        OffsetsInitializer initializer()
        {
            return switch (this) {
                case EARLIEST -> OffsetsInitializer.earliest();
                case COMMITTED_OR_EARLIEST -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
                case LATEST -> OffsetsInitializer.latest();
            };
        }
    }

    /**
     * @param bootstrapServers Kafka bootstrap servers, e.g. {@code 127.0.0.1:9092}
     * @param groupId consumer group the offsets are committed under; one per job
     */
    public static Builder builder(String bootstrapServers, String groupId)
    {
        return new Builder(bootstrapServers, groupId);
    }

    public static final class Builder
    {
        private final String bootstrapServers;
        private final String groupId;
        private final List<String> topics = new ArrayList<>();
        private StartingOffsets startingOffsets = StartingOffsets.COMMITTED_OR_EARLIEST;
        private boolean bounded;
        private final Map<String, String> properties = new LinkedHashMap<>();
        private Map<TopicPartition, Long> stopOffsets;

        private Builder(String bootstrapServers, String groupId)
        {
            this.bootstrapServers = requireNonNull(bootstrapServers, "bootstrapServers is null").strip();
            this.groupId = requireNonNull(groupId, "groupId is null").strip();
            if (this.bootstrapServers.isEmpty()) {
                throw new IllegalArgumentException("Kafka bootstrap servers are blank");
            }
            if (this.groupId.isEmpty()) {
                throw new IllegalArgumentException("Kafka consumer group id is blank");
            }
        }

        /** Reads the topics of these contracts. */
        public Builder contracts(List<Contract> contracts)
        {
            requireNonNull(contracts, "contracts is null");
            contracts.forEach(contract -> topic(contract.topic()));
            return this;
        }

        /** Reads a topic; its records are decoded by their {@code cdp.contract} header, else by the topic's contract. */
        public Builder topic(String topic)
        {
            requireNonNull(topic, "topic is null");
            if (topic.isBlank()) {
                throw new IllegalArgumentException("Kafka topic is blank");
            }
            if (!topics.contains(topic)) {
                topics.add(topic);
            }
            return this;
        }

        public Builder startingOffsets(StartingOffsets startingOffsets)
        {
            this.startingOffsets = requireNonNull(startingOffsets, "startingOffsets is null");
            return this;
        }

        /**
         * A bounded source stops at the latest offsets found when the job is built (tests, benchmarks, catch-up
         * runs); the job then finishes after a final checkpoint has committed everything. Call
         * {@link #commitStopOffsets()} once the run has finished, so that the next run starts after it.
         */
        public Builder bounded(boolean bounded)
        {
            this.bounded = bounded;
            return this;
        }

        /** Any Kafka consumer property (security, fetch sizes); bootstrap servers and group id are set above. */
        public Builder property(String key, String value)
        {
            requireNonNull(key, "key is null");
            requireNonNull(value, "value is null");
            properties.put(key, value);
            return this;
        }

        public KafkaSource<ContractRecord> build()
        {
            if (topics.isEmpty()) {
                throw new IllegalStateException("No topic to read: call contracts(...) or topic(...)");
            }
            KafkaSourceBuilder<ContractRecord> builder = KafkaSource.<ContractRecord>builder()
                    .setBootstrapServers(bootstrapServers)
                    .setGroupId(groupId)
                    .setTopics(topics)
                    .setStartingOffsets(startingOffsets.initializer())
                    .setDeserializer(new ContractDeserializationSchema())
                    .setProperty("commit.offsets.on.checkpoint", "true")
                    .setProperty("isolation.level", "read_committed")
                    .setProperty("client.id.prefix", groupId);
            properties.forEach(builder::setProperty);
            if (bounded) {
                builder.setBounded(OffsetsInitializer.offsets(stopOffsets()));
            }
            return builder.build();
        }

        /**
         * Where a bounded source stops: the end of every partition of its topics (committed records only), found on
         * the first call and kept, so that the run reads exactly up to them and {@link #commitStopOffsets()} records
         * exactly them.
         */
        public synchronized Map<TopicPartition, Long> stopOffsets()
        {
            if (!bounded) {
                throw new IllegalStateException("An unbounded source has no stop offsets");
            }
            if (stopOffsets == null) {
                stopOffsets = withAdmin("read the end offsets for group " + groupId, admin -> {
                    Set<String> existing = admin.listTopics().names().get();
                    return Map.copyOf(KafkaAdminCalls.latestOffsets(admin, topics.stream().filter(existing::contains).toList(),
                            new ListOffsetsOptions(IsolationLevel.READ_COMMITTED), ADMIN_TIMEOUT_SECONDS));
                });
            }
            return stopOffsets;
        }

        /**
         * Records a finished bounded run's stop offsets under the consumer group; nothing for an unbounded source. The
         * source commits offsets on every checkpoint too, but its last commit is sent asynchronously while the
         * finished source shuts down and can be lost, and the next run would then read again what this one wrote.
         * Call only after the run finished successfully.
         */
        public void commitStopOffsets()
        {
            if (!bounded) {
                return;
            }
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            stopOffsets().forEach((partition, offset) -> offsets.put(partition, new OffsetAndMetadata(offset)));
            withAdmin("commit the stop offsets of group " + groupId, admin -> admin.alterConsumerGroupOffsets(groupId, offsets).all().get());
        }

        private <T> T withAdmin(String action, KafkaAdminCalls.AdminCall<T> call)
        {
            return KafkaAdminCalls.call(bootstrapServers, properties, action, call);
        }
    }
}
