package org.opencdp.streaming.ingest;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.data.Record;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.opencdp.platform.lakehouse.LakehouseTables;
import org.opencdp.platform.lakehouse.TableSpec;
import org.opencdp.schemas.contract.Contract;
import org.opencdp.streaming.io.ContractDeserializationSchema;
import org.opencdp.streaming.io.ContractKafkaSource;
import org.opencdp.streaming.io.ContractKafkaSource.StartingOffsets;
import org.opencdp.streaming.io.ContractRecord;
import org.opencdp.streaming.runtime.KafkaJobSettings;
import org.opencdp.streaming.testing.JobTestBed;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Raw ingest against a real broker, a real MiniCluster and real Iceberg tables: every accepted event and
 * every dead letter lands exactly once, across an injected failure, a stop-with-savepoint and a bounded run.
 */
@Timeout(240)
class RawIngestJobTest
{
    private static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(1);

    @RegisterExtension
    final JobTestBed bed = new JobTestBed().withWait(Duration.ofSeconds(120));

    @BeforeEach
    void resetInjectedFailure()
    {
        FailOnce.reset();
    }

    @Test
    void restoresFromTheLastCheckpointAfterAFailureWithoutLosingOrRepeatingARow()
            throws Exception
    {
        GeneratedEvents events = GeneratedEvents.generate(bed.config(), 40, 11);
        int half = events.size() / 2;
        GeneratedEvents first = events.slice(0, half);
        GeneratedEvents second = events.slice(half, events.size());
        bed.publish(first.outcomes());
        // fail half-way through the second half, which is produced only after a checkpoint has committed
        FailOnce.failAfter(half + (events.size() - half) / 2);

        Configuration flink = bed.flinkConfiguration(CHECKPOINT_INTERVAL);
        flink.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        flink.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 1);
        flink.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(500));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(flink);
        job().build(env, records -> records.map(new FailOnce()).name("fail once").uid("test-fail-once"));
        JobClient client = env.executeAsync("raw ingest with a failure");
        try {
            bed.await("a first commit", () -> snapshots(LakehouseTables.DEAD_LETTERS) > 0 && FailOnce.completedCheckpoints() > 0);
            bed.publish(second.outcomes());
            bed.await("the injected failure", FailOnce::failed);
            Map<Contract, Long> expected = events.expectedRows();
            bed.await("every row after the restart", () -> rowCounts().equals(expected));
            assertThat(client.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
        }
        finally {
            client.cancel().get(30, TimeUnit.SECONDS);
        }

        assertThat(FailOnce.failed()).isTrue();
        assertExactlyOnce(events.expectedRows());
    }

    @Test
    void continuesFromASavepointWithoutLosingOrRepeatingARow()
            throws Exception
    {
        GeneratedEvents events = GeneratedEvents.generate(bed.config(), 30, 12);
        int half = events.size() / 2;
        GeneratedEvents first = events.slice(0, half);
        GeneratedEvents second = events.slice(half, events.size());
        bed.publish(first.outcomes());

        StreamExecutionEnvironment env = bed.environment(CHECKPOINT_INTERVAL);
        job().build(env);
        JobClient client = env.executeAsync("raw ingest before the savepoint");
        String savepoint;
        try {
            bed.await("the first half", () -> rowCounts().equals(first.expectedRows()));
        }
        finally {
            savepoint = bed.stopWithSavepoint(client);
        }
        assertThat(rowCounts()).isEqualTo(first.expectedRows());
        bed.publish(second.outcomes());

        StreamExecutionEnvironment again = bed.environmentFromSavepoint(CHECKPOINT_INTERVAL, savepoint);
        job().build(again);
        JobClient resumed = again.executeAsync("raw ingest from the savepoint");
        try {
            bed.await("every row after resuming", () -> rowCounts().equals(events.expectedRows()));
        }
        finally {
            resumed.cancel().get(30, TimeUnit.SECONDS);
        }

        assertExactlyOnce(events.expectedRows());
        // the resumed run wrote the second half under its own run id
        assertThat(distinct(LakehouseTables.RAW_WEB_EVENTS, "_ingest.batch_id")).hasSize(2);
    }

    @Test
    void boundedRunWritesEveryRecordAndDeadLettersUndecodableValuesWithTheirBytes()
            throws Exception
    {
        GeneratedEvents events = GeneratedEvents.generate(bed.config(), 20, 13);
        bed.publish(events.outcomes());
        byte[] garbage = "not an avro record".getBytes(StandardCharsets.UTF_8);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bed.bootstrapServers()), new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Contract.POS_TRANSACTION.topic(), garbage)).get(30, TimeUnit.SECONDS);
        }

        StreamExecutionEnvironment env = bed.environment(CHECKPOINT_INTERVAL);
        job(bed.kafkaSettings().withBounded(true)).build(env);
        env.execute("bounded raw ingest");

        Map<Contract, Long> expected = new EnumMap<>(events.expectedRows());
        expected.merge(Contract.DEAD_LETTER, 1L, Long::sum);
        assertExactlyOnce(expected);

        List<Record> deadLetters = bed.rows(LakehouseTables.DEAD_LETTERS);
        assertThat(deadLetters).allSatisfy(row -> assertThat(((ByteBuffer) row.getField("original_payload")).remaining()).isPositive());
        Record undecodable = deadLetters.stream().filter(row -> "stream".equals(row.getField("stage"))).findFirst().orElseThrow();
        assertThat(undecodable.getField("reason_code")).isEqualTo(ContractDeserializationSchema.SCHEMA_MISMATCH);
        assertThat(undecodable.getField("source")).isEqualTo("pos");
        assertThat(bytes((ByteBuffer) undecodable.getField("original_payload"))).isEqualTo(garbage);
        assertThat((String) ((Record) undecodable.getField("_ingest")).getField("origin")).startsWith(Contract.POS_TRANSACTION.topic() + "/");
    }

    @Test
    void aSecondBoundedRunStartsWhereTheFirstStopped()
            throws Exception
    {
        GeneratedEvents events = GeneratedEvents.generate(bed.config(), 30, 17);
        int half = events.size() / 2;
        KafkaJobSettings bounded = bed.kafkaSettings().withStartingOffsets(StartingOffsets.COMMITTED_OR_EARLIEST).withBounded(true);

        bed.publish(events.slice(0, half).outcomes());
        StreamExecutionEnvironment env = bed.environment(CHECKPOINT_INTERVAL);
        ContractKafkaSource.Builder firstRun = job(bounded).build(env);
        env.execute("first bounded raw ingest");
        firstRun.commitStopOffsets();
        assertThat(bed.committedOffsets(RawIngestJob.GROUP_ID)).isEqualTo(firstRun.stopOffsets());

        bed.publish(events.slice(half, events.size()).outcomes());
        env = bed.environment(CHECKPOINT_INTERVAL);
        job(bounded).build(env);
        env.execute("second bounded raw ingest");

        // the second run read only what was produced after the first one stopped: every row once
        assertExactlyOnce(events.expectedRows());
    }

    private void assertExactlyOnce(Map<Contract, Long> expected)
    {
        Map<Contract, Long> counted = new EnumMap<>(Contract.class);
        for (Map.Entry<Contract, Long> entry : expected.entrySet()) {
            TableSpec table = LakehouseTables.raw(entry.getKey());
            String key = entry.getKey() == Contract.DEAD_LETTER ? "dead_letter_id" : "event_id";
            List<Record> rows = bed.rows(table);
            assertThat(rows).as(table.name()).hasSize(Math.toIntExact(entry.getValue()));
            assertThat(rows.stream().map(row -> row.getField(key)).distinct().count()).as("distinct " + key + " of " + table.name())
                    .isEqualTo(entry.getValue());
            // every Kafka position once: nothing read twice into a committed file
            assertThat(rows.stream().map(row -> ((Record) row.getField("_ingest")).getField("origin")).distinct().count())
                    .as("distinct origins of " + table.name()).isEqualTo(entry.getValue());
            counted.put(entry.getKey(), (long) rows.size());
        }
        assertThat(counted).isEqualTo(expected);
    }

    private RawIngestJob job()
    {
        return job(bed.kafkaSettings());
    }

    private static RawIngestJob job(KafkaJobSettings kafka)
    {
        return new RawIngestJob(RawIngestJob.Settings.of(kafka));
    }

    private Map<Contract, Long> rowCounts()
    {
        Map<Contract, Long> counts = new EnumMap<>(Contract.class);
        for (Contract contract : RawIngestJob.defaultContracts()) {
            long rows = bed.rowCount(LakehouseTables.raw(contract));
            if (rows > 0) {
                counts.put(contract, rows);
            }
        }
        return counts;
    }

    private long snapshots(TableSpec spec)
    {
        long count = 0;
        for (Snapshot ignored : bed.table(spec).snapshots()) {
            count++;
        }
        return count;
    }

    private Set<Object> distinct(TableSpec spec, String ingestField)
    {
        Set<Object> values = new HashSet<>();
        String field = ingestField.substring(ingestField.indexOf('.') + 1);
        for (Record row : bed.rows(spec)) {
            values.add(((Record) row.getField("_ingest")).getField(field));
        }
        return values;
    }

    private static byte[] bytes(ByteBuffer buffer)
    {
        ByteBuffer view = buffer.duplicate();
        byte[] bytes = new byte[view.remaining()];
        view.get(bytes);
        return bytes;
    }

    /** Passes records through and throws once, after a checkpoint completed and a number of records went by. */
    static final class FailOnce
            extends RichMapFunction<ContractRecord, ContractRecord>
            implements CheckpointListener
    {
        private static final AtomicLong SEEN = new AtomicLong();
        private static final AtomicLong COMPLETED_CHECKPOINTS = new AtomicLong();
        private static final AtomicLong FAIL_AFTER = new AtomicLong(Long.MAX_VALUE);
        private static final AtomicBoolean FAILED = new AtomicBoolean();

        static void reset()
        {
            SEEN.set(0);
            COMPLETED_CHECKPOINTS.set(0);
            FAIL_AFTER.set(Long.MAX_VALUE);
            FAILED.set(false);
        }

        static void failAfter(long records)
        {
            FAIL_AFTER.set(records);
        }

        static boolean failed()
        {
            return FAILED.get();
        }

        static long completedCheckpoints()
        {
            return COMPLETED_CHECKPOINTS.get();
        }

        @Override
        public ContractRecord map(ContractRecord record)
        {
            if (SEEN.incrementAndGet() > FAIL_AFTER.get() && COMPLETED_CHECKPOINTS.get() > 0 && FAILED.compareAndSet(false, true)) {
                throw new IllegalStateException("Injected failure after " + FAIL_AFTER.get() + " records");
            }
            return record;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId)
        {
            COMPLETED_CHECKPOINTS.incrementAndGet();
        }
    }
}
