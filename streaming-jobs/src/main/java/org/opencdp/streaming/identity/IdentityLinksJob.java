package org.opencdp.streaming.identity;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.util.Collector;
import org.apache.iceberg.flink.CatalogLoader;
import org.opencdp.identity.links.LinkExtractor;
import org.opencdp.platform.config.CdpConfig;
import org.opencdp.platform.lakehouse.LakehouseTables;
import org.opencdp.schemas.avro.IdentityLink;
import org.opencdp.schemas.contract.Contract;
import org.opencdp.streaming.core.DeduplicateRows;
import org.opencdp.streaming.io.AvroRowData;
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
 * Job 3, identity links: every event (of any source topic) that carries two or more identifiers yields the
 * edges {@link LinkExtractor} finds, written to {@code identity.links}.
 *
 * <p>Pipeline: {@code Kafka (every event topic) → extract edges → key by link_id → deduplicate →
 * Iceberg append}. A link id is derived from the source event id, so deduplicating links over the same horizon
 * as {@code core.events} drops the edges of a re-sent event, across restarts too.
 */
public final class IdentityLinksJob
{
    public static final String NAME = "identity-links";
    public static final String GROUP_ID = "cdp-identity-links";
    public static final String SOURCE_UID = "identity-links-kafka";
    public static final String EXTRACT_UID = "identity-links-extract";
    public static final String DEDUPLICATE_UID = "identity-links-deduplicate";
    public static final String SINK_UID_PREFIX = "identity-links-sink";

    private static final List<String> OPTIONS = List.of("dedup-horizon");
    private static final String USAGE = "usage: " + NAME + " " + JobArguments.COMMON_USAGE + " [--dedup-horizon 48h]";


    private final KafkaJobSettings settings;

    public IdentityLinksJob(KafkaJobSettings settings)
    {
        this.settings = requireNonNull(settings, "settings is null");
    }

    /**
     * Adds the job to the environment; the table {@code identity.links} must exist.
     * Returns the source's builder: after a bounded run, {@link ContractKafkaSource.Builder#commitStopOffsets()} records
     * where it stopped.
     */
    public ContractKafkaSource.Builder build(StreamExecutionEnvironment env)
    {
        requireNonNull(env, "env is null");
        AvroRowData rows = AvroRowData.of(StreamJobs.currentSchema(settings.catalog(), LakehouseTables.IDENTITY_LINKS), IdentityLink.getClassSchema());
        InternalTypeInfo<RowData> rowType = InternalTypeInfo.of(rows.rowType());
        int linkIdPosition = rows.rowType().getFieldIndex("link_id");

        ContractKafkaSource.Builder source = settings.source(GROUP_ID, Contract.events());
        DataStream<ContractRecord> records = env
                .fromSource(source.build(), WatermarkStrategy.noWatermarks(), "kafka: event topics")
                .uid(SOURCE_UID);

        DataStream<RowData> links = records
                .process(new ExtractLinks(rows), rowType)
                .name("extract identity links")
                .uid(EXTRACT_UID);

        DataStream<RowData> deduplicated = links
                .keyBy(row -> row.getString(linkIdPosition).toString(), Types.STRING)
                .process(DeduplicateRows.unchanged(settings.dedupHorizon()), rowType)
                .name("deduplicate on link_id")
                .uid(DEDUPLICATE_UID);

        CatalogLoader catalogLoader = IcebergCatalogLoaders.forCatalog(settings.catalog().name(), settings.catalog().properties());
        IcebergSinks.append(LakehouseTables.IDENTITY_LINKS, catalogLoader, deduplicated, SinkOptions.uidPrefix(SINK_UID_PREFIX));
        return source;
    }

    private static final class ExtractLinks
            extends ProcessFunction<ContractRecord, RowData>
    {
        private static final long serialVersionUID = 1L;

        private final AvroRowData rows;

        ExtractLinks(AvroRowData rows)
        {
            this.rows = rows;
        }

        @Override
        public void processElement(ContractRecord record, Context context, Collector<RowData> out)
        {
            if (!record.contract().isEvent()) {
                return;
            }
            for (IdentityLink link : LinkExtractor.links(record.record())) {
                out.collect(rows.convert(link));
            }
        }
    }

    /** {@code IdentityLinksJob [--config FILE] [--home DIR] [--starting-offsets ...] [--bounded] [--dedup-horizon 48h]}. */
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
        ContractKafkaSource.Builder source = new IdentityLinksJob(settings).build(env);
        System.out.printf(Locale.ROOT, "%s: reading %s from %s into %s%s%n", NAME, Contract.events().stream().map(Contract::topic).toList(),
                settings.bootstrapServers(), LakehouseTables.IDENTITY_LINKS.name(), settings.bounded() ? " up to the latest offsets" : "");
        env.execute("cdp " + NAME);
        source.commitStopOffsets();
    }
}
