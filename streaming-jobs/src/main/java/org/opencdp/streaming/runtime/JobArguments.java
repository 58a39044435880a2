package org.opencdp.streaming.runtime;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.apache.flink.util.TimeUtils;
import org.opencdp.platform.config.CdpConfig;
import org.opencdp.streaming.io.ContractKafkaSource.StartingOffsets;

import static java.util.Objects.requireNonNull;

/**
 * Command-line arguments every streaming job's {@code main} takes: {@code --config FILE}, {@code --home DIR},
 * {@code --starting-offsets earliest|committed|latest}, {@code --bounded}, {@code --help}, plus the job's own
 * {@code --name VALUE} options (e.g. {@code --dedup-horizon 48h}).
 *
 * @param config the configuration file, else {@code <home>/cdp.properties} when it exists
 * @param home the CDP home, overriding {@code CDP_HOME}
 * @param startingOffsets where to start without a checkpoint or savepoint
 * @param bounded stop at the latest offsets found at start
 * @param help whether usage was asked for
 * @param options the job's own options by name (without the dashes)
 */
public record JobArguments(
        Optional<Path> config,
        Optional<Path> home,
        StartingOffsets startingOffsets,
        boolean bounded,
        boolean help,
        Map<String, String> options)
{
    public static final String COMMON_USAGE = "[--config FILE] [--home DIR] [--starting-offsets earliest|committed|latest] [--bounded]";

    public JobArguments
    {
        requireNonNull(config, "config is null");
        requireNonNull(home, "home is null");
        requireNonNull(startingOffsets, "startingOffsets is null");
        options = Map.copyOf(requireNonNull(options, "options is null"));
    }

    /**
     * @param jobOptions names (without dashes) of the options the job accepts besides the common ones
     * @throws IllegalArgumentException naming the argument, for an unknown option or a missing value
     */
    public static JobArguments parse(String[] args, List<String> jobOptions)
    {
        requireNonNull(args, "args is null");
        requireNonNull(jobOptions, "jobOptions is null");
        Optional<Path> config = Optional.empty();
        Optional<Path> home = Optional.empty();
        StartingOffsets startingOffsets = StartingOffsets.COMMITTED_OR_EARLIEST;
        boolean bounded = false;
        boolean help = false;
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--config" -> config = Optional.of(Path.of(value(args, ++i, arg)));
                case "--home" -> home = Optional.of(Path.of(value(args, ++i, arg)));
                case "--starting-offsets" -> startingOffsets = startingOffsets(value(args, ++i, arg));
                case "--bounded" -> bounded = true;
                case "--help", "-h" -> help = true;
                default -> {
                    String name = arg.startsWith("--") ? arg.substring(2) : null;
                    if (name == null || !jobOptions.contains(name)) {
                        throw new IllegalArgumentException("unknown argument '" + arg + "'");
                    }
                    options.put(name, value(args, ++i, arg));
                }
            }
        }
        return new JobArguments(config, home, startingOffsets, bounded, help, options);
    }

    /**
     * The arguments of a job's {@code main}: empty after printing {@code usage} when help was asked for; on a
     * usage error, prints the error and {@code usage} and exits with status 2.
     */
    public static Optional<JobArguments> parseOrExit(String jobName, String usage, String[] args, List<String> jobOptions)
    {
        JobArguments arguments;
        try {
            arguments = parse(args, jobOptions);
        }
        catch (IllegalArgumentException e) {
            System.err.println(jobName + ": " + e.getMessage());
            System.err.println(usage);
            System.exit(2);
            return Optional.empty();
        }
        if (arguments.help()) {
            System.out.println(usage);
            return Optional.empty();
        }
        return Optional.of(arguments);
    }

    /** The value of one of the job's own options, e.g. {@code option("topics")}. */
    public Optional<String> option(String name)
    {
        return Optional.ofNullable(options.get(name));
    }

    /** The platform configuration: defaults, the configuration file, then {@code CDP_*} variables; {@code --home} wins. */
    public CdpConfig loadConfig(Map<String, String> environment)
    {
        Map<String, String> effective = new HashMap<>(requireNonNull(environment, "environment is null"));
        home.ifPresent(directory -> effective.put("CDP_HOME", directory.toAbsolutePath().toString()));
        return CdpConfig.load(config, effective);
    }

    /** A duration option such as {@code 48h}, {@code 5 min} or {@code 30s}, or the default when absent. */
    public Duration duration(String option, Duration defaultValue)
    {
        String value = options.get(option);
        if (value == null) {
            return defaultValue;
        }
        try {
            return TimeUtils.parseDuration(value);
        }
        catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--%s must be a duration such as 48h, 5min or 30s, got '%s'".formatted(option, value), e);
        }
    }

    private static String value(String[] args, int index, String option)
    {
        if (index >= args.length || args[index].startsWith("--")) {
            throw new IllegalArgumentException("option " + option + " needs a value");
        }
        return args[index];
    }

    private static StartingOffsets startingOffsets(String value)
    {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "earliest" -> StartingOffsets.EARLIEST;
            case "committed" -> StartingOffsets.COMMITTED_OR_EARLIEST;
            case "latest" -> StartingOffsets.LATEST;
            default -> throw new IllegalArgumentException("--starting-offsets must be earliest, committed or latest, got '" + value + "'");
        };
    }
}
