package org.opencdp.launcher.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.opencdp.identity.rules.IdentityRules;
import org.opencdp.ingestion.pii.Tokenizer;
import org.opencdp.launcher.identity.IdentityQualityEvaluation;
import org.opencdp.launcher.identity.IdentityQualityReport;
import org.opencdp.platform.generator.GeneratorSettings;
import org.opencdp.platform.generator.OmoGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "evaluate", mixinStandardHelpOptions = true, description = {
        "Measure identity resolution against the generator's ground truth: generate N people with every hazard on",
        "(or read a generated directory), run every line through the ingestion edge, extract links, cluster with",
        "the identity rules and print pairwise precision, recall and F1, over- and under-merged people, member sizes,",
        "quarantined hubs and the recycled-phone outcome. Exit code 0 when the quality bar is met, 1 otherwise."})
public final class IdentityEvaluateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--members", defaultValue = "100000", description = "People to generate. Default: ${DEFAULT-VALUE}.")
    int members;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the generator. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--start", defaultValue = "2024-06-01T00:00:00Z", description = "First instant of the generated period (two years by default, so a recycled number stays idle longer than the carriers' 90-day minimum). Default: ${DEFAULT-VALUE}.")
    Instant start;

    @Option(names = "--end", defaultValue = "2026-06-01T00:00:00Z", description = "End of the generated period (exclusive). Default: ${DEFAULT-VALUE}.")
    Instant end;

    @Option(names = "--dataset", paramLabel = "DIR", description = "Evaluate this generated directory instead of generating one (--members, --seed, --start, --end are then ignored).")
    Path dataset;

    @Option(names = "--keep", paramLabel = "DIR", description = "Generate into this directory and keep it (default: a temporary directory, deleted afterwards).")
    Path keep;

    @Option(names = "--rules", paramLabel = "FILE", description = "Identity rules overriding the defaults (properties).")
    Path rulesFile;

    @Override
    public Integer call()
            throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        IdentityRules rules = rulesFile == null ? IdentityRules.defaults() : IdentityRules.load(rulesFile);
        // a key of this run only: the evaluation stores nothing, and tokens never meet tokens of another key
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        IdentityQualityEvaluation evaluation = new IdentityQualityEvaluation(new Tokenizer("evaluation", key), rules);

        if (dataset != null) {
            out.println("dataset           " + dataset);
            return print(out, evaluation.evaluate(dataset));
        }
        if (members <= 0) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--members must be positive: " + members);
        }
        Path directory = keep != null ? keep : Files.createTempDirectory("cdp-identity-evaluate-");
        try {
            long started = System.nanoTime();
            new OmoGenerator(GeneratorSettings.of(members, seed, start, end)).generate(directory);
            out.printf("generated         %,d people, seed %d, %s to %s, every hazard on, in %.1f s (%s)%n",
                    members, seed, start, end, (System.nanoTime() - started) / 1e9, directory);
            out.flush();
            return print(out, evaluation.evaluate(directory));
        }
        finally {
            if (keep == null) {
                deleteRecursively(directory);
            }
        }
    }

    private static int print(PrintWriter out, IdentityQualityReport report) {
        out.print(report.render());
        out.flush();
        return report.meetsBar() ? 0 : 1;
    }

    private static void deleteRecursively(Path directory)
            throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(path);
            }
        }
    }
}
