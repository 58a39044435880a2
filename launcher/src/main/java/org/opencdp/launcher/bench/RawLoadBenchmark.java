package org.opencdp.launcher.bench;

import org.opencdp.launcher.edge.EdgePipelines;
import java.io.Closeable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import org.apache.iceberg.catalog.Catalog;
import org.opencdp.ingestion.batch.JsonLinesReader;
import org.opencdp.ingestion.batch.LoadReport;
import org.opencdp.ingestion.batch.RawBatchLoader;
import org.opencdp.ingestion.edge.Accepted;
import org.opencdp.ingestion.edge.EdgeBatch;
import org.opencdp.ingestion.edge.EdgePipeline;
import org.opencdp.ingestion.edge.IngestStage;
import org.opencdp.platform.catalog.Catalogs;
import org.opencdp.platform.config.CdpConfig;
import org.opencdp.platform.generator.GenerationResult;
import org.opencdp.platform.generator.GeneratorSettings;
import org.opencdp.platform.generator.OmoGenerator;
import org.opencdp.platform.lakehouse.Lakehouse;
import org.opencdp.schemas.contract.Contract;

/**
 * The batch raw load end to end (JSON lines through validation, tokenization and dead letters into the
 * raw Iceberg tables) against its own ceiling: the same edge pipeline on the same lines without writing
 * anything. The ratio is the share of edge throughput the lakehouse write keeps.
 */
final class RawLoadBenchmark implements Benchmark {
    @Override
    public String name() {
        return "raw-load";
    }

    @Override
    public String description() {
        return "generated JSON lines to the raw Iceberg tables (validate, tokenize, write) vs the edge pipeline alone (no write)";
    }

    @Override
    public BenchReport run(BenchContext context) throws Exception {
        Path home = Files.createTempDirectory(context.workDir(), "raw-load-home");
        try {
            return run(context, home);
        } finally {
            BenchContext.deleteQuietly(home);
        }
    }

    private static BenchReport run(BenchContext context, Path home) throws Exception {
        int members = context.scale() == BenchContext.Scale.FULL ? 50_000 : 2_000;
        Path data = home.resolve("data");
        GenerationResult generated = new OmoGenerator(GeneratorSettings.of(members, 7,
                java.time.Instant.parse("2026-08-01T00:00:00Z"), java.time.Instant.parse("2026-11-01T00:00:00Z"))).generate(data);
        long lines = generated.totalLines();

        CdpConfig config = CdpConfig.forHome(home);
        EdgePipeline pipeline = EdgePipelines.of(config);

        // warm both paths once on the same data so neither pays for class loading and JIT alone
        edgeOnly(pipeline, data);
        long edgeStart = System.nanoTime();
        long edgeAccepted = edgeOnly(pipeline, data);
        double edgeSeconds = (System.nanoTime() - edgeStart) / 1e9;

        Catalog catalog = Catalogs.open(config.catalog());
        try {
            new Lakehouse(catalog).init();
            long loadStart = System.nanoTime();
            LoadReport report = new RawBatchLoader(catalog, pipeline, Clock.systemUTC()).load(data);
            double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
            if (report.accepted() != edgeAccepted) {
                throw new IllegalStateException("Load accepted %d events but the edge pipeline alone accepted %d".formatted(report.accepted(), edgeAccepted));
            }
            int cores = Runtime.getRuntime().availableProcessors();
            double loadRate = lines / loadSeconds;
            double edgeRate = lines / edgeSeconds;
            return new BenchReport(
                    "Raw load: %,d generated lines (%,d people) into the raw Iceberg tables".formatted(lines, members),
                    context.command(),
                    BenchContext.environment(),
                    List.of("path", "seconds", "lines/s", "lines/s per core", "ratio vs peer"),
                    List.of(
                            List.of("decode + tokenize + Iceberg write (RawBatchLoader)", seconds(loadSeconds), rate(loadRate), rate(loadRate / cores),
                                    "%.2f".formatted(loadRate / edgeRate)),
                            List.of("decode + tokenize only (peer, ceiling)", seconds(edgeSeconds), rate(edgeRate), rate(edgeRate / cores), "1.00")),
                    List.of("%,d accepted, %,d rejected to raw.dead_letters".formatted(report.accepted(), report.rejected()),
                            "single-threaded loader; per core = divided by all %d cores".formatted(cores)));
        } finally {
            if (catalog instanceof Closeable closeable) {
                closeable.close();
            }
        }
    }

    private static long edgeOnly(EdgePipeline pipeline, Path data) throws Exception {
        EdgeBatch batch = pipeline.newBatch("bench-" + System.nanoTime(), IngestStage.IMPORTER);
        long accepted = 0;
        for (Contract contract : Contract.events()) {
            Path file = data.resolve(RawBatchLoader.fileName(contract));
            if (!Files.exists(file)) {
                continue;
            }
            try (JsonLinesReader lines = new JsonLinesReader(Files.newInputStream(file), batch.maxPayloadBytes())) {
                for (JsonLinesReader.Line line = lines.next(); line != null; line = lines.next()) {
                    if (batch.process(contract, line.bytes()) instanceof Accepted) {
                        accepted++;
                    }
                }
            }
        }
        return accepted;
    }

    private static String seconds(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    private static String rate(double value) {
        return String.format(Locale.ROOT, "%,.0f", value);
    }
}
