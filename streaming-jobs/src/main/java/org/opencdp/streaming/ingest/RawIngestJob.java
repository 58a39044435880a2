package org.opencdp.streaming.ingest;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.util.OutputTag;
import org.apache.iceberg.Schema;
import org.apache.iceberg.flink.CatalogLoader;
import org.opencdp.platform.config.CatalogSettings;
import org.opencdp.platform.config.CdpConfig;
import org.opencdp.platform.lakehouse.LakehouseTables;
import org.opencdp.platform.lakehouse.TableSpec;
import org.opencdp.schemas.contract.Contract;
import org.opencdp.streaming.io.AvroRowData;
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
 * Job 1, raw ingest: every source topic into its raw Iceberg table and the dead-letter topic into
 * {@code raw.dead_letters}, exactly once. Kafka offsets and the files written since the last checkpoint are
 * part of the same checkpoint and each table commits once per completed checkpoint, so after a failure the
 * job resumes from the last checkpoint without losing or repeating a row; the same holds across a
 * stop-with-savepoint and a restart from it (the operator uids below never change).
 *
 * <p>Pipeline: {@code Kafka (all topics, one source) → route by contract to Avro→row conversion (with
 * _ingest lineage) → one Iceberg sink per table}.
 */
public final class RawIngestJob
{
    public static final String NAME = "raw-ingest";

    private static final List<String> OPTIONS = List.of("topics");
    private static final String USAGE = "usage: " + NAME + " [--config FILE] [--home DIR] [--topics TOPIC[,TOPIC...]]"
            + " [--starting-offsets earliest|committed|latest] [--bounded]\n"
            + "  --topics            topics to ingest (default: every source topic and " + Contract.DEAD_LETTER.topic() + ")\n"
            + "  --starting-offsets  where to start without a checkpoint (default: committed, else earliest)\n"
            + "  --bounded           stop at the latest offsets found at start";
    public static final String GROUP_ID = "cdp-raw-ingest";
    public static final String SOURCE_UID = "raw-ingest-kafka";
    public static final String ROUTER_UID = "raw-ingest-route";

    private final Settings settings;

    /**
     * @param kafka where the job reads and writes, from where, and whether it stops at the latest offsets found at
     *     start (tests, benchmarks, catch-up runs); raw ingest keeps every record, so the deduplication horizon is unused
     * @param contracts the contracts (topics) to ingest; the dead-letter table is always written
     */
    public record Settings(KafkaJobSettings kafka, List<Contract> contracts)
    {
        public Settings
        {
            requireNonNull(kafka, "kafka is null");
            contracts = List.copyOf(requireNonNull(contracts, "contracts is null"));
            if (contracts.isEmpty()) {
                throw new IllegalArgumentException("No contract to ingest");
            }
            for (Contract contract : contracts) {
                if (!contract.isEvent() && contract != Contract.DEAD_LETTER) {
                    throw new IllegalArgumentException("Contract %s has no raw table; raw ingest reads %s".formatted(contract, defaultContracts()));
                }
            }
        }

        /** Every source topic and the dead-letter topic. */
        public static Settings of(KafkaJobSettings kafka)
        {
            return new Settings(kafka, defaultContracts());
        }
    }

    public RawIngestJob(Settings settings)
    {
        this.settings = requireNonNull(settings, "settings is null");
    }

    /** The event contracts and the dead-letter contract. */
    public static List<Contract> defaultContracts()
    {
        List<Contract> contracts = new ArrayList<>(Contract.events());
        contracts.add(Contract.DEAD_LETTER);
        return List.copyOf(contracts);
    }

    /** The Kafka source of the job's topics. */
    public ContractKafkaSource.Builder source()
    {
        return settings.kafka().source(GROUP_ID, settings.contracts());
    }

    /**
     * Adds the job to the environment. Returns the source's builder: after a bounded run,
     * {@link ContractKafkaSource.Builder#commitStopOffsets()} records where it stopped.
     */
    public ContractKafkaSource.Builder build(StreamExecutionEnvironment env)
    {
        return build(env, UnaryOperator.identity());
    }

    /**
     * Adds the job to the environment, with {@code afterSource} applied between the Kafka source and the
     * routing (tests insert operators there, e.g. one that fails once). Returns the source's builder: after a bounded
     * run, {@link ContractKafkaSource.Builder#commitStopOffsets()} records where it stopped.
     */
    public ContractKafkaSource.Builder build(StreamExecutionEnvironment env, UnaryOperator<DataStream<ContractRecord>> afterSource)
    {
        requireNonNull(env, "env is null");
        requireNonNull(afterSource, "afterSource is null");
        // no operator keeps a reference to a record after passing it on, so chained operators may share objects
        env.getConfig().enableObjectReuse();

        Map<Contract, TableSpec> tables = new EnumMap<>(Contract.class);
        for (Contract contract : settings.contracts()) {
            tables.put(contract, LakehouseTables.raw(contract));
        }
        tables.put(Contract.DEAD_LETTER, LakehouseTables.DEAD_LETTERS);
        CatalogSettings catalog = settings.kafka().catalog();
        // rows are written in the table's current schema, which may have columns the declared layout has not yet
        Map<Contract, Schema> schemas = new EnumMap<>(Contract.class);
        tables.forEach((contract, table) -> schemas.put(contract, StreamJobs.currentSchema(catalog, table)));

        Map<Contract, AvroRowData> converters = new EnumMap<>(Contract.class);
        Map<Contract, OutputTag<RowData>> outputs = new EnumMap<>(Contract.class);
        tables.forEach((contract, table) -> {
            AvroRowData converter = AvroRowData.of(schemas.get(contract), contract.schema());
            converters.put(contract, converter);
            outputs.put(contract, new OutputTag<>(table.name(), InternalTypeInfo.of(converter.rowType())));
        });

        ContractKafkaSource.Builder source = source();
        DataStream<ContractRecord> records = env
                .fromSource(source.build(), WatermarkStrategy.noWatermarks(), "kafka: " + topics())
                .uid(SOURCE_UID);
        SingleOutputStreamOperator<RowData> routed = afterSource.apply(records)
                .process(new RawRouter(NAME, converters, outputs), InternalTypeInfo.of(converters.get(Contract.DEAD_LETTER).rowType()))
                .name("route to raw tables")
                .uid(ROUTER_UID);

        CatalogLoader catalogLoader = IcebergCatalogLoaders.forCatalog(catalog.name(), catalog.properties());
        tables.forEach((contract, table) -> IcebergSinks.append(table, catalogLoader, routed.getSideOutput(outputs.get(contract)),
                SinkOptions.uidPrefix(sinkUidPrefix(table))));
        return source;
    }

    /** The uid prefix of a table's sink, e.g. {@code raw-ingest-web_events}. */
    static String sinkUidPrefix(TableSpec table)
    {
        return NAME + "-" + table.identifier().name();
    }

    private String topics()
    {
        return settings.contracts().stream().map(Contract::topic).collect(Collectors.joining(","));
    }

    /**
     * {@code RawIngestJob [--config FILE] [--home DIR] [--topics T1,T2] [--starting-offsets earliest|committed|latest] [--bounded]}.
     * Creates missing lakehouse tables, then runs the job: on the embedded MiniCluster when started as a plain
     * program ({@code cdp stream raw-ingest}), on the cluster when submitted with {@code flink run}.
     */
    public static void main(String[] args)
            throws Exception
    {
        Optional<JobArguments> parsed = JobArguments.parseOrExit(NAME, USAGE, args, OPTIONS);
        if (parsed.isEmpty()) {
            return;
        }
        List<Contract> contracts;
        try {
            contracts = parsed.get().option("topics").map(RawIngestJob::contracts).orElse(defaultContracts());
        }
        catch (IllegalArgumentException e) {
            System.err.println(NAME + ": " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        try {
            run(parsed.get(), contracts);
        }
        catch (IllegalArgumentException | IllegalStateException e) {
            // configuration and connectivity problems: one line the user can act on
            System.err.println(NAME + ": error: " + e.getMessage());
            System.exit(1);
        }
    }

    private static void run(JobArguments arguments, List<Contract> contracts)
            throws Exception
    {
        CdpConfig config = arguments.loadConfig(System.getenv());
        Settings settings = new Settings(KafkaJobSettings.from(config, arguments), contracts);
        KafkaJobSettings kafka = settings.kafka();
        StreamJobs.checkKafkaReachable(kafka.bootstrapServers());
        StreamJobs.initLakehouse(config.catalog());
        StreamExecutionEnvironment env = StreamJobs.environment(config);
        ContractKafkaSource.Builder source = new RawIngestJob(settings).build(env);
        System.out.printf(Locale.ROOT, "%s: reading %s from %s%s%n", NAME, settings.contracts().stream().map(Contract::topic).toList(),
                kafka.bootstrapServers(), kafka.bounded() ? " up to the latest offsets" : "");
        JobExecutionResult result = env.execute("cdp " + NAME);
        source.commitStopOffsets();
        Object records = result.getAllAccumulatorResults().get(RawRouter.RECORDS_ACCUMULATOR);
        // the summary stays the last line: callers read it from there
        System.out.printf(Locale.ROOT, "%s: process CPU %d ms%n", NAME, processCpuMillis());
        System.out.printf(Locale.ROOT, "%s: finished, %s records in %d ms%n", NAME, records == null ? "0" : records, result.getNetRuntime());
    }

    /** CPU time of this process so far (all threads, start-up included), or -1 where the JVM does not report it. */
    private static long processCpuMillis()
    {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            long nanos = os.getProcessCpuTime();
            return nanos < 0 ? -1 : nanos / 1_000_000;
        }
        return -1;
    }

    /** The contracts of a {@code --topics} value such as {@code cdp.web.events,cdp.dead_letters}. */
    private static List<Contract> contracts(String topics)
    {
        List<Contract> contracts = new ArrayList<>();
        for (String topic : topics.split(",")) {
            String name = topic.strip();
            if (name.isEmpty()) {
                continue;
            }
            Contract contract = Arrays.stream(Contract.values())
                    .filter(candidate -> candidate.topic().equals(name))
                    .filter(candidate -> candidate.isEvent() || candidate == Contract.DEAD_LETTER)
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("'%s' is not a raw topic; raw topics: %s".formatted(
                            name, defaultContracts().stream().map(Contract::topic).toList())));
            if (!contracts.contains(contract)) {
                contracts.add(contract);
            }
        }
        if (contracts.isEmpty()) {
            throw new IllegalArgumentException("--topics lists no topic");
        }
        return contracts;
    }
}
