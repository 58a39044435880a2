package org.opencdp.ingestion.kafka;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.opencdp.ingestion.edge.Accepted;
import org.opencdp.ingestion.edge.DeadLettered;
import org.opencdp.ingestion.edge.EdgeOutcome;
import org.opencdp.schemas.avro.DeadLetter;
import org.opencdp.schemas.contract.Contract;
import org.opencdp.schemas.contract.Envelope;

/**
 * Publishes what the edge pipeline produced: accepted events to their contract's topic, dead letters to
 * {@code Contract.DEAD_LETTER.topic()}. Values are Avro single-object encoded (the writer schema fingerprint
 * travels with every value), keys are chosen by {@link PartitionKeys}, and every record carries the
 * {@link RecordHeaders}.
 *
 * <p>The producer is idempotent with {@code acks=all}: a record counts as stored only once every in-sync replica
 * has it, and retries never duplicate or reorder a partition. Acknowledge the input (an HTTP 2xx, a file marked
 * done) only after the future of {@link #publish} completed, or after {@link #flush()} returned. Thread-safe.
 */
public final class KafkaEventPublisher implements AutoCloseable {
    /** Settings that make delivery safe; extra properties cannot change them. */
    private static final Set<String> FIXED_PROPERTIES = Set.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            ProducerConfig.ACKS_CONFIG,
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
            ProducerConfig.TRANSACTIONAL_ID_CONFIG);
    private static final int MAX_REPORTED_FAILURES = 10;

    private final KafkaProducer<String, byte[]> producer;
    private final ConcurrentLinkedQueue<FailedSend> failures = new ConcurrentLinkedQueue<>();

    public KafkaEventPublisher(String bootstrapServers) {
        this(bootstrapServers, Map.of());
    }

    /**
     * @param extraProperties further producer settings (client id, security, tuning of compression, linger, batch
     *         size, timeouts) that override the defaults; the delivery guarantees ({@code acks},
     *         {@code enable.idempotence}, serializers) cannot be changed
     */
    public KafkaEventPublisher(String bootstrapServers, Map<String, ?> extraProperties) {
        this.producer = new KafkaProducer<>(producerProperties(bootstrapServers, extraProperties),
                new StringSerializer(), new ByteArraySerializer());
    }

    static Map<String, Object> producerProperties(String bootstrapServers, Map<String, ?> extraProperties) {
        requireNonNull(bootstrapServers, "bootstrapServers is null");
        requireNonNull(extraProperties, "extraProperties is null");
        if (bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("Kafka bootstrap servers must not be blank");
        }
        for (String name : extraProperties.keySet()) {
            if (FIXED_PROPERTIES.contains(name)) {
                throw new IllegalArgumentException("Producer property '%s' cannot be overridden: the event publisher fixes %s"
                        .formatted(name, FIXED_PROPERTIES.stream().sorted().toList()));
            }
        }
        Map<String, Object> properties = new HashMap<>();
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // at most 5 in flight keeps per-partition order under idempotent retries
        properties.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        // lz4: events are repetitive JSON-like records; lz4 compresses them well at little CPU cost on the edge
        properties.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        // a few milliseconds of batching cost little latency and give compression whole batches to work on
        properties.put(ProducerConfig.LINGER_MS_CONFIG, 10);
        properties.put(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
        properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
        properties.putAll(extraProperties);
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return properties;
    }

    /**
     * Sends one outcome. The future completes when Kafka acknowledged the record, or exceptionally when it did not;
     * a failure is also reported by the next {@link #flush()}.
     */
    public CompletableFuture<RecordMetadata> publish(EdgeOutcome outcome) {
        requireNonNull(outcome, "outcome is null");
        if (outcome instanceof Accepted accepted) {
            return publishEvent(accepted.contract(), accepted.record());
        }
        DeadLetter deadLetter = ((DeadLettered) outcome).deadLetter();
        return send(Contract.DEAD_LETTER, PartitionKeys.deadLetterKey(deadLetter), deadLetter,
                "dead letter " + deadLetter.getDeadLetterId());
    }

    /**
     * Sends a unit of input (one HTTP request) whose sender waits for it alone: the future completes when Kafka
     * acknowledged every record, or exceptionally with a {@link PublishFailedException} as soon as one failed.
     * Failures are reported only through this future, never by {@link #flush()}, so concurrent units on one
     * publisher neither wait for nor fail because of each other.
     */
    public CompletableFuture<Void> publishAll(List<? extends EdgeOutcome> outcomes) {
        requireNonNull(outcomes, "outcomes is null");
        CompletableFuture<?>[] sends = new CompletableFuture<?>[outcomes.size()];
        for (int i = 0; i < sends.length; i++) {
            EdgeOutcome outcome = requireNonNull(outcomes.get(i), "outcome is null");
            // failures of a unit are reported through its future only: no description, so flush() never sees them
            if (outcome instanceof Accepted accepted) {
                SpecificRecord event = accepted.record();
                sends[i] = send(accepted.contract(), PartitionKeys.eventKey(event), event, null);
            }
            else {
                DeadLetter deadLetter = ((DeadLettered) outcome).deadLetter();
                sends[i] = send(Contract.DEAD_LETTER, PartitionKeys.deadLetterKey(deadLetter), deadLetter, null);
            }
        }
        return CompletableFuture.allOf(sends).handle((ignored, failure) -> {
            if (failure == null) {
                return null;
            }
            Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            throw new PublishFailedException("Kafka did not acknowledge every record of a unit of %d record(s); the unit is not stored and must be published again: %s"
                    .formatted(sends.length, cause), 1, cause);
        });
    }

    /** Sends an accepted event of an event contract. Its identifiers must already be tokenized. */
    public CompletableFuture<RecordMetadata> publishEvent(Contract contract, SpecificRecord event) {
        requireNonNull(contract, "contract is null");
        requireNonNull(event, "event is null");
        if (!contract.isEvent()) {
            throw new IllegalArgumentException("Contract %s is not an event contract".formatted(contract));
        }
        Object eventId = event.get(event.getSchema().getField(Envelope.EVENT_ID).pos());
        return send(contract, PartitionKeys.eventKey(event), event, "event " + eventId);
    }

    /** Sends a record; its failure is also reported to {@link #flush()} under {@code description} unless that is null. */
    private CompletableFuture<RecordMetadata> send(Contract contract, String key, SpecificRecord value, String description) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(contract.topic(), null, key,
                ContractCodec.encode(contract, value),
                List.of(new RecordHeader(RecordHeaders.CONTRACT, RecordHeaders.utf8(contract.name())),
                        new RecordHeader(RecordHeaders.SCHEMA_FINGERPRINT, RecordHeaders.utf8(ContractCodec.fingerprint(contract)))));
        CompletableFuture<RecordMetadata> acknowledged = new CompletableFuture<>();
        producer.send(record, (metadata, exception) -> {
            if (exception == null) {
                acknowledged.complete(metadata);
                return;
            }
            // recorded before the future completes, so flush() cannot miss a failure it waited for
            if (description != null) {
                failures.add(new FailedSend(contract.topic() + " " + description, exception));
            }
            acknowledged.completeExceptionally(exception);
        });
        return acknowledged;
    }

    /**
     * Waits until every record sent so far is acknowledged or has failed, then throws if any send failed since the
     * previous call (from any thread).
     *
     * @throws PublishFailedException naming the failed records; they were not stored
     */
    public void flush() {
        producer.flush();
        throwIfAnyFailed();
    }

    /** Sends what is still buffered, waits for it, and closes the producer; throws like {@link #flush()}. */
    @Override
    public void close() {
        producer.close(Duration.ofMinutes(2));
        throwIfAnyFailed();
    }

    private void throwIfAnyFailed() {
        List<FailedSend> failed = new ArrayList<>();
        for (FailedSend failure = failures.poll(); failure != null; failure = failures.poll()) {
            failed.add(failure);
        }
        if (failed.isEmpty()) {
            return;
        }
        FailedSend first = failed.get(0);
        PublishFailedException exception = new PublishFailedException(
                "Kafka did not acknowledge %d published record(s), which are therefore not stored and must be published again; first: %s: %s"
                        .formatted(failed.size(), first.description(), first.cause()),
                failed.size(), first.cause());
        for (FailedSend other : failed.subList(1, Math.min(failed.size(), MAX_REPORTED_FAILURES))) {
            exception.addSuppressed(new RuntimeException(other.description(), other.cause()));
        }
        throw exception;
    }

    private record FailedSend(String description, Exception cause) {}
}
