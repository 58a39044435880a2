package org.opencdp.streaming.consent;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.CheckpointConfig;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.util.Collector;
import org.apache.iceberg.DistributionMode;
import org.apache.iceberg.flink.CatalogLoader;
import org.apache.iceberg.flink.TableLoader;
import org.apache.iceberg.flink.sink.FlinkSink;
import org.opencdp.platform.config.CdpConfig;
import org.opencdp.platform.lakehouse.LakehouseTables;
import org.opencdp.schemas.avro.ConsentEvent;
import org.opencdp.schemas.contract.Contract;
import org.opencdp.streaming.core.DeduplicateRows;
import org.opencdp.streaming.io.ContractKafkaSource;
import org.opencdp.streaming.io.ContractRecord;
import org.opencdp.streaming.io.IcebergSinks;
import org.opencdp.streaming.io.IcebergSinks.SinkOptions;
import org.opencdp.streaming.runtime.KafkaJobSettings;
import org.opencdp.streaming.runtime.IcebergCatalogLoaders;
import org.opencdp.streaming.runtime.JobArguments;
import org.opencdp.streaming.runtime.StreamJobs;

import static java.util.Objects.requireNonNull;

/**
 * Job 4, consent: every consent event appended to {@code consent.ledger} (once per event id) and folded into
 * {@code consent.state}, the decision in force per subject, purpose, channel and recipient ({@link ConsentStates}).
 *
 * <p>Pipeline: {@code Kafka (consent topic) → ledger rows → key by event_id → deduplicate → Iceberg append}, and
 * {@code → decisions → key by subject/purpose/channel/recipient → fold ({@link FoldConsentState}) → Iceberg upsert}.
 * The state table is written in upsert mode: each new decision deletes the key's previous row (an equality delete
 * on the table's identifier fields) and inserts the new one, in the same commit, so Trino, Spark and the segment
 * API read one row per key. Iceberg commits once per checkpoint; the job checkpoints at least every
 * {@link #MAX_CHECKPOINT_INTERVAL}, so a withdrawal is in {@code consent.state} well within a minute of reaching Kafka.
 */
public final class ConsentJob
{
    public static final String NAME = "consent";
    public static final String GROUP_ID = "cdp-consent";
    public static final String SOURCE_UID = "consent-kafka";
    public static final String LEDGER_ROWS_UID = "consent-ledger-rows";
    public static final String LEDGER_DEDUPLICATE_UID = "consent-ledger-deduplicate";
    public static final String LEDGER_SINK_UID_PREFIX = "consent-ledger-sink";
    public static final String DECISIONS_UID = "consent-state-decisions";
    public static final String FOLD_UID = "consent-state-fold";
    public static final String STATE_SINK_UID_PREFIX = "consent-state-sink";

    /** Longest checkpoint interval the job runs with: a commit at least this often keeps withdrawals visible within 60 s. */
    public static final Duration MAX_CHECKPOINT_INTERVAL = Duration.ofSeconds(20);

    private static final List<String> OPTIONS = List.of("dedup-horizon");
    private static final String USAGE = "usage: " + NAME + " " + JobArguments.COMMON_USAGE + " [--dedup-horizon 48h]";


    private final KafkaJobSettings settings;

    public ConsentJob(KafkaJobSettings settings)
    {
        this.settings = requireNonNull(settings, "settings is null");
    }

    /**
     * Adds the job to the environment; the tables {@code consent.ledger} and {@code consent.state} must exist.
     * Returns the source's builder: after a bounded run, {@link ContractKafkaSource.Builder#commitStopOffsets()} records
     * where it stopped.
     */
    public ContractKafkaSource.Builder build(StreamExecutionEnvironment env)
    {
        requireNonNull(env, "env is null");
        capCheckpointInterval(env.getCheckpointConfig());
        ConsentLedgerRows ledgerRows = new ConsentLedgerRows(StreamJobs.currentSchema(settings.catalog(), LakehouseTables.CONSENT_LEDGER));
        ConsentStateRows stateRows = new ConsentStateRows(StreamJobs.currentSchema(settings.catalog(), LakehouseTables.CONSENT_STATE));
        InternalTypeInfo<RowData> ledgerType = InternalTypeInfo.of(ledgerRows.rowType());

        ContractKafkaSource.Builder source = settings.source(GROUP_ID, List.of(Contract.CONSENT_EVENT));
        DataStream<ContractRecord> records = env
                .fromSource(source.build(), WatermarkStrategy.noWatermarks(), "kafka: " + Contract.CONSENT_EVENT.topic())
                .uid(SOURCE_UID);

        DataStream<RowData> ledger = records
                .process(new LedgerRows(ledgerRows), ledgerType)
                .name("consent ledger rows")
                .uid(LEDGER_ROWS_UID)
                .keyBy(ledgerRows::eventId, Types.STRING)
                .process(DeduplicateRows.unchanged(settings.dedupHorizon()), ledgerType)
                .name("deduplicate on event_id")
                .uid(LEDGER_DEDUPLICATE_UID);

        CatalogLoader catalogLoader = IcebergCatalogLoaders.forCatalog(settings.catalog().name(), settings.catalog().properties());
        IcebergSinks.append(LakehouseTables.CONSENT_LEDGER, catalogLoader, ledger, SinkOptions.uidPrefix(LEDGER_SINK_UID_PREFIX));

        DataStream<RowData> state = records
                .process(new Decisions(), TypeInformation.of(ConsentState.class))
                .name("consent decisions")
                .uid(DECISIONS_UID)
                .keyBy(ConsentState::key, Types.STRING)
                .process(new FoldConsentState(stateRows), InternalTypeInfo.of(stateRows.rowType()))
                .name("fold consent state")
                .uid(FOLD_UID);

        // upserts need every change of a key on one writer, in order: the sink keys its input by the equality fields
        FlinkSink.forRowData(state)
                .tableLoader(TableLoader.fromCatalog(catalogLoader, LakehouseTables.CONSENT_STATE.identifier()))
                .equalityFieldColumns(List.copyOf(LakehouseTables.CONSENT_STATE.schema().identifierFieldNames()))
                .upsert(true)
                .distributionMode(DistributionMode.HASH)
                .writeParallelism(state.getParallelism())
                .uidPrefix(STATE_SINK_UID_PREFIX)
                .append();
        return source;
    }

    /** Checkpoints at least every {@link #MAX_CHECKPOINT_INTERVAL}, also when checkpointing was off. */
    static void capCheckpointInterval(CheckpointConfig checkpoints)
    {
        long interval = checkpoints.getCheckpointInterval();
        if (interval <= 0 || interval > MAX_CHECKPOINT_INTERVAL.toMillis()) {
            checkpoints.setCheckpointInterval(MAX_CHECKPOINT_INTERVAL.toMillis());
        }
    }

    private static final class LedgerRows
            extends ProcessFunction<ContractRecord, RowData>
    {
        private static final long serialVersionUID = 1L;

        private final ConsentLedgerRows rows;

        LedgerRows(ConsentLedgerRows rows)
        {
            this.rows = rows;
        }

        @Override
        public void processElement(ContractRecord record, Context context, Collector<RowData> out)
        {
            if (record.record() instanceof ConsentEvent event) {
                out.collect(rows.toRow(event));
            }
        }
    }

    private static final class Decisions
            extends ProcessFunction<ContractRecord, ConsentState>
    {
        private static final long serialVersionUID = 1L;

        @Override
        public void processElement(ContractRecord record, Context context, Collector<ConsentState> out)
        {
            if (record.record() instanceof ConsentEvent event) {
                ConsentStates.of(event).ifPresent(out::collect);
            }
        }
    }

    /** {@code ConsentJob [--config FILE] [--home DIR] [--starting-offsets ...] [--bounded] [--dedup-horizon 48h]}. */
    public static void main(String[] args)
            throws Exception
    {
        Optional<JobArguments> parsed = JobArguments.parseOrExit(NAME, USAGE, args, OPTIONS);
        if (parsed.isEmpty()) {
            return;
        }
        JobArguments arguments = parsed.get();
        CdpConfig config = arguments.loadConfig(System.getenv());
        KafkaJobSettings settings = KafkaJobSettings.from(config, arguments);
        StreamJobs.checkKafkaReachable(settings.bootstrapServers());
        StreamJobs.initLakehouse(config.catalog());
        StreamExecutionEnvironment env = StreamJobs.environment(config);
        ContractKafkaSource.Builder source = new ConsentJob(settings).build(env);
        System.out.printf(Locale.ROOT, "%s: reading %s from %s into %s and %s%s%n", NAME, Contract.CONSENT_EVENT.topic(),
                settings.bootstrapServers(), LakehouseTables.CONSENT_LEDGER.name(), LakehouseTables.CONSENT_STATE.name(),
                settings.bounded() ? " up to the latest offsets" : "");
        env.execute("cdp " + NAME);
        source.commitStopOffsets();
    }
}
