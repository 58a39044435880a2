package org.opencdp.streaming.core;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.apache.avro.Schema.Field;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.util.Collector;
import org.apache.iceberg.flink.CatalogLoader;
import org.opencdp.platform.config.CdpConfig;
import org.opencdp.platform.lakehouse.LakehouseTables;
import org.opencdp.schemas.contract.Contract;
import org.opencdp.schemas.contract.Envelope;
import org.opencdp.streaming.io.ContractKafkaSource;
import org.opencdp.streaming.io.ContractRecord;
import org.opencdp.streaming.io.IcebergSinks;
import org.opencdp.streaming.io.IcebergSinks.SinkOptions;
import org.opencdp.streaming.runtime.IcebergCatalogLoaders;
import org.opencdp.streaming.runtime.JobArguments;
import org.opencdp.streaming.runtime.KafkaJobSettings;
import org.opencdp.streaming.runtime.StreamJobs;

import static java.util.Objects.requireNonNull;

/**
 * Job 2, canonical events: the events of every source topic (web, app, mini-program, POS, consent) normalised
 * into {@code core.events} ({@link CanonicalEvents}), deduplicated on {@code event_id} and with late arrivals
 * flagged.
 *
 * <p>Pipeline: {@code Kafka (every event topic, event-time watermarks) → canonicalise → key by event_id →
 * deduplicate and flag late rows ({@link DeduplicateRows}) → Iceberg append}. Event ids are remembered for the
 * deduplication horizon (48 h by default) in keyed state that checkpoints and savepoints carry, so duplicates
 * are dropped across restarts too. Watermarks trail the highest event time by the allowed out-of-orderness; a
 * row at or behind the watermark still lands, with {@code is_late = true}. A partition without records for the
 * idle timeout stops holding the watermark back. Records the source could not decode are left to the raw
 * ingest job, which dead-letters them.
 */
public final class CoreEventsJob
{
    public static final String NAME = "core-events";
    public static final String GROUP_ID = "cdp-core-events";
    public static final String SOURCE_UID = "core-events-kafka";
    public static final String CANONICALISE_UID = "core-events-canonicalise";
    public static final String DEDUPLICATE_UID = "core-events-deduplicate";
    public static final String SINK_UID_PREFIX = "core-events-sink";

    public static final Duration DEFAULT_MAX_OUT_OF_ORDERNESS = Duration.ofMinutes(5);
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(1);

    private static final List<String> OPTIONS = List.of("dedup-horizon", "max-out-of-orderness", "idle-timeout");
    private static final String USAGE = "usage: " + NAME + " " + JobArguments.COMMON_USAGE
            + " [--dedup-horizon 48h] [--max-out-of-orderness 5min] [--idle-timeout 1min]";

    /**
     * @param kafka where the job reads and writes, and how long an event id is remembered after it first arrived
     * @param maxOutOfOrderness how far behind the highest event time seen an event may be and still be on time
     * @param idleTimeout after how long without records a partition stops holding back the watermark
     */
    public record Settings(KafkaJobSettings kafka, Duration maxOutOfOrderness, Duration idleTimeout)
    {
        public Settings
        {
            requireNonNull(kafka, "kafka is null");
            requireNonNull(maxOutOfOrderness, "maxOutOfOrderness is null");
            if (maxOutOfOrderness.isNegative()) {
                throw new IllegalArgumentException("Maximum out-of-orderness must not be negative, got " + maxOutOfOrderness);
            }
            requireNonNull(idleTimeout, "idleTimeout is null");
            if (idleTimeout.isNegative() || idleTimeout.isZero()) {
                throw new IllegalArgumentException("The idle timeout must be positive, got " + idleTimeout);
            }
        }

        /** The default watermarks: {@link #DEFAULT_MAX_OUT_OF_ORDERNESS} out of order, {@link #DEFAULT_IDLE_TIMEOUT} idle. */
        public static Settings of(KafkaJobSettings kafka)
        {
            return new Settings(kafka, DEFAULT_MAX_OUT_OF_ORDERNESS, DEFAULT_IDLE_TIMEOUT);
        }

        public Settings withMaxOutOfOrderness(Duration maxOutOfOrderness)
        {
            return new Settings(kafka, maxOutOfOrderness, idleTimeout);
        }

        public Settings withIdleTimeout(Duration idleTimeout)
        {
            return new Settings(kafka, maxOutOfOrderness, idleTimeout);
        }
    }

    private final Settings settings;

    public CoreEventsJob(Settings settings)
    {
        this.settings = requireNonNull(settings, "settings is null");
    }

    /**
     * Adds the job to the environment; the table {@code core.events} must exist.
     * Returns the source's builder: after a bounded run, {@link ContractKafkaSource.Builder#commitStopOffsets()} records
     * where it stopped.
     */
    public ContractKafkaSource.Builder build(StreamExecutionEnvironment env)
    {
        requireNonNull(env, "env is null");
        KafkaJobSettings kafka = settings.kafka();
        CoreEventRows rows = new CoreEventRows(StreamJobs.currentSchema(kafka.catalog(), LakehouseTables.CORE_EVENTS));
        InternalTypeInfo<RowData> rowType = InternalTypeInfo.of(rows.rowType());

        WatermarkStrategy<ContractRecord> watermarks = WatermarkStrategy
                .<ContractRecord>forBoundedOutOfOrderness(settings.maxOutOfOrderness())
                .withTimestampAssigner((record, kafkaTimestamp) -> eventTimeMillis(record, kafkaTimestamp))
                .withIdleness(settings.idleTimeout());
        ContractKafkaSource.Builder source = kafka.source(GROUP_ID, Contract.events());
        DataStream<ContractRecord> records = env
                .fromSource(source.build(), watermarks, "kafka: event topics")
                .uid(SOURCE_UID);

        DataStream<RowData> canonical = records
                .process(new Canonicalise(rows), rowType)
                .name("canonicalise")
                .uid(CANONICALISE_UID);

        DataStream<RowData> deduplicated = canonical
                .keyBy(rows::eventId, Types.STRING)
                .process(new DeduplicateRows(kafka.dedupHorizon(), rows::finish), rowType)
                .name("deduplicate on event_id, flag late")
                .uid(DEDUPLICATE_UID);

        CatalogLoader catalogLoader = IcebergCatalogLoaders.forCatalog(kafka.catalog().name(), kafka.catalog().properties());
        IcebergSinks.append(LakehouseTables.CORE_EVENTS, catalogLoader, deduplicated, SinkOptions.uidPrefix(SINK_UID_PREFIX));
        return source;
    }

    /** Event time of an event record; the Kafka timestamp for anything else (a dead letter of the source). */
    static long eventTimeMillis(ContractRecord record, long kafkaTimestamp)
    {
        SpecificRecord value = record.record();
        Field field = value.getSchema().getField(Envelope.EVENT_TIME);
        if (field != null && value.get(field.pos()) instanceof Instant eventTime) {
            return eventTime.toEpochMilli();
        }
        return record.origin().timestamp() >= 0 ? record.origin().timestamp() : kafkaTimestamp;
    }

    /** Event records become {@code core.events} rows; records of other contracts are not events and are skipped. */
    private static final class Canonicalise
            extends ProcessFunction<ContractRecord, RowData>
    {
        private static final long serialVersionUID = 1L;

        private final CoreEventRows rows;

        Canonicalise(CoreEventRows rows)
        {
            this.rows = rows;
        }

        @Override
        public void processElement(ContractRecord record, Context context, Collector<RowData> out)
        {
            if (record.contract().isEvent()) {
                out.collect(rows.toRow(CanonicalEvents.of(record.record())));
            }
        }
    }

    /** {@code CoreEventsJob [--config FILE] [--home DIR] [--starting-offsets ...] [--bounded] [--dedup-horizon 48h] ...}. */
    public static void main(String[] args)
            throws Exception
    {
        Optional<JobArguments> parsed = JobArguments.parseOrExit(NAME, USAGE, args, OPTIONS);
        if (parsed.isEmpty()) {
            return;
        }
        JobArguments arguments = parsed.get();
        CdpConfig config = arguments.loadConfig(System.getenv());
        KafkaJobSettings kafka = KafkaJobSettings.from(config, arguments);
        Settings settings = Settings.of(kafka)
                .withMaxOutOfOrderness(arguments.duration("max-out-of-orderness", DEFAULT_MAX_OUT_OF_ORDERNESS))
                .withIdleTimeout(arguments.duration("idle-timeout", DEFAULT_IDLE_TIMEOUT));
        StreamJobs.checkKafkaReachable(kafka.bootstrapServers());
        StreamJobs.initLakehouse(config.catalog());
        StreamExecutionEnvironment env = StreamJobs.environment(config);
        ContractKafkaSource.Builder source = new CoreEventsJob(settings).build(env);
        System.out.printf(Locale.ROOT, "%s: reading %s from %s into %s%s%n", NAME, Contract.events().stream().map(Contract::topic).toList(),
                kafka.bootstrapServers(), LakehouseTables.CORE_EVENTS.name(), kafka.bounded() ? " up to the latest offsets" : "");
        env.execute("cdp " + NAME);
        source.commitStopOffsets();
    }
}
