package org.opencdp.infra.kafka;

import org.opencdp.infra.kafka.EmbeddedKafkaBroker.Settings;

import java.nio.file.Path;

/**
 * Turns the arguments of {@link EmbeddedKafkaBroker#main(String[])} into {@link Settings}.
 */
final class BrokerCommandLine
{
    static final String USAGE = """
            Usage: EmbeddedKafkaBroker [--host HOST] [--port PORT] [--controller-port PORT]
                                       [--dir DIRECTORY] [--partitions N] [--property NAME=VALUE]...
              --host             address to bind and advertise (default 127.0.0.1)
              --port             client port, 0 picks a free one (default 0)
              --controller-port  KRaft controller port, 0 picks a free one (default 0)
              --dir              log directory, kept across restarts (default: a temporary directory, deleted on exit)
              --partitions       partitions of new topics (default 2)
              --property         any broker property, overriding the defaults; repeatable""";

    private BrokerCommandLine() {}

    /**
     * Returns the settings, or null when help was asked for.
     *
     * @throws IllegalArgumentException with a message naming the bad argument
     */
    static Settings parse(String... args)
    {
        Settings settings = Settings.defaults();
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (option.equals("--help") || option.equals("-h")) {
                return null;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("Missing value for " + option);
            }
            String value = args[++i];
            settings = switch (option) {
                case "--host" -> settings.withHost(value);
                case "--port" -> settings.withBrokerPort(parseInt(option, value));
                case "--controller-port" -> settings.withControllerPort(parseInt(option, value));
                case "--dir" -> settings.withLogDirectory(Path.of(value).toAbsolutePath());
                case "--partitions" -> settings.withPartitions(parseInt(option, value));
                case "--property" -> {
                    int equals = value.indexOf('=');
                    if (equals <= 0) {
                        throw new IllegalArgumentException("--property expects NAME=VALUE: " + value);
                    }
                    yield settings.withBrokerProperty(value.substring(0, equals), value.substring(equals + 1));
                }
                default -> throw new IllegalArgumentException("Unknown option: " + option);
            };
        }
        return settings;
    }

    private static int parseInt(String option, String value)
    {
        try {
            return Integer.parseInt(value);
        }
        catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " expects a number: " + value);
        }
    }
}
