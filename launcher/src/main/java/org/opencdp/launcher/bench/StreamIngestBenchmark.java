package org.opencdp.launcher.bench;

import org.opencdp.launcher.edge.EdgePipelines;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.specific.SpecificRecord;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.GenericAppenderFactory;
import org.apache.iceberg.io.FileAppender;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Types;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.opencdp.infra.kafka.EmbeddedKafkaBroker;
import org.opencdp.ingestion.batch.AvroToIceberg;
import org.opencdp.ingestion.edge.EdgeBatch;
import org.opencdp.ingestion.edge.EdgePipeline;
import org.opencdp.ingestion.edge.IngestStage;
import org.opencdp.ingestion.kafka.KafkaEventDecoder;
import org.opencdp.ingestion.kafka.KafkaEventPublisher;
import org.opencdp.ingestion.kafka.TopicAdmin;
import org.opencdp.launcher.cli.StreamJobLauncher;
import org.opencdp.platform.catalog.Catalogs;
import org.opencdp.platform.config.CdpConfig;
import org.opencdp.platform.generator.GeneratorSettings;
import org.opencdp.platform.generator.OmoGenerator;
import org.opencdp.platform.lakehouse.Lakehouse;
import org.opencdp.platform.lakehouse.LakehouseTables;
import org.opencdp.platform.lakehouse.TableSpec;
import org.opencdp.schemas.contract.Contract;

/**
 * The streaming raw ingest (Kafka → Flink → Iceberg, exactly-once, parallelism 2) against its ceiling: a
 * plain single-threaded Parquet writer (Iceberg's generic appender, no Flink, no commit) writing the same
 * decoded events, read from the same topics, in this process. The job runs in its own process
 * ({@code cdp stream raw-ingest --bounded}); this class never links Flink. Per core: the job's rate divided
 * by its parallelism, the writer's rate by one. Per CPU-second: events divided by the CPU time the process
 * spent (all its threads, JIT and GC included), for the job between its first and last row written, which
 * neither the nominal core count nor other load on the machine distorts.
 */
final class StreamIngestBenchmark implements Benchmark {
    private static final int PARALLELISM = 2;
    private static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(10);
    private static final Pattern FINISHED = Pattern.compile("finished, (\\d+) records in (\\d+) ms");
    private static final Pattern PROCESS_CPU = Pattern.compile("process CPU (-?\\d+) ms");
    /**
     * Extra JVM options for the job process, separated by spaces, e.g. a flight recording:
     * {@code -Dcdp.bench.stream-ingest.job-java-options=-XX:StartFlightRecording=filename=/tmp/raw-ingest.jfr,settings=profile}.
     */
    static final String JOB_JAVA_OPTIONS = "cdp.bench.stream-ingest.job-java-options";

    @Override
    public String name() {
        return "stream-ingest";
    }

    @Override
    public String description() {
        return "Kafka to Iceberg raw tables with the Flink raw-ingest job (parallelism 2) vs a plain Parquet writer of the same decoded events";
    }

    @Override
    public BenchReport run(BenchContext context) throws Exception {
        int members = context.scale() == BenchContext.Scale.FULL ? 20_000 : 2_000;
        StreamJobLauncher launcher = StreamJobLauncher.locate();
        Path home = Files.createTempDirectory(context.workDir(), "stream-ingest-home");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            String bootstrap = broker.bootstrapServers();
            TopicAdmin.ensureTopics(bootstrap, PARALLELISM);
            Path configFile = home.resolve("cdp.properties");
            Files.writeString(configFile, String.join("\n",
                    "kafka.bootstrap-servers=" + bootstrap,
                    "flink.parallelism=" + PARALLELISM,
                    "flink.checkpoint-interval=" + CHECKPOINT_INTERVAL.toSeconds() + "s",
                    ""));
            CdpConfig config = CdpConfig.load(Optional.of(configFile), Map.of("CDP_HOME", home.toString()));
            long published = publish(config, bootstrap, members);

            // the job process: bounded, so it stops at the offsets produced above after a final commit
            Path log = context.workDir().resolve("stream-ingest-job.log");
            List<String> javaOptions = new ArrayList<>(List.of("-Xmx2g"));
            String extraOptions = System.getProperty(JOB_JAVA_OPTIONS, "").strip();
            if (!extraOptions.isEmpty()) {
                javaOptions.addAll(List.of(extraOptions.split("\\s+")));
            }
            ProcessBuilder builder = launcher.processBuilder("raw-ingest", javaOptions, List.of(
                    "--config", configFile.toString(), "--home", home.toString(), "--bounded", "--starting-offsets", "earliest"));
            builder.redirectErrorStream(true).redirectOutput(log.toFile());
            long wallStart = System.nanoTime();
            Process process = builder.start();
            ProcessCpuSampler jobCpu = ProcessCpuSampler.start(process.pid());
            try {
                if (!process.waitFor(30, TimeUnit.MINUTES)) {
                    process.destroyForcibly();
                    throw new IllegalStateException("raw-ingest did not finish within 30 minutes; see " + log);
                }
            } finally {
                jobCpu.close();
            }
            double wallSeconds = (System.nanoTime() - wallStart) / 1e9;
            String output = Files.readString(log, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IllegalStateException("raw-ingest failed with exit code %d; see %s".formatted(process.exitValue(), log));
            }
            Matcher finished = FINISHED.matcher(output);
            if (!finished.find()) {
                throw new IllegalStateException("raw-ingest printed no summary line; see " + log);
            }
            long jobRecords = Long.parseLong(finished.group(1));
            Matcher cpu = PROCESS_CPU.matcher(output);
            double jobCpuSeconds = cpu.find() ? Long.parseLong(cpu.group(1)) / 1000.0 : -1;
            double jobSeconds = Long.parseLong(finished.group(2)) / 1000.0;

            Commits commits = commits(config);
            if (commits.rows() != published) {
                throw new IllegalStateException("The raw tables hold %d rows but %d records were published".formatted(commits.rows(), published));
            }
            // the job's CPU while it ingests, without JVM and MiniCluster start-up or the final commit and shutdown
            double ingestCpuSeconds = jobCpu.cpuSecondsBetween(commits.firstWriteMicros(), commits.lastWriteMicros());

            List<ConsumerRecord<byte[], byte[]>> records = readAll(bootstrap);
            Path ceilingDir = home.resolve("ceiling-parquet");
            // the job runs once in a fresh JVM, so its figure includes JIT warm-up: the ratio is taken against the
            // writer's first run (cold too), and its second, JIT-warm run is reported beside it
            long coldStart = System.nanoTime();
            long coldCpuStart = CpuTime.ofThisProcessNanos();
            writeParquet(config, records, ceilingDir.resolve("cold"));
            double ceilingSeconds = (System.nanoTime() - coldStart) / 1e9;
            double ceilingCpuSeconds = (CpuTime.ofThisProcessNanos() - coldCpuStart) / 1e9;
            long warmStart = System.nanoTime();
            long warmCpuStart = CpuTime.ofThisProcessNanos();
            writeParquet(config, records, ceilingDir.resolve("warm"));
            double warmCeilingSeconds = (System.nanoTime() - warmStart) / 1e9;
            double warmCeilingCpuSeconds = (CpuTime.ofThisProcessNanos() - warmCpuStart) / 1e9;

            double flinkRate = published / commits.processingSeconds();
            double flinkPerCore = flinkRate / PARALLELISM;
            double ceilingRate = records.size() / ceilingSeconds;
            double warmCeilingRate = records.size() / warmCeilingSeconds;
            double ingestPerCpuSecond = published / ingestCpuSeconds;
            double ceilingPerCpuSecond = records.size() / ceilingCpuSeconds;
            double warmCeilingPerCpuSecond = records.size() / warmCeilingCpuSeconds;
            return new BenchReport(
                    "Streaming ingest: %,d Kafka records (%,d people) into the raw Iceberg tables".formatted(published, members),
                    context.command(),
                    BenchContext.environment(),
                    List.of("path", "cores", "seconds", "events/s", "events/s per core", "ratio per core vs ceiling",
                            "CPU seconds", "events per CPU-second", "ratio per CPU-second vs ceiling"),
                    List.of(
                            List.of("Flink raw-ingest, first to last row written", String.valueOf(PARALLELISM), seconds(commits.processingSeconds()),
                                    rate(flinkRate), rate(flinkPerCore), ratio(flinkPerCore / ceilingRate),
                                    seconds(ingestCpuSeconds), rate(ingestPerCpuSecond), ratio(ingestPerCpuSecond / ceilingPerCpuSecond)),
                            List.of("Flink raw-ingest, whole job (start, read, write, final commit)", String.valueOf(PARALLELISM), seconds(jobSeconds),
                                    rate(published / jobSeconds), rate(published / jobSeconds / PARALLELISM),
                                    ratio(published / jobSeconds / PARALLELISM / ceilingRate),
                                    seconds(jobCpuSeconds), rate(published / jobCpuSeconds), ratio(published / jobCpuSeconds / ceilingPerCpuSecond)),
                            List.of("plain Parquet writer, same decoded events (ceiling, first run: cold JIT like the job)", "1",
                                    seconds(ceilingSeconds), rate(ceilingRate), rate(ceilingRate), "1.00",
                                    seconds(ceilingCpuSeconds), rate(ceilingPerCpuSecond), "1.00"),
                            List.of("plain Parquet writer, same decoded events (second run: warm JIT)", "1",
                                    seconds(warmCeilingSeconds), rate(warmCeilingRate), rate(warmCeilingRate), ratio(warmCeilingRate / ceilingRate),
                                    seconds(warmCeilingCpuSeconds), rate(warmCeilingPerCpuSecond), ratio(warmCeilingPerCpuSecond / ceilingPerCpuSecond))),
                    List.of("%d Iceberg commits over %d tables (checkpoint every %d s): %.1f data files per commit on average, %d at most"
                                    .formatted(commits.count(), commits.tables(), CHECKPOINT_INTERVAL.toSeconds(), commits.filesPerCommit(), commits.maxFiles()),
                            "commit latency (snapshot time minus the newest `_ingest.ingested_at` it adds): median %s s, max %s s"
                                    .formatted(seconds(commits.medianLatencySeconds()), seconds(commits.maxLatencySeconds())),
                            "job process: %s s wall time including JVM and MiniCluster start; %,d records routed".formatted(seconds(wallSeconds), jobRecords),
                            // CPU time counts every core a process really uses (its JIT, GC and fetcher threads too) and does not
                            // depend on what else runs on the machine, unlike the wall-clock rates per nominal core
                            "CPU seconds: the job process's CPU time (all threads, `/proc/<pid>/stat` sampled every %d ms) between its first and last row written, which used %s cores on average; for the whole job, its process CPU time including JVM and MiniCluster start-up; for the ceiling, this process's CPU time during the run (%s and %s cores on average)"
                                    .formatted(ProcessCpuSampler.INTERVAL.toMillis(), ratio(ingestCpuSeconds / commits.processingSeconds()),
                                            ratio(ceilingCpuSeconds / ceilingSeconds), ratio(warmCeilingCpuSeconds / warmCeilingSeconds)),
                            "ceiling: decode (KafkaEventDecoder) + convert (AvroToIceberg) + Iceberg generic Parquet appender (zstd), one file per table, no commit, records already read from Kafka into memory",
                            "against the warm ceiling: first to last row %s per core, %s per CPU-second; whole job %s per core".formatted(
                                    ratio(flinkPerCore / warmCeilingRate), ratio(ingestPerCpuSecond / warmCeilingPerCpuSecond),
                                    ratio(published / jobSeconds / PARALLELISM / warmCeilingRate)),
                            "job: `cdp stream raw-ingest --bounded` (flink.parallelism=%d); per core = events/s divided by the job's parallelism".formatted(PARALLELISM)));
        } finally {
            BenchContext.deleteQuietly(home);
        }
    }

    private static long publish(CdpConfig config, String bootstrap, int members) throws IOException {
        EdgePipeline pipeline = EdgePipelines.of(config);
        EdgeBatch batch = pipeline.newBatch("stream-ingest-bench", IngestStage.COLLECTOR);
        long[] published = new long[1];
        try (KafkaEventPublisher publisher = new KafkaEventPublisher(bootstrap)) {
            new OmoGenerator(GeneratorSettings.of(members, 7, Instant.parse("2026-08-01T00:00:00Z"), Instant.parse("2026-08-08T00:00:00Z")))
                    .generate((source, line) -> {
                        publisher.publish(batch.process(source.contract(), line));
                        published[0]++;
                    });
            publisher.flush();
        }
        return published[0];
    }

    /** What the job committed, from the snapshots of every raw table and the column bounds of their files. */
    private static Commits commits(CdpConfig config) throws IOException {
        Catalog catalog = Catalogs.open(config.catalog());
        try {
            List<Integer> files = new ArrayList<>();
            List<Double> latencies = new ArrayList<>();
            long rows = 0;
            long firstWrite = Long.MAX_VALUE;
            long lastWrite = Long.MIN_VALUE;
            int tables = 0;
            for (TableSpec spec : rawTables()) {
                Table table = catalog.loadTable(spec.identifier());
                int ingestedAt = table.schema().findField(LakehouseTables.INGEST + "." + LakehouseTables.INGEST_INGESTED_AT).fieldId();
                boolean written = false;
                for (Snapshot snapshot : table.snapshots()) {
                    long newest = Long.MIN_VALUE;
                    int added = 0;
                    for (DataFile file : snapshot.addedDataFiles(table.io())) {
                        added++;
                        rows += file.recordCount();
                        long lower = micros(file.lowerBounds(), ingestedAt);
                        long upper = micros(file.upperBounds(), ingestedAt);
                        firstWrite = Math.min(firstWrite, lower);
                        lastWrite = Math.max(lastWrite, upper);
                        newest = Math.max(newest, upper);
                    }
                    if (added > 0) {
                        written = true;
                        files.add(added);
                        latencies.add((snapshot.timestampMillis() * 1000 - newest) / 1e6);
                    }
                }
                tables += written ? 1 : 0;
            }
            Collections.sort(latencies);
            return new Commits(rows, files.size(), tables, files.stream().mapToInt(Integer::intValue).average().orElse(0),
                    files.stream().mapToInt(Integer::intValue).max().orElse(0),
                    latencies.isEmpty() ? 0 : latencies.get(latencies.size() / 2),
                    latencies.isEmpty() ? 0 : latencies.get(latencies.size() - 1),
                    firstWrite, lastWrite);
        } finally {
            if (catalog instanceof Closeable closeable) {
                closeable.close();
            }
        }
    }

    private record Commits(long rows, int count, int tables, double filesPerCommit, int maxFiles, double medianLatencySeconds,
            double maxLatencySeconds, long firstWriteMicros, long lastWriteMicros) {
        double processingSeconds() {
            return Math.max(1e-3, (lastWriteMicros - firstWriteMicros) / 1e6);
        }
    }

    /**
     * The CPU time of another process (all its threads), sampled until it exits
     * or the sampler is closed, so that the CPU time of a window of its run, known only afterwards, can be
     * interpolated.
     */
    static final class ProcessCpuSampler implements AutoCloseable {
        static final Duration INTERVAL = Duration.ofMillis(100);
        private final long pid;
        private final List<CpuSample> samples = Collections.synchronizedList(new ArrayList<>());
        private final ScheduledExecutorService executor;

        private ProcessCpuSampler(long pid) {
            this.pid = pid;
            this.executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "cpu-sampler-" + pid);
                thread.setDaemon(true);
                return thread;
            });
        }

        static ProcessCpuSampler start(long pid) {
            ProcessCpuSampler sampler = new ProcessCpuSampler(pid);
            sampler.executor.scheduleAtFixedRate(sampler::sample, 0, INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
            return sampler;
        }

        private void sample() {
            OptionalLong cpu = CpuTime.ofProcessNanos(pid);
            if (cpu.isEmpty()) {
                executor.shutdown();    // the process has exited
                return;
            }
            samples.add(new CpuSample(ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now()), cpu.getAsLong() / 1e9));
        }

        /** CPU seconds between two instants (epoch microseconds) of the sampled run; NaN without samples around them. */
        double cpuSecondsBetween(long fromMicros, long toMicros) {
            List<CpuSample> copy;
            synchronized (samples) {
                copy = List.copyOf(samples);
            }
            if (copy.size() < 2 || fromMicros < copy.get(0).epochMicros() || toMicros > copy.get(copy.size() - 1).epochMicros()) {
                return Double.NaN;
            }
            return cpuSecondsAt(copy, toMicros) - cpuSecondsAt(copy, fromMicros);
        }

        private static double cpuSecondsAt(List<CpuSample> samples, long epochMicros) {
            for (int i = 1; i < samples.size(); i++) {
                CpuSample before = samples.get(i - 1);
                CpuSample after = samples.get(i);
                if (after.epochMicros() >= epochMicros) {
                    double fraction = after.epochMicros() == before.epochMicros()
                            ? 1 : (double) (epochMicros - before.epochMicros()) / (after.epochMicros() - before.epochMicros());
                    return before.cpuSeconds() + fraction * (after.cpuSeconds() - before.cpuSeconds());
                }
            }
            throw new IllegalArgumentException("No sample at or after " + epochMicros);
        }

        @Override
        public void close() {
            executor.shutdownNow();
        }

        private record CpuSample(long epochMicros, double cpuSeconds) {}
    }

    private static long micros(Map<Integer, ByteBuffer> bounds, int fieldId) {
        ByteBuffer bound = bounds == null ? null : bounds.get(fieldId);
        if (bound == null) {
            throw new IllegalStateException("Data file without bounds of _ingest.ingested_at (field " + fieldId + "); column metrics are off");
        }
        return Conversions.<Long>fromByteBuffer(Types.TimestampType.withZone(), bound);
    }

    private static List<TableSpec> rawTables() {
        List<TableSpec> tables = new ArrayList<>();
        Contract.events().forEach(contract -> tables.add(LakehouseTables.raw(contract)));
        tables.add(LakehouseTables.DEAD_LETTERS);
        return tables;
    }

    private static List<ConsumerRecord<byte[], byte[]>> readAll(String bootstrap) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (TableSpec spec : rawTables()) {
                String topic = contractOf(spec).topic();
                consumer.partitionsFor(topic).forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < end.get(partition))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Could not read the topics back within 5 minutes");
                }
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
        }
        return records;
    }

    private static Contract contractOf(TableSpec spec) {
        for (Contract contract : Contract.values()) {
            if ((contract.isEvent() || contract == Contract.DEAD_LETTER) && LakehouseTables.raw(contract).equals(spec)) {
                return contract;
            }
        }
        throw new IllegalArgumentException("No contract for " + spec.name());
    }

    /** The ceiling: decode, convert and write every record with one thread and one Parquet file per table. */
    private static void writeParquet(CdpConfig config, List<ConsumerRecord<byte[], byte[]>> records, Path directory) throws IOException {
        Files.createDirectories(directory);
        Map<Contract, Schema> schemas = new EnumMap<>(Contract.class);
        Catalog catalog = Catalogs.open(config.catalog());
        try {
            for (TableSpec spec : rawTables()) {
                schemas.put(contractOf(spec), catalog.loadTable(spec.identifier()).schema());
            }
        } finally {
            if (catalog instanceof Closeable closeable) {
                closeable.close();
            }
        }
        KafkaEventDecoder decoder = new KafkaEventDecoder();
        Map<Contract, AvroToIceberg> converters = new EnumMap<>(Contract.class);
        Map<Contract, FileAppender<Record>> appenders = new EnumMap<>(Contract.class);
        try {
            for (Map.Entry<Contract, Schema> entry : schemas.entrySet()) {
                Contract contract = entry.getKey();
                converters.put(contract, new AvroToIceberg(entry.getValue().asStruct(), contract.schema()));
                // Iceberg's generic Parquet appender: the plain Parquet write path, with the tables' compression
                appenders.put(contract, new GenericAppenderFactory(entry.getValue())
                        .set(TableProperties.PARQUET_COMPRESSION, LakehouseTables.PARQUET_COMPRESSION_CODEC)
                        .newAppender(org.apache.iceberg.Files.localOutput(directory.resolve(contract.sourceName() + ".parquet").toFile()), FileFormat.PARQUET));
            }
            for (ConsumerRecord<byte[], byte[]> consumed : records) {
                Contract contract = KafkaEventDecoder.contractOf(consumed.topic(), consumed.headers()).orElseThrow();
                SpecificRecord decoded = decoder.decode(consumed);
                Record row = converters.get(contract).convert(decoded);
                Types.StructType ingestType = schemas.get(contract).findField(LakehouseTables.INGEST).type().asStructType();
                GenericRecord ingest = GenericRecord.create(ingestType);
                ingest.setField(LakehouseTables.INGEST_INGESTED_AT, OffsetDateTime.now(ZoneOffset.UTC));
                ingest.setField(LakehouseTables.INGEST_ORIGIN, consumed.topic() + "/" + consumed.partition() + "/" + consumed.offset());
                ingest.setField(LakehouseTables.INGEST_BATCH_ID, "ceiling");
                row.setField(LakehouseTables.INGEST, ingest);
                appenders.get(contract).add(row);
            }
        } finally {
            for (FileAppender<Record> appender : appenders.values()) {
                appender.close();
            }
        }
    }

    private static String seconds(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    private static String rate(double value) {
        return String.format(Locale.ROOT, "%,.0f", value);
    }

    private static String ratio(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
