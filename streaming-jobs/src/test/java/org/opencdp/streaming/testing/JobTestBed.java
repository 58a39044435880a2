package org.opencdp.streaming.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.opencdp.infra.kafka.EmbeddedKafkaBroker;
import org.opencdp.ingestion.kafka.KafkaEventPublisher;
import org.opencdp.ingestion.kafka.TopicAdmin;
import org.opencdp.platform.catalog.Catalogs;
import org.opencdp.platform.config.CdpConfig;
import org.opencdp.platform.lakehouse.Lakehouse;
import org.opencdp.platform.lakehouse.TableSpec;
import org.opencdp.schemas.contract.Contract;
import org.opencdp.streaming.runtime.FlinkRuntime;
import org.opencdp.streaming.runtime.FlinkRuntimeSettings;

/**
 * What the job tests run against: a real Kafka broker on loopback with every contract topic (two partitions),
 * and the lakehouse of a temporary CDP home (Iceberg JdbcCatalog on SQLite) with every table created.
 */
public final class JobTestBed
        implements AutoCloseable
{
    public static final Duration WAIT = Duration.ofSeconds(90);

    private final EmbeddedKafkaBroker broker;
    private final CdpConfig config;
    private final Catalog catalog;

    private JobTestBed(EmbeddedKafkaBroker broker, CdpConfig config, Catalog catalog)
    {
        this.broker = broker;
        this.config = config;
        this.catalog = catalog;
    }

    public static JobTestBed start(Path home)
            throws Exception
    {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
        TopicAdmin.ensureTopics(broker.bootstrapServers(), 2);
        CdpConfig config = CdpConfig.forHome(home);
        Catalog catalog = Catalogs.open(config.catalog());
        new Lakehouse(catalog).init();
        return new JobTestBed(broker, config, catalog);
    }

    public CdpConfig config()
    {
        return config;
    }

    public String bootstrapServers()
    {
        return broker.bootstrapServers();
    }

    /** The embedded runtime with a checkpoint every {@code checkpointInterval} and no restarts (a failure fails the test). */
    public FlinkRuntime runtime(Duration checkpointInterval)
    {
        return new FlinkRuntime(FlinkRuntimeSettings.from(config)
                .withRestPort(0)
                .withCheckpointInterval(checkpointInterval)
                .withRestartStrategy("none"));
    }

    /** Publishes events to their contract's topic as the ingestion edge does, and waits for Kafka's acknowledgements. */
    public void publish(Contract contract, List<? extends SpecificRecord> events)
    {
        try (KafkaEventPublisher publisher = new KafkaEventPublisher(broker.bootstrapServers())) {
            events.forEach(event -> publisher.publishEvent(contract, event));
            publisher.flush();
        }
    }

    /** Every row of a table as Iceberg's generic reader returns it (equality and position deletes applied). */
    public List<Record> rows(TableSpec spec)
    {
        Table table = catalog.loadTable(spec.identifier());
        List<Record> rows = new ArrayList<>();
        try (CloseableIterable<Record> records = IcebergGenerics.read(table).build()) {
            records.forEach(record -> rows.add(record.copy()));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    /** Rows of the current snapshot by its summary, without reading files. */
    public long rowCount(TableSpec spec)
    {
        Snapshot snapshot = catalog.loadTable(spec.identifier()).currentSnapshot();
        return snapshot == null ? 0 : Long.parseLong(snapshot.summary().getOrDefault("total-records", "0"));
    }

    /**
     * Whether the consumer group has committed the end offset of every partition of the topics. Flink's Kafka
     * source commits offsets when a checkpoint completes, so everything before them is in that checkpoint.
     */
    public boolean consumedToTheEnd(String groupId, List<Contract> contracts)
    {
        Map<String, Object> properties = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        try (Admin admin = Admin.create(properties)) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (Contract contract : contracts) {
                admin.describeTopics(List.of(contract.topic())).allTopicNames().get(10, TimeUnit.SECONDS).get(contract.topic())
                        .partitions().forEach(partition -> latest.put(new TopicPartition(contract.topic(), partition.partition()), OffsetSpec.latest()));
            }
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            var ends = admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
            for (var end : ends.entrySet()) {
                long endOffset = end.getValue().offset();
                OffsetAndMetadata offset = committed.get(end.getKey());
                if (endOffset > 0 && (offset == null || offset.offset() < endOffset)) {
                    return false;
                }
            }
            return true;
        }
        catch (Exception e) {
            throw new IllegalStateException("Could not compare committed and end offsets of group " + groupId, e);
        }
    }

    /** Polls every 200 ms until the condition holds; fails naming what was awaited after {@link #WAIT}. */
    public static void await(String what, BooleanSupplier condition)
            throws InterruptedException
    {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out after " + WAIT + " waiting for " + what);
            }
            Thread.sleep(200);
        }
    }

    /** Like {@link #await(String, BooleanSupplier)}, but fails at once when the job has failed or ended. */
    public static void await(String what, JobClient job, BooleanSupplier condition)
            throws Exception
    {
        await(what, () -> {
            JobStatus status;
            try {
                status = job.getJobStatus().get(30, TimeUnit.SECONDS);
            }
            catch (Exception e) {
                throw new AssertionError("Could not get the status of job " + job.getJobID() + " while waiting for " + what, e);
            }
            if (status.isTerminalState()) {
                Throwable failure = null;
                try {
                    job.getJobExecutionResult().get(30, TimeUnit.SECONDS);
                }
                catch (Exception e) {
                    failure = e;
                }
                throw new AssertionError("Job " + job.getJobID() + " is " + status + " while waiting for " + what, failure);
            }
            return condition.getAsBoolean();
        });
    }

    @Override
    public void close()
            throws Exception
    {
        try {
            if (catalog instanceof AutoCloseable closeable) {
                closeable.close();
            }
        }
        finally {
            broker.close();
        }
    }
}
