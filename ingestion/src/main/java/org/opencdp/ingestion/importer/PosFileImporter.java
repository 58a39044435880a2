package org.opencdp.ingestion.importer;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.opencdp.ingestion.decode.Rejection;
import org.opencdp.ingestion.edge.Accepted;
import org.opencdp.ingestion.edge.DeadLettered;
import org.opencdp.ingestion.edge.EdgeBatch;
import org.opencdp.ingestion.edge.EdgeOutcome;
import org.opencdp.ingestion.edge.EdgePipeline;
import org.opencdp.ingestion.edge.IngestStage;
import org.opencdp.schemas.avro.DeadLetter;
import org.opencdp.schemas.contract.Contract;

/**
 * Reads an end-of-day POS file through a {@link PosMapping} and hands one {@link EdgeOutcome} per basket to a
 * sink: each basket goes through the {@link EdgePipeline} as the {@code PosTransaction} JSON a terminal would
 * post to the collector (same validation, tokenization and dead letters), as one batch per file. Whatever is
 * rejected, by the mapping or by the pipeline, is dead-lettered with the original lines of the file as payload
 * (after the CSV header line), never with the intermediate JSON.
 *
 * <p>Deterministic: event ids come from the file checksum, the basket id and its first line; dead-letter ids
 * from the batch id (the checksum) and the position; so importing a file twice gives the same records.
 */
public final class PosFileImporter {
    /** Default bound of lines held in memory by grouping 'file' (a few hundred MB of heap). */
    public static final long DEFAULT_MAX_OPEN_LINES = 2_000_000;

    private final EdgePipeline pipeline;
    private final PosMapping mapping;
    private final long maxOpenLines;

    public PosFileImporter(EdgePipeline pipeline, PosMapping mapping) {
        this(pipeline, mapping, DEFAULT_MAX_OPEN_LINES);
    }

    public PosFileImporter(EdgePipeline pipeline, PosMapping mapping, long maxOpenLines) {
        this.pipeline = requireNonNull(pipeline, "pipeline is null");
        this.mapping = requireNonNull(mapping, "mapping is null");
        if (maxOpenLines < 1) {
            throw new IllegalArgumentException("maxOpenLines must be positive: " + maxOpenLines);
        }
        this.maxOpenLines = maxOpenLines;
    }

    public PosMapping mapping() {
        return mapping;
    }

    /** Hex SHA-256 of a file's bytes. */
    public static String checksum(Path file) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                digest.update(buffer, 0, read);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read POS file " + file, e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * Imports one file. Outcomes reach {@code sink} in a deterministic order; the sink publishes them. Throws
     * (after some outcomes may have reached the sink) only when the file cannot be read at all or grouping
     * 'file' exceeds its bound; a retry then yields the same ids.
     *
     * @param format the layout, or null for the mapping's default
     */
    public ImportResult importFile(Path file, PosFileFormat format, Consumer<EdgeOutcome> sink) {
        requireNonNull(file, "file is null");
        requireNonNull(sink, "sink is null");
        PosFileFormat effectiveFormat = format == null ? mapping.format() : format;
        String sha256 = checksum(file);
        String fileName = file.getFileName().toString();
        EdgeBatch batch = pipeline.newBatch("pos-import-" + sha256.substring(0, 32), IngestStage.IMPORTER);
        BasketConverter converter = new BasketConverter(mapping, sha256, fileName);
        Counts counts = new Counts();

        try (SourceLineReader reader = SourceLineReader.open(file, effectiveFormat, mapping.delimiter().charAt(0))) {
            String preamble = reader.payloadPreamble();
            BasketGrouper grouper = new BasketGrouper(mapping.columns().basketId(), mapping.grouping(), maxOpenLines,
                    new BasketGrouper.Listener() {
                        @Override
                        public void basket(Basket basket) {
                            EdgeOutcome outcome = process(batch, converter, basket, preamble);
                            counts.add(outcome, basket.lines().size());
                            sink.accept(outcome);
                        }

                        @Override
                        public void rejected(SourceLine line, Rejection rejection) {
                            EdgeOutcome outcome = batch.reject(Contract.POS_TRANSACTION, payload(preamble, List.of(line)), rejection);
                            counts.add(outcome, 1);
                            sink.accept(outcome);
                        }
                    });
            long lastLine = 0;
            for (SourceLine line = reader.next(); line != null; line = reader.next()) {
                counts.lines++;
                lastLine = line.lineNumber();
                grouper.add(line);
            }
            grouper.finish(lastLine);
        }
        return new ImportResult(fileName, sha256, mapping.name(), effectiveFormat, counts.lines, counts.basketsAccepted,
                counts.linesAccepted, counts.deadLetters, counts.linesRejected, counts.reasons, counts.totals);
    }

    private static EdgeOutcome process(EdgeBatch batch, BasketConverter converter, Basket basket, String preamble) {
        byte[] original = payload(preamble, basket.lines());
        BasketConverter.Conversion conversion = converter.convert(basket);
        if (conversion instanceof BasketConverter.Failed failed) {
            return batch.reject(Contract.POS_TRANSACTION, original, failed.rejection());
        }
        BasketConverter.Converted converted = (BasketConverter.Converted) conversion;
        EdgeOutcome outcome = batch.process(Contract.POS_TRANSACTION, converted.json());
        if (outcome instanceof DeadLettered deadLettered) {
            // the file's lines, not the intermediate JSON, are what an operator can fix and import again
            DeadLetter withOriginal = DeadLetter.newBuilder(deadLettered.deadLetter())
                    .setOriginalPayload(ByteBuffer.wrap(original))
                    .build();
            return new DeadLettered(deadLettered.contract(), deadLettered.rejection(), withOriginal);
        }
        return outcome;
    }

    private static byte[] payload(String preamble, List<SourceLine> lines) {
        return (preamble + lines.stream().map(SourceLine::rawText).collect(Collectors.joining("\n")))
                .getBytes(StandardCharsets.UTF_8);
    }

    private static final class Counts {
        long lines;
        long basketsAccepted;
        long linesAccepted;
        long deadLetters;
        long linesRejected;
        final Map<String, Long> reasons = new HashMap<>();
        final Map<String, Long> totals = new HashMap<>();

        void add(EdgeOutcome outcome, int lineCount) {
            if (outcome instanceof Accepted accepted) {
                basketsAccepted++;
                linesAccepted += lineCount;
                org.opencdp.schemas.avro.PosTransaction transaction = (org.opencdp.schemas.avro.PosTransaction) accepted.record();
                totals.merge(transaction.getCurrency(), transaction.getTotalMinor(), Long::sum);
            } else {
                deadLetters++;
                linesRejected += lineCount;
                reasons.merge(((DeadLettered) outcome).deadLetter().getReasonCode(), 1L, Long::sum);
            }
        }
    }
}
