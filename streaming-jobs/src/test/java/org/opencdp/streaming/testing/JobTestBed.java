package org.opencdp.streaming.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.FileUtils;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opencdp.infra.kafka.EmbeddedKafkaBroker;
import org.opencdp.ingestion.edge.EdgeOutcome;
import org.opencdp.ingestion.kafka.KafkaEventPublisher;
import org.opencdp.ingestion.kafka.TopicAdmin;
import org.opencdp.platform.catalog.Catalogs;
import org.opencdp.platform.config.CdpConfig;
import org.opencdp.platform.lakehouse.Lakehouse;
import org.opencdp.platform.lakehouse.TableSpec;
import org.opencdp.schemas.contract.Contract;
import org.opencdp.streaming.io.ContractKafkaSource.StartingOffsets;
import org.opencdp.streaming.runtime.FlinkRuntime;
import org.opencdp.streaming.runtime.FlinkRuntimeSettings;
import org.opencdp.streaming.runtime.KafkaJobSettings;

/**
 * What the job tests run against, fresh for every test: a real Kafka broker on loopback with every contract topic
 * (two partitions), the lakehouse of a temporary CDP home (Iceberg JdbcCatalog on SQLite) with every table
 * created, and embedded Flink environments on that home. A test class registers it as a field:
 * {@code @RegisterExtension final JobTestBed bed = new JobTestBed();}
 */
public final class JobTestBed
        implements BeforeEachCallback, AfterEachCallback
{
    private static final Duration DEFAULT_WAIT = Duration.ofSeconds(90);

    private final boolean withKafka;
    private final Duration wait;

    private Path home;
    private EmbeddedKafkaBroker broker;
    private CdpConfig config;
    private Catalog catalog;

    /** A broker and a lakehouse; {@code await} gives up after 90 s. */
    public JobTestBed()
    {
        this(true, DEFAULT_WAIT);
    }

    private JobTestBed(boolean withKafka, Duration wait)
    {
        this.withKafka = withKafka;
        this.wait = wait;
    }

    /** Only the lakehouse and Flink, for tests that do not read Kafka. */
    public static JobTestBed withoutKafka()
    {
        return new JobTestBed(false, DEFAULT_WAIT);
    }

    /** The same bed, with {@code await} giving up after {@code wait}. */
    public JobTestBed withWait(Duration wait)
    {
        return new JobTestBed(withKafka, wait);
    }

    @Override
    public void beforeEach(ExtensionContext context)
            throws Exception
    {
        home = Files.createTempDirectory("cdp-job-test");
        if (withKafka) {
            broker = EmbeddedKafkaBroker.start();
            TopicAdmin.ensureTopics(broker.bootstrapServers(), 2);
        }
        config = CdpConfig.forHome(home);
        catalog = Catalogs.open(config.catalog());
        new Lakehouse(catalog).init();
    }

    @Override
    public void afterEach(ExtensionContext context)
            throws Exception
    {
        // also after a set-up that failed half-way
        try {
            if (catalog instanceof AutoCloseable closeable) {
                closeable.close();
            }
        }
        finally {
            try {
                if (broker != null) {
                    broker.close();
                }
            }
            finally {
                if (home != null) {
                    FileUtils.deleteDirectory(home.toFile());
                }
            }
        }
    }

    public CdpConfig config()
    {
        return config;
    }

    public Catalog catalog()
    {
        return catalog;
    }

    public String bootstrapServers()
    {
        if (broker == null) {
            throw new IllegalStateException("This test bed has no Kafka broker");
        }
        return broker.bootstrapServers();
    }

    /** Settings of a job under test: this broker and lakehouse, reading from the earliest offsets. */
    public KafkaJobSettings kafkaSettings()
    {
        return KafkaJobSettings.from(config)
                .withBootstrapServers(bootstrapServers())
                .withStartingOffsets(StartingOffsets.EARLIEST);
    }

    /** The embedded runtime's configuration with a checkpoint every {@code checkpointInterval} and no restarts (a failure fails the test). */
    public Configuration flinkConfiguration(Duration checkpointInterval)
    {
        return new FlinkRuntime(FlinkRuntimeSettings.from(config)
                .withRestPort(0)
                .withCheckpointInterval(checkpointInterval)
                .withRestartStrategy("none"))
                .configuration();
    }

    /** An environment whose jobs run on a MiniCluster of {@link #flinkConfiguration(Duration)}. */
    public StreamExecutionEnvironment environment(Duration checkpointInterval)
    {
        return StreamExecutionEnvironment.createLocalEnvironment(flinkConfiguration(checkpointInterval));
    }

    /** Like {@link #environment(Duration)}, for a job that starts from a savepoint. */
    public StreamExecutionEnvironment environmentFromSavepoint(Duration checkpointInterval, String savepoint)
    {
        Configuration configuration = flinkConfiguration(checkpointInterval);
        configuration.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        return StreamExecutionEnvironment.createLocalEnvironment(configuration);
    }

    /** Stops the job with a savepoint under the home and returns the savepoint's path. */
    public String stopWithSavepoint(JobClient job)
            throws Exception
    {
        return job.stopWithSavepoint(false, home.resolve("savepoints").toUri().toString(), SavepointFormatType.CANONICAL)
                .get(60, TimeUnit.SECONDS);
    }

    /** Publishes events to their contract's topic as the ingestion edge does, and waits for Kafka's acknowledgements. */
    public void publish(Contract contract, List<? extends SpecificRecord> events)
    {
        publish(publisher -> events.forEach(event -> publisher.publishEvent(contract, event)));
    }

    /** Publishes what the ingestion edge decided (accepted events and dead letters), and waits for Kafka's acknowledgements. */
    public void publish(List<EdgeOutcome> outcomes)
    {
        publish(publisher -> outcomes.forEach(publisher::publish));
    }

    private void publish(Consumer<KafkaEventPublisher> sends)
    {
        try (KafkaEventPublisher publisher = new KafkaEventPublisher(bootstrapServers())) {
            sends.accept(publisher);
            publisher.flush();
        }
    }

    public Table table(TableSpec spec)
    {
        return catalog.loadTable(spec.identifier());
    }

    /** Every row of a table as Iceberg's generic reader returns it (equality and position deletes applied). */
    public List<Record> rows(TableSpec spec)
    {
        List<Record> rows = new ArrayList<>();
        try (CloseableIterable<Record> records = IcebergGenerics.read(table(spec)).build()) {
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
        Snapshot snapshot = table(spec).currentSnapshot();
        return snapshot == null ? 0 : Long.parseLong(snapshot.summary().getOrDefault("total-records", "0"));
    }

    /** The offsets the consumer group has committed, for the partitions it has committed. */
    public Map<TopicPartition, Long> committedOffsets(String groupId)
    {
        try (Admin admin = admin()) {
            Map<TopicPartition, Long> offsets = new HashMap<>();
            admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS)
                    .forEach((partition, offset) -> {
                        if (offset != null) {
                            offsets.put(partition, offset.offset());
                        }
                    });
            return offsets;
        }
        catch (Exception e) {
            throw new IllegalStateException("Could not list the committed offsets of group " + groupId, e);
        }
    }

    /**
     * Whether the consumer group has committed the end offset of every partition of the topics. Flink's Kafka
     * source commits offsets when a checkpoint completes, so everything before them is in that checkpoint.
     */
    public boolean consumedToTheEnd(String groupId, List<Contract> contracts)
    {
        Map<TopicPartition, Long> committed = committedOffsets(groupId);
        try (Admin admin = admin()) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (Contract contract : contracts) {
                admin.describeTopics(List.of(contract.topic())).allTopicNames().get(10, TimeUnit.SECONDS).get(contract.topic())
                        .partitions().forEach(partition -> latest.put(new TopicPartition(contract.topic(), partition.partition()), OffsetSpec.latest()));
            }
            var ends = admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
            for (var end : ends.entrySet()) {
                long endOffset = end.getValue().offset();
                Long offset = committed.get(end.getKey());
                if (endOffset > 0 && (offset == null || offset < endOffset)) {
                    return false;
                }
            }
            return true;
        }
        catch (Exception e) {
            throw new IllegalStateException("Could not compare committed and end offsets of group " + groupId, e);
        }
    }

    private Admin admin()
    {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
    }

    /** Polls every 200 ms until the condition holds; fails naming what was awaited after the bed's wait. */
    public void await(String what, BooleanSupplier condition)
            throws InterruptedException
    {
        long deadline = System.nanoTime() + wait.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out after " + wait + " waiting for " + what);
            }
            Thread.sleep(200);
        }
    }

    /** Like {@link #await(String, BooleanSupplier)}, but fails at once when the job has failed or ended. */
    public void await(String what, JobClient job, BooleanSupplier condition)
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
}
