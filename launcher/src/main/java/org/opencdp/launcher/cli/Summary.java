package org.opencdp.launcher.cli;

import java.io.PrintWriter;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
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
}
