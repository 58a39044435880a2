package org.opencdp.batch.identity;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import org.apache.iceberg.catalog.Catalog;
import org.apache.spark.sql.SparkSession;
import org.opencdp.batch.runtime.SparkSessions;
import org.opencdp.identity.cluster.BadMarks;
import org.opencdp.identity.edge.IdentifierKey;
import org.opencdp.platform.catalog.Catalogs;
import org.opencdp.platform.config.CdpConfig;
import org.opencdp.platform.config.Durations;
import org.opencdp.platform.lakehouse.Lakehouse;

/**
 * The identity resolution Spark job and its operator actions, one process each:
 *
 * <pre>
 * IdentityResolutionJob [run] [--full | --incremental]      (default --incremental; the first run is full)
 * IdentityResolutionJob run --incremental --every DURATION [--runs N]
 * IdentityResolutionJob explain TYPE:token | MEMBER_ID
 * IdentityResolutionJob unmerge --edge LINK_ID | --identifier TYPE:token [--reason TEXT]
 * IdentityResolutionJob stats
 * common: [--config FILE] [--home DIR] [--rules FILE]
 * </pre>
 *
 * A run ends by printing its report as one JSON line (the job server's metrics protocol). With {@code --every}
 * the process stays up and runs again each time that long has passed since the previous run ended (after
 * {@code --runs} runs it stops; without, when it is stopped; a failed run ends it with the error), all in one Spark
 * session: an incremental run then finds its code compiled and its tables' metadata cached by the runs before,
 * which is most of a small run's time in a new process. After each run, before it waits, the process builds the
 * {@link RegionIndex} of the links and the graph when it holds none that is current ({@link IdentityResolution#prepareIndex}),
 * so that the next run looks its region up in memory instead of scanning both tables.
 */
public final class IdentityResolutionJob
{
    public static final String APP_NAME = "identity-resolution";
    static final String USAGE = """
            usage: IdentityResolutionJob [run] [--full | --incremental]
                   IdentityResolutionJob run --incremental --every DURATION [--runs N]
                   IdentityResolutionJob explain TYPE:token | MEMBER_ID
                   IdentityResolutionJob unmerge --edge LINK_ID | --identifier TYPE:token [--reason TEXT]
                   IdentityResolutionJob stats
            common options: [--config FILE] [--home DIR] [--rules FILE]""";

    private IdentityResolutionJob() {}

    /** Parsed arguments. */
    record Arguments(String action, Optional<Path> config, Optional<Path> home, Optional<Path> rules, IdentityResolution.Mode mode,
            List<String> positional, Optional<String> edge, Optional<String> identifier, String reason, Optional<Duration> every, long runs)
    {
        static Arguments parse(String[] args)
        {
            String action = "run";
            Optional<Path> config = Optional.empty();
            Optional<Path> home = Optional.empty();
            Optional<Path> rules = Optional.empty();
            IdentityResolution.Mode mode = IdentityResolution.Mode.INCREMENTAL;
            List<String> positional = new ArrayList<>();
            Optional<String> edge = Optional.empty();
            Optional<String> identifier = Optional.empty();
            String reason = "marked bad by an operator";
            Optional<Duration> every = Optional.empty();
            Optional<Long> runs = Optional.empty();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "--config" -> config = Optional.of(Path.of(value(args, ++i, arg)));
                    case "--home" -> home = Optional.of(Path.of(value(args, ++i, arg)));
                    case "--rules" -> rules = Optional.of(Path.of(value(args, ++i, arg)));
                    case "--full" -> mode = IdentityResolution.Mode.FULL;
                    case "--incremental" -> mode = IdentityResolution.Mode.INCREMENTAL;
                    case "--edge" -> edge = Optional.of(value(args, ++i, arg));
                    case "--identifier" -> identifier = Optional.of(value(args, ++i, arg));
                    case "--reason" -> reason = value(args, ++i, arg);
                    case "--every" -> every = Optional.of(Durations.parse(value(args, ++i, arg)));
                    case "--runs" -> runs = Optional.of(Long.parseLong(value(args, ++i, arg)));
                    default -> {
                        if (arg.startsWith("--")) {
                            throw new IllegalArgumentException("unknown argument '" + arg + "'\n" + USAGE);
                        }
                        if (positional.isEmpty() && List.of("run", "explain", "unmerge", "stats").contains(arg) && action.equals("run") && i == firstPositional(args)) {
                            action = arg;
                        }
                        else {
                            positional.add(arg);
                        }
                    }
                }
            }
            if (action.equals("explain") && positional.size() != 1) {
                throw new IllegalArgumentException("explain takes one identifier (TYPE:token) or member id\n" + USAGE);
            }
            if (!action.equals("explain") && !positional.isEmpty()) {
                throw new IllegalArgumentException("unexpected argument '" + positional.get(0) + "'\n" + USAGE);
            }
            if (action.equals("unmerge") && edge.isPresent() == identifier.isPresent()) {
                throw new IllegalArgumentException("unmerge takes exactly one of --edge LINK_ID or --identifier TYPE:token\n" + USAGE);
            }
            if (every.isPresent() && (!action.equals("run") || mode == IdentityResolution.Mode.FULL)) {
                throw new IllegalArgumentException("--every repeats incremental runs: it goes with run --incremental only\n" + USAGE);
            }
            if (every.isPresent() && (every.get().isNegative() || every.get().isZero())) {
                throw new IllegalArgumentException("--every needs a positive duration\n" + USAGE);
            }
            if (runs.isPresent() && runs.get() < 1) {
                throw new IllegalArgumentException("--runs needs at least 1\n" + USAGE);
            }
            if (runs.isPresent() && every.isEmpty()) {
                throw new IllegalArgumentException("--runs counts the runs of --every: give both\n" + USAGE);
            }
            return new Arguments(action, config, home, rules, mode, positional, edge, identifier, reason, every, every.isPresent() ? runs.orElse(Long.MAX_VALUE) : 1);
        }

        private static int firstPositional(String[] args)
        {
            for (int i = 0; i < args.length; i++) {
                if (!args[i].startsWith("--")) {
                    return i;
                }
                if (List.of("--config", "--home", "--rules", "--edge", "--identifier", "--reason", "--every", "--runs").contains(args[i])) {
                    i++;
                }
            }
            return -1;
        }

        private static String value(String[] args, int index, String option)
        {
            if (index >= args.length) {
                throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
            }
            return args[index];
        }
    }

    public static void main(String[] args)
    {
        Arguments arguments;
        try {
            arguments = Arguments.parse(args);
        }
        catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Map<String, String> environment = new HashMap<>(System.getenv());
        arguments.home().ifPresent(home -> environment.put("CDP_HOME", home.toAbsolutePath().toString()));
        CdpConfig config = CdpConfig.load(arguments.config(), environment);
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        try {
            System.exit(run(config, arguments, out));
        }
        catch (RuntimeException e) {
            System.err.println("identity-resolution: error: " + e.getMessage());
            System.exit(1);
        }
    }

    /** Runs one action in a new Spark session, stopped at the end. */
    static int run(CdpConfig config, Arguments arguments, PrintWriter out)
    {
        RuleContext rules = new RuleContext(ruleOverrides(arguments.rules()), BadMarks.none());
        ensureTables(config);
        SparkSession spark = SparkSessions.forJob(APP_NAME, config);
        try {
            return run(new IdentityTables(spark, config.catalog().name()), rules, arguments, out);
        }
        finally {
            spark.stop();
        }
    }

    /** Runs one action in the given session. */
    static int run(IdentityTables tables, RuleContext rules, Arguments arguments, PrintWriter out)
    {
        switch (arguments.action()) {
            case "run" -> {
                // one resolver for every run of --every: between runs it keeps the index of the links and the graph
                IdentityResolution resolver = new IdentityResolution(tables, rules);
                for (long run = 1; run <= arguments.runs(); run++) {
                    if (run > 1) {
                        sleep(arguments.every().orElseThrow());
                    }
                    IdentityResolution.RunReport report = resolver.run(arguments.mode());
                    if (report.note() != null) {
                        out.println(report.note());
                    }
                    out.println(report.json());
                    out.flush();
                    if (run < arguments.runs()) {
                        try {
                            resolver.prepareIndex();
                        }
                        catch (RuntimeException e) {
                            // the next runs read their region from the tables, as without an index
                            out.println("no region index: " + e.getMessage());
                            out.flush();
                        }
                    }
                }
            }
            case "unmerge" -> {
                IdentityResolution.RunReport report = new IdentityResolution(tables, rules)
                        .unmerge(arguments.edge(), arguments.identifier().map(IdentifierKey::parse), arguments.reason());
                out.println(report.json());
            }
            case "explain" -> new IdentityExplain(tables, rules).explain(arguments.positional().get(0), out);
            case "stats" -> new IdentityStats(tables).print(out);
            default -> throw new IllegalArgumentException("unknown action " + arguments.action());
        }
        out.flush();
        return 0;
    }

    private static void sleep(Duration interval)
    {
        try {
            Thread.sleep(interval.toMillis());
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted between runs", e);
        }
    }

    static Properties ruleOverrides(Optional<Path> file)
    {
        Properties properties = new Properties();
        if (file.isPresent()) {
            try (Reader reader = Files.newBufferedReader(file.get(), StandardCharsets.UTF_8)) {
                properties.load(reader);
            }
            catch (IOException e) {
                throw new IllegalArgumentException("cannot read identity rules " + file.get() + ": " + e.getMessage(), e);
            }
        }
        return properties;
    }

    // the identity tables are created on first use, as `cdp lakehouse init` would
    static void ensureTables(CdpConfig config)
    {
        Catalog catalog = Catalogs.open(config.catalog());
        try {
            new Lakehouse(catalog).init();
        }
        finally {
            if (catalog instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                }
                catch (Exception e) {
                    // closing a catalog connection pool: nothing to act on
                }
            }
        }
    }
}
