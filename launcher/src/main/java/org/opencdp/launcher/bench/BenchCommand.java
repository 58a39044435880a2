package org.opencdp.launcher.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.opencdp.launcher.Cdp;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "bench", description = "Run benchmarks: each prints a table measured against a peer in the same run and writes it as markdown.",
        subcommands = {BenchCommand.ListBenchmarks.class, BenchCommand.Run.class})
public final class BenchCommand {
    @ParentCommand
    Cdp cdp;

    @Command(name = "list", description = "List the benchmarks.")
    static final class ListBenchmarks implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            for (Benchmark benchmark : Benchmarks.all()) {
                spec.commandLine().getOut().printf("%-16s %s%n", benchmark.name(), benchmark.description());
            }
            return Cdp.EXIT_OK;
        }
    }

    @Command(name = "run", description = "Run benchmarks by name (all when none is given).")
    static final class Run implements Callable<Integer> {
        @ParentCommand
        BenchCommand bench;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "NAME", arity = "0..*", description = "Benchmarks to run (see `cdp bench list`).")
        List<String> names = new ArrayList<>();

        @Option(names = "--scale", defaultValue = "quick", description = "quick (smoke run, seconds) or full (the published figures). Default: ${DEFAULT-VALUE}.")
        String scale;

        @Option(names = "--out", paramLabel = "FILE", description = "Markdown file to write (default: $CDP_HOME/bench/bench-<time>.md).")
        Path out;

        @Override
        public Integer call() throws Exception {
            List<Benchmark> selected = names.isEmpty() ? Benchmarks.all() : names.stream().map(Benchmarks::byName).toList();
            BenchContext.Scale chosenScale = parseScale(scale);
            Path home = bench.cdp.config().home();
            Path workDir = Files.createDirectories(home.resolve("bench").resolve("work"));
            Path file = out != null ? out : home.resolve("bench").resolve("bench-"
                    + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".md");
            StringBuilder markdown = new StringBuilder();
            for (Benchmark benchmark : selected) {
                String command = "bin/cdp bench run %s --scale %s".formatted(benchmark.name(), chosenScale.name().toLowerCase());
                BenchReport report = benchmark.run(new BenchContext(bench.cdp.config(), workDir, chosenScale, command));
                spec.commandLine().getOut().println(report.toText());
                spec.commandLine().getOut().flush();
                markdown.append(report.toMarkdown()).append("\n");
            }
            if (file.toAbsolutePath().getParent() != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
            Files.writeString(file, markdown.toString());
            spec.commandLine().getOut().println("Wrote " + file);
            return Cdp.EXIT_OK;
        }

        private BenchContext.Scale parseScale(String value) {
            try {
                return BenchContext.Scale.valueOf(value.toUpperCase());
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Invalid scale '" + value + "': expected quick or full");
            }
        }
    }
}
