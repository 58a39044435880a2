package org.opencdp.launcher.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.opencdp.launcher.Cdp;
import org.opencdp.platform.lakehouse.InitReport;
import org.opencdp.platform.lakehouse.TableStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "lakehouse", description = "Create and inspect the Iceberg tables of the platform.",
        subcommands = {LakehouseCommand.Init.class, LakehouseCommand.Tables.class})
public final class LakehouseCommand {
    @ParentCommand
    Cdp cdp;

    @Command(name = "init", description = "Create missing namespaces and tables and evolve existing ones (adds columns); safe to run again.")
    static final class Init implements Callable<Integer> {
        @ParentCommand
        LakehouseCommand parent;

        @Spec
        CommandSpec spec;

        @picocli.CommandLine.Option(names = "--metrics-line",
                description = "End the output with one JSON line of counts (the metrics the job-control server records).")
        boolean metricsLine;

        @Override
        public Integer call() {
            try (OpenLakehouse open = new OpenLakehouse(parent.cdp.config())) {
                InitReport report = open.lakehouse().init();
                spec.commandLine().getOut().print(report.format());
                if (metricsLine) {
                    spec.commandLine().getOut().println(metrics(report));
                }
                spec.commandLine().getOut().flush();
            }
            return Cdp.EXIT_OK;
        }

        static String metrics(InitReport report) {
            java.util.Map<InitReport.Outcome, Long> counts = new java.util.EnumMap<>(InitReport.Outcome.class);
            report.tables().forEach(table -> counts.merge(table.outcome(), 1L, Long::sum));
            return String.format(Locale.ROOT, "{\"namespacesCreated\":%d,\"tablesCreated\":%d,\"tablesEvolved\":%d,\"tablesUnchanged\":%d}",
                    report.createdNamespaces().size(),
                    counts.getOrDefault(InitReport.Outcome.CREATED, 0L),
                    counts.getOrDefault(InitReport.Outcome.EVOLVED, 0L),
                    counts.getOrDefault(InitReport.Outcome.UNCHANGED, 0L));
        }
    }

    @Command(name = "tables", description = "List the tables with their row counts and current snapshot ids.")
    static final class Tables implements Callable<Integer> {
        @ParentCommand
        LakehouseCommand parent;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try (OpenLakehouse open = new OpenLakehouse(parent.cdp.config())) {
                print(open.lakehouse().tables(), spec.commandLine().getOut());
            }
            return Cdp.EXIT_OK;
        }
    }

    static void print(List<TableStatus> tables, PrintWriter out) {
        out.printf(Locale.ROOT, "%-26s %12s %7s %20s  %s%n", "table", "rows", "files", "snapshot", "last commit");
        for (TableStatus status : tables) {
            if (!status.exists()) {
                out.printf(Locale.ROOT, "%-26s %12s %7s %20s  %s%n", status.identifier(), "-", "-", "-", "missing (run cdp lakehouse init)");
                continue;
            }
            out.printf(Locale.ROOT, "%-26s %,12d %7d %20s  %s%n",
                    status.identifier(),
                    status.rowCount(),
                    status.dataFileCount(),
                    status.currentSnapshotId().isPresent() ? Long.toString(status.currentSnapshotId().getAsLong()) : "-",
                    status.lastCommit().map(Object::toString).orElse("-"));
        }
        out.flush();
    }
}
