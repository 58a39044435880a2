package org.opencdp.launcher.stack;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.opencdp.infra.stack.LocalStack;
import org.opencdp.infra.stack.StackComponent;
import org.opencdp.infra.stack.StackState;
import org.opencdp.launcher.Cdp;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "stack", description = "Run the local stack on 127.0.0.1: PostgreSQL (catalog), a Kafka broker and Trino (SQL).",
        subcommands = {StackCommand.Up.class, StackCommand.Down.class, StackCommand.Status.class})
public final class StackCommand {
    @ParentCommand
    Cdp cdp;

    static LocalStack stack(Cdp cdp, PrintWriter progress) {
        return new LocalStack(cdp.config(), System.getenv(), System.getProperty("java.class.path"), progress);
    }

    @Command(name = "up", description = "Start what is not running (PostgreSQL, Kafka, Trino; or Trino alone with --sql-only).")
    static final class Up implements Callable<Integer> {
        @ParentCommand
        StackCommand parent;

        @Spec
        CommandSpec spec;

        @Option(names = "--sql-only", description = "Start Trino alone, over the configured catalog (the embedded SQLite catalog by default).")
        boolean sqlOnly;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            LocalStack stack = stack(parent.cdp, out);
            StackState state = stack.up(sqlOnly ? LocalStack.Mode.SQL : LocalStack.Mode.FULL);
            print(stack, Optional.of(state), out);
            return Cdp.EXIT_OK;
        }
    }

    @Command(name = "down", description = "Stop what 'cdp stack up' started, and nothing else.")
    static final class Down implements Callable<Integer> {
        @ParentCommand
        StackCommand parent;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            List<String> stopped = stack(parent.cdp, out).down();
            out.println(stopped.isEmpty() ? "Nothing was running." : "Stopped: " + String.join(", ", stopped));
            return Cdp.EXIT_OK;
        }
    }

    @Command(name = "status", description = "Tell what runs where.")
    static final class Status implements Callable<Integer> {
        @ParentCommand
        StackCommand parent;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            LocalStack stack = stack(parent.cdp, out);
            print(stack, stack.state(), out);
            return Cdp.EXIT_OK;
        }
    }

    static void print(LocalStack stack, Optional<StackState> state, PrintWriter out) {
        if (state.isEmpty() || state.get().components().isEmpty()) {
            out.printf("The stack is not running (directory %s). Start it with: cdp stack up%n", stack.directory());
            out.flush();
            return;
        }
        out.printf("Stack in %s (%s mode)%n", stack.directory(), state.get().mode().name().toLowerCase(Locale.ROOT));
        out.printf(Locale.ROOT, "%-9s %-8s %8s  %-48s %s%n", "component", "state", "pid", "address", "log");
        for (StackComponent component : state.get().components()) {
            out.printf(Locale.ROOT, "%-9s %-8s %8d  %-48s %s%n", component.name(), component.process().alive() ? "running" : "stopped",
                    component.process().pid(), component.address(), component.log());
        }
        if (state.get().mode() == LocalStack.Mode.FULL) {
            out.printf("%nPrograms use the stack with: cdp --config %s ...%n", stack.configFile());
        }
        out.printf("SQL: cdp sql --user analyst (passwords in %s)%n", stack.directory().resolve("secrets").resolve("trino-users.properties"));
        out.flush();
    }
}
