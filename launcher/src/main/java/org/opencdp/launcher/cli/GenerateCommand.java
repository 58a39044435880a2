package org.opencdp.launcher.cli;

import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.opencdp.launcher.Cdp;
import org.opencdp.platform.generator.GenerationResult;
import org.opencdp.platform.generator.GeneratorSettings;
import org.opencdp.platform.generator.OmoGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "generate", description = {
        "Generate deterministic synthetic OMO data (web, app, mini-program, POS and consent events) for N people,",
        "with a ground truth mapping every identifier to its person. Same members, seed and period give byte-identical files."})
public final class GenerateCommand implements Callable<Integer> {
    static final Instant DEFAULT_START = Instant.parse("2026-08-01T00:00:00Z");
    static final Instant DEFAULT_END = Instant.parse("2026-11-01T00:00:00Z");

    @ParentCommand
    Cdp cdp;

    @Spec
    CommandSpec spec;

    @Option(names = "--members", required = true, description = "Number of people to generate.")
    int members;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of every random choice. Default: ${DEFAULT-VALUE}.")
    long seed;

    @picocli.CommandLine.ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    static final class Target {
        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory for the .jsonl files, ground_truth.csv and manifest.json.")
        Path out;

        @Option(names = "--to-kafka", required = true, paramLabel = "BOOTSTRAP",
                description = "Send the records through the edge pipeline (validation, tokenization, dead letters) to the Kafka topics at these bootstrap servers.")
        String bootstrapServers;
    }

    @Option(names = "--start", defaultValue = "2026-08-01T00:00:00Z", description = "First instant of the period (ISO-8601). Default: ${DEFAULT-VALUE}.")
    Instant start;

    @Option(names = "--end", defaultValue = "2026-11-01T00:00:00Z", description = "End of the period (ISO-8601, exclusive). Default: ${DEFAULT-VALUE}.")
    Instant end;

    @Option(names = "--bad-rate", defaultValue = "0.01", description = "Share of deliberately bad records (malformed, missing fields, wrong types, future timestamps, duplicates). Default: ${DEFAULT-VALUE}.")
    double badRate;

    @Option(names = "--no-hazards", description = "Generate clean identities: no shared devices, placeholder phones, recycled numbers, test accounts.")
    boolean noHazards;

    @Override
    public Integer call() throws Exception {
        GeneratorSettings settings = settings(members, seed, start, end, badRate, noHazards);
        long started = System.nanoTime();
        if (target.out != null) {
            GenerationResult result = new OmoGenerator(settings).generate(target.out);
            Summary.printGeneration(spec.commandLine().getOut(), result, System.nanoTime() - started);
            return Cdp.EXIT_OK;
        }
        try (KafkaSink sink = new KafkaSink(cdp.config(), target.bootstrapServers)) {
            GenerationResult result = new OmoGenerator(settings).generate(sink);
            sink.flush();
            Summary.printGeneration(spec.commandLine().getOut(), result, System.nanoTime() - started);
            sink.printTopics(spec.commandLine().getOut());
        }
        return Cdp.EXIT_OK;
    }

    static GeneratorSettings settings(int members, long seed, Instant start, Instant end, double badRate, boolean noHazards) {
        GeneratorSettings settings = GeneratorSettings.of(members, seed, start, end).withBadRecordRate(badRate);
        return noHazards ? settings.withoutHazards() : settings;
    }
}
