package org.opencdp.launcher.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.opencdp.launcher.Cdp;
import org.opencdp.platform.config.CdpConfig;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code cdp identity ...}: identity resolution. Every subcommand runs the Spark job
 * {@code org.opencdp.batch.identity.IdentityResolutionJob} in its own java process (the launcher does not link
 * Spark), with the same configuration file and home.
 */
@Command(name = "identity",
        description = "Identity resolution: build the member graph from identity.links, explain, unmerge, stats.",
        subcommands = {
            IdentityCommand.Run.class,
            IdentityCommand.Explain.class,
            IdentityCommand.Unmerge.class,
            IdentityCommand.Stats.class,
            IdentityEvaluateCommand.class
        })
public final class IdentityCommand {
    /** The Spark job's main class, in batch-jobs. */
    public static final String JOB_CLASS = "org.opencdp.batch.identity.IdentityResolutionJob";

    @ParentCommand
    Cdp cdp;

    /** Options of every subcommand that runs the Spark job. */
    static final class JobOptions {
        @Option(names = "--java-option", paramLabel = "OPTION", description = "JVM option of the job process (repeatable; default -Xmx4g).")
        List<String> javaOptions = new ArrayList<>();

        @Option(names = "--rules", paramLabel = "FILE", description = "Identity rules overriding the defaults (properties, see identity-resolution/README.md).")
        java.nio.file.Path rules;
    }

    int launch(JobOptions options, List<String> actionArguments) throws Exception {
        List<String> javaOptions = options.javaOptions;
        java.nio.file.Path rules = options.rules;
        CdpConfig config = cdp.config();
        List<String> arguments = new ArrayList<>(actionArguments);
        config.configFile().ifPresent(file -> {
            arguments.add("--config");
            arguments.add(file.toAbsolutePath().toString());
        });
        arguments.add("--home");
        arguments.add(config.home().toAbsolutePath().toString());
        if (rules != null) {
            arguments.add("--rules");
            arguments.add(rules.toAbsolutePath().toString());
        }
        int exitCode = BatchJobLauncher.locate().run(JOB_CLASS, javaOptions.isEmpty() ? List.of("-Xmx4g") : javaOptions, arguments);
        return exitCode == 0 ? Cdp.EXIT_OK : exitCode;
    }

    @Command(name = "run", description = "Resolve identities from identity.links into identity.graph, members, aliases, quarantine, conflicts.")
    static final class Run implements Callable<Integer> {
        @ParentCommand
        IdentityCommand parent;

        @Mixin
        JobOptions options;

        @ArgGroup(exclusive = true)
        ModeOption mode;

        static final class ModeOption {
            @Option(names = "--full", required = true, description = "Recompute every component.")
            boolean full;

            @Option(names = "--incremental", required = true, description = "Recompute only what links added since the last run can change (default; the first run is full).")
            boolean incremental;
        }

        @Option(names = "--every", paramLabel = "DURATION",
                description = "Stay up and run again each time DURATION (e.g. 5m) has passed since the previous run ended, in one warm Spark session (incremental runs only).")
        String every;

        @Option(names = "--runs", paramLabel = "N", description = "With --every: stop after N runs (default: run until stopped).")
        Long runs;

        @Override
        public Integer call() throws Exception {
            List<String> arguments = new ArrayList<>(List.of("run", mode != null && mode.full ? "--full" : "--incremental"));
            if (every != null) {
                arguments.addAll(List.of("--every", every));
            }
            if (runs != null) {
                arguments.addAll(List.of("--runs", runs.toString()));
            }
            return parent.launch(options, arguments);
        }
    }

    @Command(name = "explain", description = "Why an identifier (TYPE:token) or a member id is what it is: edges, rules, conflicts, drops, hubs, aliases.")
    static final class Explain implements Callable<Integer> {
        @ParentCommand
        IdentityCommand parent;

        @Mixin
        JobOptions options;

        @Parameters(index = "0", paramLabel = "ID", description = "TYPE:token of an identifier, or a member id (aliases are followed).")
        String id;

        @Override
        public Integer call() throws Exception {
            return parent.launch(options, List.of("explain", id));
        }
    }

    @Command(name = "unmerge", description = "Mark an edge or an identifier bad and re-cluster what it held together.")
    static final class Unmerge implements Callable<Integer> {
        @ParentCommand
        IdentityCommand parent;

        @Mixin
        JobOptions options;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Target target;

        static final class Target {
            @Option(names = "--edge", paramLabel = "LINK_ID", required = true, description = "Link id of the edge.")
            String edge;

            @Option(names = "--identifier", paramLabel = "TYPE:token", required = true, description = "The identifier.")
            String identifier;
        }

        @Option(names = "--reason", description = "Why (kept in identity.marks).", defaultValue = "marked bad by an operator")
        String reason;

        @Override
        public Integer call() throws Exception {
            List<String> arguments = new ArrayList<>(List.of("unmerge"));
            if (target.edge != null) {
                arguments.addAll(List.of("--edge", target.edge));
            } else {
                arguments.addAll(List.of("--identifier", target.identifier));
            }
            arguments.addAll(List.of("--reason", reason));
            return parent.launch(options, arguments);
        }
    }

    @Command(name = "stats", description = "Members, identifiers, member-size histogram, aliases, quarantined hubs, last runs.")
    static final class Stats implements Callable<Integer> {
        @ParentCommand
        IdentityCommand parent;

        @Mixin
        JobOptions options;

        @Override
        public Integer call() throws Exception {
            return parent.launch(options, List.of("stats"));
        }
    }
}
