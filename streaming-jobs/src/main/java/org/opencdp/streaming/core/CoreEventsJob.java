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
import org.opencdp.platform.config.CatalogSettings;
import org.opencdp.platform.config.CdpConfig;
import org.opencdp.platform.lakehouse.LakehouseTables;
import org.opencdp.schemas.contract.Contract;
import org.opencdp.schemas.contract.Envelope;
import org.opencdp.streaming.io.ContractKafkaSource;
import org.opencdp.streaming.io.ContractKafkaSource.StartingOffsets;
import org.opencdp.streaming.io.ContractRecord;
import org.opencdp.streaming.io.IcebergSinks;
import org.opencdp.streaming.io.IcebergSinks.SinkOptions;
import org.opencdp.streaming.runtime.IcebergCatalogLoaders;
import org.opencdp.streaming.runtime.JobArguments;
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
     * @param bootstrapServers Kafka bootstrap servers
     * @param catalog the Iceberg catalog of the lakehouse
     * @param startingOffsets where to start without a checkpoint or savepoint
     * @param bounded stop at the latest offsets found at start
     * @param dedupHorizon how long an event id is remembered after it first arrived
     * @param maxOutOfOrderness how far behind the highest event time seen an event may be and still be on time
     * @param idleTimeout after how long without records a partition stops holding back the watermark
     */
    public record Settings(
            String bootstrapServers,
            CatalogSettings catalog,
            StartingOffsets startingOffsets,
            boolean bounded,
            Duration dedupHorizon,
            Duration maxOutOfOrderness,
            Duration idleTimeout)
    {
        public Settings
        {
            requireNonNull(bootstrapServers, "bootstrapServers is null");
            requireNonNull(catalog, "catalog is null");
            requireNonNull(startingOffsets, "startingOffsets is null");
            checkPositive("deduplication horizon", dedupHorizon);
            requireNonNull(maxOutOfOrderness, "maxOutOfOrderness is null");
            if (maxOutOfOrderness.isNegative()) {
                throw new IllegalArgumentException("Maximum out-of-orderness must not be negative, got " + maxOutOfOrderness);
            }
            checkPositive("idle timeout", idleTimeout);
        }

        /** Every event topic of the configuration's Kafka from the committed offsets, with the default horizon and watermarks. */
        public static Settings from(CdpConfig config)
        {
            return new Settings(config.kafka().effectiveBootstrapServers(), config.catalog(), StartingOffsets.COMMITTED_OR_EARLIEST,
                    false, DeduplicateRows.DEFAULT_HORIZON, DEFAULT_MAX_OUT_OF_ORDERNESS, DEFAULT_IDLE_TIMEOUT);
        }

        public Settings withBootstrapServers(String bootstrapServers)
        {
            return new Settings(bootstrapServers, catalog, startingOffsets, bounded, dedupHorizon, maxOutOfOrderness, idleTimeout);
        }

        public Settings withStartingOffsets(StartingOffsets startingOffsets)
        {
            return new Settings(bootstrapServers, catalog, startingOffsets, bounded, dedupHorizon, maxOutOfOrderness, idleTimeout);
        }

        public Settings withBounded(boolean bounded)
        {
            return new Settings(bootstrapServers, catalog, startingOffsets, bounded, dedupHorizon, maxOutOfOrderness, idleTimeout);
        }

        public Settings withDedupHorizon(Duration dedupHorizon)
        {
            return new Settings(bootstrapServers, catalog, startingOffsets, bounded, dedupHorizon, maxOutOfOrderness, idleTimeout);
        }

        public Settings withMaxOutOfOrderness(Duration maxOutOfOrderness)
        {
            return new Settings(bootstrapServers, catalog, startingOffsets, bounded, dedupHorizon, maxOutOfOrderness, idleTimeout);
        }

        public Settings withIdleTimeout(Duration idleTimeout)
        {
            return new Settings(bootstrapServers, catalog, startingOffsets, bounded, dedupHorizon, maxOutOfOrderness, idleTimeout);
        }

        private static void checkPositive(String what, Duration duration)
        {
            requireNonNull(duration, what + " is null");
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("The " + what + " must be positive, got " + duration);
            }
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
        CoreEventRows rows = new CoreEventRows(StreamJobs.currentSchema(settings.catalog(), LakehouseTables.CORE_EVENTS));
        InternalTypeInfo<RowData> rowType = InternalTypeInfo.of(rows.rowType());

        WatermarkStrategy<ContractRecord> watermarks = WatermarkStrategy
                .<ContractRecord>forBoundedOutOfOrderness(settings.maxOutOfOrderness())
                .withTimestampAssigner((record, kafkaTimestamp) -> eventTimeMillis(record, kafkaTimestamp))
                .withIdleness(settings.idleTimeout());
        ContractKafkaSource.Builder source = ContractKafkaSource.builder(settings.bootstrapServers(), GROUP_ID)
                .contracts(Contract.events())
                .startingOffsets(settings.startingOffsets())
                .bounded(settings.bounded());
        DataStream<ContractRecord> records = env
                .fromSource(source.build(), watermarks, "kafka: event topics")
                .uid(SOURCE_UID);

        DataStream<RowData> canonical = records
                .process(new Canonicalise(rows), rowType)
                .name("canonicalise")
                .uid(CANONICALISE_UID);

        DataStream<RowData> deduplicated = canonical
                .keyBy(rows::eventId, Types.STRING)
                .process(new DeduplicateRows(settings.dedupHorizon(), rows::finish), rowType)
                .name("deduplicate on event_id, flag late")
                .uid(DEDUPLICATE_UID);

        CatalogLoader catalogLoader = IcebergCatalogLoaders.forCatalog(settings.catalog().name(), settings.catalog().properties());
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
        Settings settings = Settings.from(config)
                .withStartingOffsets(arguments.startingOffsets())
                .withBounded(arguments.bounded())
                .withDedupHorizon(arguments.duration("dedup-horizon", DeduplicateRows.DEFAULT_HORIZON))
                .withMaxOutOfOrderness(arguments.duration("max-out-of-orderness", DEFAULT_MAX_OUT_OF_ORDERNESS))
                .withIdleTimeout(arguments.duration("idle-timeout", DEFAULT_IDLE_TIMEOUT));
        StreamJobs.checkKafkaReachable(settings.bootstrapServers());
        StreamJobs.initLakehouse(config.catalog());
        StreamExecutionEnvironment env = StreamJobs.environment(config);
        ContractKafkaSource.Builder source = new CoreEventsJob(settings).build(env);
        System.out.printf(Locale.ROOT, "%s: reading %s from %s into %s%s%n", NAME, Contract.events().stream().map(Contract::topic).toList(),
                settings.bootstrapServers(), LakehouseTables.CORE_EVENTS.name(), settings.bounded() ? " up to the latest offsets" : "");
        env.execute("cdp " + NAME);
        source.commitStopOffsets();
    }
}
