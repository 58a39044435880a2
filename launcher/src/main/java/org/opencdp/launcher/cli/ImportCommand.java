package org.opencdp.launcher.cli;

import org.opencdp.launcher.edge.EdgePipelines;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.opencdp.ingestion.edge.EdgePipeline;
import org.opencdp.ingestion.importer.ImportLedger;
import org.opencdp.ingestion.importer.ImportResult;
import org.opencdp.ingestion.importer.ImportRun;
import org.opencdp.ingestion.importer.PosFileFormat;
import org.opencdp.ingestion.importer.PosFileImporter;
import org.opencdp.ingestion.importer.PosKafkaImport;
import org.opencdp.ingestion.importer.PosMapping;
import org.opencdp.ingestion.kafka.KafkaEventPublisher;
import org.opencdp.ingestion.kafka.TopicAdmin;
import org.opencdp.launcher.Cdp;
import org.opencdp.platform.config.CdpConfig;
import org.opencdp.schemas.contract.Contract;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "import", description = "Import files from other systems through the edge checks.",
        subcommands = ImportCommand.Pos.class)
public final class ImportCommand implements Callable<Integer> {
    @ParentCommand
    Cdp cdp;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return Cdp.EXIT_USAGE;
    }

    @Command(name = "pos", description = {
            "Import end-of-day POS files (CSV or JSON lines, one line item per line) through the edge pipeline",
            "(validation, tokenization, dead letters) to Kafka: baskets to cdp.pos.transactions, rejects to cdp.dead_letters.",
            "Files already imported to the same cluster (same SHA-256) are skipped unless --force; event ids are",
            "derived from the file checksum, so a forced re-import republishes the same ids."})
    public static final class Pos implements Callable<Integer> {
        @ParentCommand
        ImportCommand parent;

        @Spec
        CommandSpec spec;

        @Option(names = "--mapping", required = true, paramLabel = "dunnhumby|uci|FILE",
                description = "Column mapping: a shipped one (dunnhumby, uci) or a JSON mapping file (see docs/importers.md).")
        String mapping;

        @Option(names = "--file", required = true, paramLabel = "FILE", arity = "1..*",
                description = "File(s) to import; a directory imports its .csv, .jsonl and .ndjson files in name order.")
        List<Path> files;

        @Option(names = "--format", paramLabel = "csv|jsonl",
                description = "File format (default: from the file name, else the mapping's format).")
        String format;

        @Option(names = "--to-kafka", paramLabel = "BOOTSTRAP",
                description = "Kafka bootstrap servers (default: kafka.bootstrap-servers, else the embedded broker's address, which must be running).")
        String bootstrapServers;

        @Option(names = "--force", description = "Import files again even when the import ledger says they were imported.")
        boolean force;

        @Option(names = "--max-open-lines", paramLabel = "N", defaultValue = "2000000",
                description = "Lines held in memory while waiting for the end of their basket, for mappings with grouping 'file'. Default: ${DEFAULT-VALUE}.")
        long maxOpenLines;

        @Override
        public Integer call() {
            CdpConfig config = parent.cdp.config();
            PosMapping posMapping = PosMapping.resolve(mapping);
            PosFileFormat forcedFormat = format == null ? null : PosFileFormat.fromName(format);
            List<Path> inputs = expand(files);
            String bootstrap = bootstrapServers != null ? bootstrapServers : config.kafka().effectiveBootstrapServers();
            PrintWriter out = spec.commandLine().getOut();

            TopicAdmin.ensureTopics(bootstrap, config.kafka().defaultPartitions());
            EdgePipeline pipeline = EdgePipelines.of(config);
            PosFileImporter importer = new PosFileImporter(pipeline, posMapping, maxOpenLines);
            ImportLedger ledger = ImportLedger.underHome(config.home());
            long imported = 0;
            long skipped = 0;
            try (KafkaEventPublisher publisher = new KafkaEventPublisher(bootstrap)) {
                PosKafkaImport kafkaImport = new PosKafkaImport(importer, ledger, publisher, bootstrap, Clock.systemUTC());
                for (Path file : inputs) {
                    PosFileFormat fileFormat = forcedFormat != null ? forcedFormat
                            : PosFileFormat.fromFileName(file).orElse(posMapping.format());
                    long started = System.nanoTime();
                    ImportRun run = kafkaImport.run(file, fileFormat, force);
                    if (run instanceof ImportRun.Skipped skip) {
                        skipped++;
                        out.printf(Locale.ROOT, "%s: already imported to this Kafka cluster at %s (%,d baskets accepted, %,d dead letters); "
                                        + "nothing published. Use --force to import it again.%n",
                                file, skip.previous().importedAt(), skip.previous().basketsAccepted(), skip.previous().deadLetters());
                    } else {
                        imported++;
                        print(out, file, ((ImportRun.Imported) run).result(), System.nanoTime() - started);
                    }
                    out.flush();
                }
            }
            out.printf(Locale.ROOT, "%d file(s) imported, %d skipped; acknowledged by Kafka at %s (%s, %s); ledger %s%n",
                    imported, skipped, bootstrap, Contract.POS_TRANSACTION.topic(), Contract.DEAD_LETTER.topic(), ledger.file());
            out.flush();
            return Cdp.EXIT_OK;
        }

        private static void print(PrintWriter out, Path file, ImportResult result, long nanos) {
            out.printf(Locale.ROOT, "%s (mapping %s, %s, sha256 %s): %,d lines in %.1f s%n", file, result.mapping(),
                    result.format().label(), result.sha256().substring(0, 12), result.lines(), nanos / 1e9);
            out.printf(Locale.ROOT, "  baskets accepted  %,10d  (%,d lines)%n", result.basketsAccepted(), result.linesAccepted());
            result.acceptedTotalsMinor().forEach((currency, minor) -> out.printf(Locale.ROOT, "    total %s %s%n", currency,
                    BigDecimal.valueOf(minor, Currency.getInstance(currency).getDefaultFractionDigits()).toPlainString()));
            out.printf(Locale.ROOT, "  dead letters      %,10d  (%,d lines)%n", result.deadLetters(), result.linesRejected());
            result.deadLettersByReason().forEach((reason, count) -> out.printf(Locale.ROOT, "    %-16s %,10d%n", reason, count));
        }

        private static List<Path> expand(List<Path> paths) {
            List<Path> files = new ArrayList<>();
            for (Path path : paths) {
                if (Files.isDirectory(path)) {
                    try (Stream<Path> listing = Files.list(path)) {
                        listing.filter(Files::isRegularFile)
                                .filter(file -> PosFileFormat.fromFileName(file).isPresent())
                                .sorted()
                                .forEach(files::add);
                    } catch (IOException e) {
                        throw new UncheckedIOException("Cannot list " + path, e);
                    }
                } else if (Files.isRegularFile(path)) {
                    files.add(path);
                } else {
                    throw new IllegalArgumentException("No such file: " + path);
                }
            }
            if (files.isEmpty()) {
                throw new IllegalArgumentException("No .csv, .jsonl or .ndjson file in " + paths);
            }
            return files;
        }
    }
}
