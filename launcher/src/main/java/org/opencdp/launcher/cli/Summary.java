package org.opencdp.launcher.cli;

import java.io.PrintWriter;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import org.opencdp.ingestion.batch.LoadReport;
import org.opencdp.platform.generator.GenerationResult;

/** Human-readable summaries printed by the commands. */
final class Summary {
    private Summary() {}

    static void printGeneration(PrintWriter out, GenerationResult result, long nanos) {
        out.printf(Locale.ROOT, "Generated %,d people: %,d lines (%,d good, %,d bad on purpose) in %.1f s%n",
                result.persons(), result.totalLines(), result.goodLines(), result.badLines(), nanos / 1e9);
        result.sources().entrySet().stream()
                .sorted(Map.Entry.comparingByKey(Comparator.comparing(source -> source.sourceName())))
                .forEach(entry -> out.printf(Locale.ROOT, "  %-22s %,10d lines %,8d bad%n",
                        entry.getKey().sourceName(), entry.getValue().lines(), entry.getValue().bad()));
        result.outputDirectory().ifPresent(dir -> out.printf("  written to %s (ground truth: ground_truth.csv)%n", dir));
        out.flush();
    }

    static void printLoad(PrintWriter out, LoadReport report, long nanos) {
        if (report.alreadyLoaded()) {
            out.printf(Locale.ROOT, "Batch %s was already loaded into %s: nothing added%n", report.batchId(),
                    String.join(", ", report.alreadyLoadedTables()));
            out.flush();
            return;
        }
        out.printf(Locale.ROOT, "Loaded batch %s: %,d events accepted, %,d rejected to raw.dead_letters in %.1f s%n",
                report.batchId(), report.accepted(), report.rejected(), nanos / 1e9);
        report.acceptedByTable().forEach((table, rows) -> out.printf(Locale.ROOT, "  %-26s %,10d rows%n", table, rows));
        report.rejectedByReason().forEach((reason, rows) -> out.printf(Locale.ROOT, "  rejected %-17s %,10d%n", reason, rows));
        out.flush();
    }
}
