package org.opencdp.ingestion.collector;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.specific.SpecificRecord;
import org.opencdp.ingestion.decode.Rejection;
import org.opencdp.ingestion.edge.Accepted;
import org.opencdp.ingestion.edge.ClearContact;
import org.opencdp.ingestion.edge.DeadLettered;
import org.opencdp.ingestion.edge.EdgeBatch;
import org.opencdp.ingestion.edge.EdgeOutcome;
import org.opencdp.ingestion.edge.EdgePipeline;
import org.opencdp.ingestion.edge.IngestStage;
import org.opencdp.ingestion.kafka.KafkaEventPublisher;
import org.opencdp.ingestion.vault.ContactVault;
import org.opencdp.schemas.contract.Envelope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The collector without HTTP: one batch through the edge pipeline, contact points into the vault, every outcome
 * (accepted events and dead letters) to Kafka, and a result per event once Kafka acknowledged all of them. When Kafka
 * does not acknowledge within the timeout the batch is refused as a whole (503): nothing is reported accepted, and
 * the client's retry is safe (same dead-letter ids, event ids de-duplicated downstream). Thread-safe.
 */
final class EventCollector {
    private static final Logger LOG = LoggerFactory.getLogger(EventCollector.class);
    private static final long RETRY_AFTER_SECONDS = 5;

    private final EdgePipeline pipeline;
    private final KafkaEventPublisher publisher;
    private final ContactVault vault;
    private final Duration ackTimeout;
    private final CollectorMetrics metrics;

    EventCollector(EdgePipeline pipeline, KafkaEventPublisher publisher, ContactVault vault, Duration ackTimeout, CollectorMetrics metrics) {
        this.pipeline = requireNonNull(pipeline, "pipeline is null");
        this.publisher = requireNonNull(publisher, "publisher is null");
        this.vault = requireNonNull(vault, "vault is null");
        this.ackTimeout = requireNonNull(ackTimeout, "ackTimeout is null");
        this.metrics = requireNonNull(metrics, "metrics is null");
    }

    List<EventResult> collect(BatchEnvelope envelope, String batchId) {
        List<ClearContact> contacts = new ArrayList<>();
        EdgeBatch batch = pipeline.newBatch(batchId, IngestStage.COLLECTOR, contacts::add);
        List<EdgeOutcome> outcomes = new ArrayList<>(envelope.events().size());
        List<EventResult> results = new ArrayList<>(envelope.events().size());
        int acceptedCount = 0;
        for (byte[] event : envelope.events()) {
            int index = outcomes.size();
            EdgeOutcome outcome = batch.process(envelope.source(), event);
            outcomes.add(outcome);
            if (outcome instanceof Accepted accepted) {
                acceptedCount++;
                results.add(EventResult.accepted(index, eventId(accepted.record())));
            }
            else {
                Rejection rejection = ((DeadLettered) outcome).rejection();
                results.add(new EventResult(index, rejection.eventId(), false, rejection.reasonCode().name(),
                        rejection.fieldPath(), rejection.message()));
            }
        }
        // the vault first: an event on a topic always has its contact point stored
        try {
            vault.store(contacts);
        }
        catch (RuntimeException e) {
            LOG.error("Contact vault write failed for batch {}; answering 503", batchId, e);
            throw unavailable("VAULT_UNAVAILABLE", "The contact vault is not writable; retry later", e);
        }
        awaitAcknowledgement(outcomes, batchId);
        metrics.accepted(envelope.source(), acceptedCount);
        for (EdgeOutcome outcome : outcomes) {
            if (outcome instanceof DeadLettered deadLettered) {
                metrics.rejected(envelope.source(), deadLettered.rejection().reasonCode());
            }
        }
        return results;
    }

    private void awaitAcknowledgement(List<EdgeOutcome> outcomes, String batchId) {
        CompletableFuture<Void> acknowledged;
        try {
            acknowledged = publisher.publishAll(outcomes);
        }
        catch (RuntimeException e) {
            LOG.warn("Kafka refused batch {}: {}", batchId, e.toString());
            throw unavailable("KAFKA_UNAVAILABLE", "Kafka is not available; retry later", e);
        }
        try {
            acknowledged.get(ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (ExecutionException e) {
            LOG.warn("Kafka did not acknowledge batch {}: {}", batchId, e.getCause().toString());
            throw unavailable("KAFKA_UNAVAILABLE", "Kafka did not acknowledge the batch; nothing of it is accepted, retry later", e.getCause());
        }
        catch (TimeoutException e) {
            LOG.warn("Kafka did not acknowledge batch {} within {}", batchId, ackTimeout);
            throw unavailable("KAFKA_UNAVAILABLE", "Kafka did not acknowledge the batch within " + ackTimeout.toSeconds() + "s; nothing of it is accepted, retry later", e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("SHUTTING_DOWN", "The collector is shutting down; retry later", e);
        }
    }

    private static CollectorRejection unavailable(String code, String message, Throwable cause) {
        return new CollectorRejection(503, code, message, OptionalLong.of(RETRY_AFTER_SECONDS), cause);
    }

    private static String eventId(SpecificRecord record) {
        return String.valueOf(record.get(record.getSchema().getField(Envelope.EVENT_ID).pos()));
    }
}
