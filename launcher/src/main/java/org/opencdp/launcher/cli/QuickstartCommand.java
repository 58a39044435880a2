package org.opencdp.launcher.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.opencdp.infra.kafka.EmbeddedKafkaBroker;
import org.opencdp.launcher.Cdp;
import org.opencdp.platform.config.CdpConfig;
import org.opencdp.platform.config.CdpProperties;
import org.opencdp.platform.generator.GenerationResult;
import org.opencdp.platform.generator.GeneratorSettings;
import org.opencdp.platform.generator.OmoGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * The main pipeline end to end on generated data, in the embedded mode: generate OMO data, send it through
 * the edge (validation, tokenization, dead letters) to an in-process Kafka broker, run the streaming jobs
 * (raw ingest, canonical events, identity links, consent) until they have read everything, resolve
 * identities with the Spark job, then summarise the lakehouse. It runs in its own home, {@code $CDP_HOME/quickstart}, recreated on every run so a second
 * run never doubles the first one's rows.
 */
@Command(name = "quickstart", description = "Run the embedded pipeline on generated OMO data and print a summary.")
public final class QuickstartCommand implements Callable<Integer> {
    /**
     * Two weeks of history: the streaming jobs keep one open file per table and day, so a short period keeps
     * the embedded jobs small (the generator's default spans three months).
     */
    static final java.time.Instant START = java.time.Instant.parse("2026-10-18T00:00:00Z");
    static final java.time.Instant END = java.time.Instant.parse("2026-11-01T00:00:00Z");

    /** Streaming jobs in the order they run; each reads the topics to their end and stops. */
    static final List<String> STREAMING_JOBS = List.of("raw-ingest", "core-events", "identity-links", "consent");

    private static final int LOG_TAIL_LINES = 40;

    @ParentCommand
    Cdp cdp;

    @Spec
    CommandSpec spec;

    @Option(names = "--members", defaultValue = "10000", description = "Number of people to generate. Default: ${DEFAULT-VALUE}.")
    int members;

    @Option(names = "--seed", defaultValue = "42", description = "Generator seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        long started = System.nanoTime();
        Path home = cdp.config().home().resolve("quickstart");
        deleteRecursively(home);
        Files.createDirectories(home);
        Map<String, String> environment = new HashMap<>(Map.of("CDP_HOME", home.toString()));
        CdpConfig config = CdpConfig.load(Optional.empty(), environment);
        StreamJobLauncher streaming = StreamJobLauncher.locate();
        Path logs = home.resolve("logs");
        out.printf("OpenCDP quickstart (embedded mode, home %s)%n%n", home);

        out.println("1/5 Generating OMO data");
        Path data = home.resolve("data");
        GeneratorSettings settings = GenerateCommand.settings(members, seed, START, END, 0.01, false);
        long step = System.nanoTime();
        GenerationResult generated = new OmoGenerator(settings).generate(data);
        Summary.printGeneration(out, generated, System.nanoTime() - step);

        try (OpenLakehouse open = new OpenLakehouse(config)) {
            out.printf("%n2/5 Creating the lakehouse (catalog '%s')%n", config.catalog().name());
            out.print(open.lakehouse().init().format());
            out.flush();
        }

        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Settings.defaults()
                .withHost(config.bindHost())
                .withLogDirectory(home.resolve("kafka")))) {
            // the jobs run in their own processes: point them at this broker
            environment.put(CdpProperties.environmentVariable(CdpProperties.KAFKA_BOOTSTRAP_SERVERS), broker.bootstrapServers());

            out.printf("%n3/5 Collecting: validating, tokenizing and publishing to Kafka at %s%n", broker.bootstrapServers());
            step = System.nanoTime();
            try (KafkaSink sink = new KafkaSink(config, broker.bootstrapServers())) {
                new OmoGenerator(settings).generate(sink);
                sink.flush();
                sink.printTopics(out);
            }
            out.printf(Locale.ROOT, "  acknowledged in %.1f s%n", (System.nanoTime() - step) / 1e9);

            out.printf("%n4/5 Streaming jobs on Flink (each reads its topics to the end, then stops; logs in %s)%n", logs);
            out.flush();
            for (String job : STREAMING_JOBS) {
                step = System.nanoTime();
                Path log = logs.resolve(job + ".log");
                int exitCode = streaming.run(job, List.of("-Xmx2g"), List.of("--home", home.toString(), "--bounded"), environment, log);
                checkExit("Streaming job " + job, exitCode, log);
                out.printf(Locale.ROOT, "  %-16s done in %.1f s%n", job, (System.nanoTime() - step) / 1e9);
                out.flush();
            }
        }

        out.printf("%n5/5 Resolving identities on Spark (full run)%n");
        out.flush();
        step = System.nanoTime();
        Path log = logs.resolve("identity.log");
        int exitCode = BatchJobLauncher.locate().run(IdentityCommand.JOB_CLASS, List.of("-Xmx2g"), List.of("run", "--full", "--home", home.toString()), log);
        checkExit("Identity resolution", exitCode, log);
        out.printf(Locale.ROOT, "  identity resolution done in %.1f s%n", (System.nanoTime() - step) / 1e9);

        try (OpenLakehouse open = new OpenLakehouse(config)) {
            out.printf("%nSummary%n");
            LakehouseCommand.print(open.lakehouse().tables(), out);
        }
        out.printf(Locale.ROOT, "%nDone in %.1f s. Explore with: bin/cdp --home %s lakehouse tables%n",
                (System.nanoTime() - started) / 1e9, home);
        out.flush();
        return Cdp.EXIT_OK;
    }

    /** A failed job names its log and shows the end of it, where the cause is. */
    private static void checkExit(String job, int exitCode, Path log) throws IOException {
        if (exitCode == 0) {
            return;
        }
        List<String> lines = Files.readAllLines(log);
        String tail = String.join(System.lineSeparator(), lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        throw new IllegalStateException("%s failed with exit code %d; its log is %s, ending with:%n%s".formatted(job, exitCode, log, tail));
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            List<Path> all = new ArrayList<>(paths.sorted(Comparator.reverseOrder()).toList());
            for (Path path : all) {
                Files.delete(path);
            }
        }
    }
}
