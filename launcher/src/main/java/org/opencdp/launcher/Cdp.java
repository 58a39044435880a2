package org.opencdp.launcher;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import org.opencdp.launcher.bench.BenchCommand;
import org.opencdp.launcher.cli.CollectorCommand;
import org.opencdp.launcher.cli.ConfigCommand;
import org.opencdp.launcher.cli.GenerateCommand;
import org.opencdp.launcher.cli.IdentityCommand;
import org.opencdp.launcher.cli.ImportCommand;
import org.opencdp.launcher.cli.LakehouseCommand;
import org.opencdp.launcher.cli.QuickstartCommand;
import org.opencdp.launcher.cli.StreamCommand;
import org.opencdp.launcher.cli.ServerCommand;
import org.opencdp.launcher.stack.SqlCommand;
import org.opencdp.launcher.stack.StackCommand;
import org.opencdp.platform.config.CdpConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code cdp} command line. Exit codes: 0 on success, 1 on failure, 2 on a usage error; errors are
 * printed on stderr as one readable line ({@code --verbose} adds the stack trace).
 */
@Command(
        name = "cdp",
        mixinStandardHelpOptions = true,
        scope = CommandLine.ScopeType.INHERIT,
        versionProvider = Cdp.Version.class,
        description = "OpenCDP: an open lakehouse customer data platform for online and offline retail.",
        subcommands = {
            QuickstartCommand.class,
            GenerateCommand.class,
            ImportCommand.class,
            LakehouseCommand.class,
            ConfigCommand.class,
            BenchCommand.class,
            CollectorCommand.class,
            StreamCommand.class,
            IdentityCommand.class,
            ServerCommand.class,
            StackCommand.class,
            SqlCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Cdp {
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILURE = 1;
    public static final int EXIT_USAGE = 2;

    @Option(names = "--config", paramLabel = "FILE", description = "Configuration file (default: $CDP_HOME/cdp.properties when present).")
    Path configFile;

    @Option(names = "--home", paramLabel = "DIR", description = "Working directory for the embedded catalog, warehouse and secrets (default: $CDP_HOME or ./.cdp).")
    Path home;

    @Option(names = "--verbose", description = "Print stack traces of errors.")
    boolean verbose;

    private CdpConfig config;

    /** The configuration, loaded once from the file and the environment the first time a command needs it. */
    public CdpConfig config() {
        if (config == null) {
            java.util.Map<String, String> environment = new java.util.HashMap<>(System.getenv());
            if (home != null) {
                environment.put("CDP_HOME", home.toAbsolutePath().toString());
            }
            config = CdpConfig.load(Optional.ofNullable(configFile), environment);
        }
        return config;
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        Cdp root = new Cdp();
        CommandLine commandLine = new CommandLine(root);
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExecutionExceptionHandler((exception, cmd, parseResult) -> {
            cmd.getErr().println("cdp: error: " + message(exception));
            if (root.verbose) {
                exception.printStackTrace(cmd.getErr());
            }
            cmd.getErr().flush();
            return EXIT_FAILURE;
        });
        return commandLine.execute(args);
    }

    private static String message(Throwable exception) {
        Throwable current = exception;
        String message = current.getMessage();
        while ((message == null || message.isBlank()) && current.getCause() != null) {
            current = current.getCause();
            message = current.getMessage();
        }
        return message == null || message.isBlank() ? current.getClass().getSimpleName() : message;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Cdp.class.getPackage().getImplementationVersion();
            return new String[] {"cdp " + (version == null ? "development build" : version)};
        }
    }
}
