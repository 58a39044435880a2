package org.opencdp.launcher.cli;

import org.opencdp.launcher.edge.EdgePipelines;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.opencdp.ingestion.edge.Accepted;
import org.opencdp.ingestion.edge.EdgeBatch;
import org.opencdp.ingestion.edge.EdgeOutcome;
import org.opencdp.ingestion.edge.EdgePipeline;
import org.opencdp.ingestion.edge.IngestStage;
import org.opencdp.ingestion.kafka.KafkaEventPublisher;
import org.opencdp.ingestion.kafka.TopicAdmin;
import org.opencdp.platform.config.CdpConfig;
import org.opencdp.platform.generator.EventSink;
import org.opencdp.platform.generator.OmoSource;
import org.opencdp.schemas.contract.Contract;

/**
 * Sends generated lines through the edge pipeline to Kafka, exactly as the collector will: accepted
 * events to their source topic, rejections to the dead-letter topic.
 */
final class KafkaSink implements EventSink, AutoCloseable {
    private final EdgeBatch batch;
    private final KafkaEventPublisher publisher;
    private final Map<String, Long> recordsByTopic = new TreeMap<>();

    KafkaSink(CdpConfig config, String bootstrapServers) {
        TopicAdmin.ensureTopics(bootstrapServers, config.kafka().defaultPartitions());
        EdgePipeline pipeline = EdgePipelines.of(config);
        this.batch = pipeline.newBatch("generate-" + System.currentTimeMillis(), IngestStage.IMPORTER);
        this.publisher = new KafkaEventPublisher(bootstrapServers);
    }

    @Override
    public void accept(OmoSource source, byte[] line) {
        EdgeOutcome outcome = batch.process(source.contract(), line);
        String topic = outcome instanceof Accepted accepted ? accepted.contract().topic() : Contract.DEAD_LETTER.topic();
        recordsByTopic.merge(topic, 1L, Long::sum);
        publisher.publish(outcome);
    }

    void flush() {
        publisher.flush();
    }

    void printTopics(PrintWriter out) {
        out.println("Acknowledged by Kafka:");
        recordsByTopic.forEach((topic, records) -> out.printf(Locale.ROOT, "  %-26s %,10d records%n", topic, records));
        out.flush();
    }


    @Override
    public void close() {
        publisher.close();
    }
}
