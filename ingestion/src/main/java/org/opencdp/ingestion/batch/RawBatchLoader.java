package org.opencdp.ingestion.batch;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.StreamSupport;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.opencdp.ingestion.edge.Accepted;
import org.opencdp.ingestion.edge.DeadLettered;
import org.opencdp.ingestion.edge.EdgeBatch;
import org.opencdp.ingestion.edge.EdgeOutcome;
import org.opencdp.ingestion.edge.EdgePipeline;
import org.opencdp.ingestion.edge.IngestStage;
import org.opencdp.platform.lakehouse.Lakehouse;
import org.opencdp.platform.lakehouse.LakehouseTables;
import org.opencdp.platform.lakehouse.TableSpec;
import org.opencdp.schemas.contract.Contract;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads a directory of JSON Lines files, one per source and named after its raw table ({@code web_events.jsonl},
 * {@code app_events.jsonl}, {@code mini_program_events.jsonl}, {@code pos_transactions.jsonl},
 * {@code consent_events.jsonl}), through the {@link EdgePipeline} into the raw tables, as one batch: one Iceberg
 * append per table, rejected lines into {@code raw.dead_letters}.
 *
 * <p>Loading the same files again adds nothing: the batch id is derived from the files' checksums and recorded in
 * the summary of every snapshot the batch commits ({@value #BATCH_ID_PROPERTY}); a table whose history already
 * holds the batch is skipped. The marker lives as long as the snapshot, so a batch must not be re-loaded after its
 * snapshots have been expired.
 *
 * <p>Files are streamed line by line and rows go straight to Parquet writers; memory is bounded by the open files
 * (one per partition and table) and by the event ids of the batch kept for duplicate detection.
 */
public final class RawBatchLoader {
    /** Snapshot summary property that records which batch a commit belongs to. */
    public static final String BATCH_ID_PROPERTY = "cdp.batch-id";
    private static final Logger LOG = LoggerFactory.getLogger(RawBatchLoader.class);

    private final Lakehouse lakehouse;
    private final EdgePipeline pipeline;
    private final Clock clock;

    public RawBatchLoader(Catalog catalog, EdgePipeline pipeline, Clock clock) {
        this.lakehouse = new Lakehouse(requireNonNull(catalog, "catalog is null"));
        this.pipeline = requireNonNull(pipeline, "pipeline is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** The file a source is read from, e.g. {@code web_events.jsonl}. */
    public static String fileName(Contract contract) {
        return LakehouseTables.raw(contract).identifier().name() + ".jsonl";
    }

    public LoadReport load(Path directory) {
        requireNonNull(directory, "directory is null");
        if (!Files.isDirectory(directory)) {
            throw new IllegalArgumentException("Input directory does not exist: " + directory);
        }
        Map<Contract, Path> inputs = inputs(directory);
        String batchId = BatchIds.fromFiles(List.copyOf(inputs.values()));
        Instant ingestedAt = clock.instant();
        LOG.info("Loading batch {} from {} ({} files)", batchId, directory, inputs.size());

        Table deadLetterTable = lakehouse.load(LakehouseTables.DEAD_LETTERS);
        List<String> alreadyLoaded = new ArrayList<>();
        TableBatchWriter deadLetters = null;
        if (holdsBatch(deadLetterTable, batchId)) {
            alreadyLoaded.add(LakehouseTables.DEAD_LETTERS.name());
        } else {
            deadLetters = new TableBatchWriter(deadLetterTable, LakehouseTables.DEAD_LETTERS.name(),
                    Contract.DEAD_LETTER.schema(), batchId, ingestedAt, 0);
        }

        EdgeBatch batch = pipeline.newBatch(batchId, IngestStage.IMPORTER);
        List<TableBatchWriter> writers = new ArrayList<>();
        Map<String, Long> rejected = new TreeMap<>();
        try {
            int taskId = 1;
            for (Map.Entry<Contract, Path> input : inputs.entrySet()) {
                TableSpec spec = LakehouseTables.raw(input.getKey());
                Table table = lakehouse.load(spec);
                TableBatchWriter writer = null;
                if (holdsBatch(table, batchId)) {
                    alreadyLoaded.add(spec.name());
                } else {
                    writer = new TableBatchWriter(table, spec.name(), input.getKey().schema(), batchId, ingestedAt, taskId++);
                    writers.add(writer);
                }
                readFile(input.getKey(), input.getValue(), batch, writer, deadLetters, rejected);
                if (writer != null) {
                    writer.complete();
                }
            }
            if (deadLetters != null) {
                deadLetters.complete();
            }
        } catch (RuntimeException e) {
            writers.forEach(TableBatchWriter::abort);
            if (deadLetters != null) {
                deadLetters.abort();
            }
            throw e;
        }

        // raw tables first: a dead letter without its batch's accepted rows would look like data loss
        Map<String, Long> accepted = new TreeMap<>();
        List<TableBatchWriter> pending = new ArrayList<>(writers);
        if (deadLetters != null) {
            pending.add(deadLetters);
        } else {
            rejected.clear();
        }
        for (int i = 0; i < pending.size(); i++) {
            try {
                commit(pending.get(i), batchId, directory);
            } catch (RuntimeException e) {
                pending.subList(i, pending.size()).forEach(TableBatchWriter::abort);
                throw e;
            }
        }
        writers.forEach(writer -> accepted.put(writer.tableName(), writer.rows()));
        LoadReport report = new LoadReport(batchId, new TreeMap<>(accepted), new TreeMap<>(rejected), alreadyLoaded);
        LOG.info("Loaded batch {}: accepted {}, rejected {}, already loaded {}",
                batchId, report.acceptedByTable(), report.rejectedByReason(), alreadyLoaded);
        return report;
    }

    private static Map<Contract, Path> inputs(Path directory) {
        Map<Contract, Path> inputs = new LinkedHashMap<>();
        for (Contract contract : Contract.events()) {
            Path file = directory.resolve(fileName(contract));
            if (Files.isRegularFile(file)) {
                inputs.put(contract, file);
            }
        }
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("No input files in %s; expected any of %s".formatted(
                    directory, Contract.events().stream().map(RawBatchLoader::fileName).toList()));
        }
        return inputs;
    }

    private static void readFile(Contract contract, Path file, EdgeBatch batch, TableBatchWriter writer,
            TableBatchWriter deadLetters, Map<String, Long> rejected) {
        String fileName = file.getFileName().toString();
        try (JsonLinesReader lines = new JsonLinesReader(Files.newInputStream(file), batch.maxPayloadBytes())) {
            for (JsonLinesReader.Line line = lines.next(); line != null; line = lines.next()) {
                String origin = fileName + ":" + line.number();
                EdgeOutcome outcome = batch.process(contract, line.bytes());
                if (outcome instanceof Accepted accepted) {
                    if (writer != null) {
                        writer.write(accepted.record(), origin);
                    }
                } else {
                    DeadLettered deadLettered = (DeadLettered) outcome;
                    if (deadLetters != null) {
                        deadLetters.write(deadLettered.deadLetter(), origin);
                    }
                    rejected.merge(deadLettered.deadLetter().getReasonCode(), 1L, Long::sum);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    private static void commit(TableBatchWriter writer, String batchId, Path directory) {
        List<DataFile> files = writer.complete();
        if (files.isEmpty()) {
            // nothing of this batch goes to the table, so there is nothing a re-load could duplicate
            return;
        }
        AppendFiles append = writer.table().newAppend();
        files.forEach(append::appendFile);
        append.set(BATCH_ID_PROPERTY, batchId);
        append.set("cdp.batch-source", directory.toAbsolutePath().toString());
        append.commit();
    }

    private static boolean holdsBatch(Table table, String batchId) {
        return StreamSupport.stream(table.snapshots().spliterator(), false)
                .anyMatch(snapshot -> Objects.equals(snapshot.summary().get(BATCH_ID_PROPERTY), batchId));
    }
}
