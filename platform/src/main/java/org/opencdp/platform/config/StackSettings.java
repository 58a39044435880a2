package org.opencdp.platform.config;

import static java.util.Objects.requireNonNull;
import static org.opencdp.platform.config.ConfigValues.checkPort;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The local stack ({@code cdp stack up}) and the Trino server that serves SQL: where the stack keeps its state,
 * the ports it listens on, where PostgreSQL, a JDK for Trino and the Trino distribution are found, and the Trino
 * users of each role. Absent locations mean "search the usual places".
 */
public record StackSettings(
        Path directory,
        String bindHost,
        Optional<Path> postgresBinDirectory,
        int postgresPort,
        int kafkaPort,
        int kafkaControllerPort,
        int trinoPort,
        Optional<Path> trinoJavaHome,
        Optional<Path> trinoServerDirectory,
        String trinoMaxHeap,
        List<String> analysts,
        List<String> engineers) {
    private static final Pattern USER_NAME = Pattern.compile("[a-z][a-z0-9_]{0,31}");
    private static final Pattern HEAP = Pattern.compile("[1-9][0-9]*[mMgG]");

    public StackSettings {
        requireNonNull(directory, "directory is null");
        requireNonNull(bindHost, "bindHost is null");
        requireNonNull(postgresBinDirectory, "postgresBinDirectory is null");
        checkPort(CdpProperties.STACK_POSTGRES_PORT, postgresPort);
        checkPort(CdpProperties.KAFKA_EMBEDDED_PORT, kafkaPort);
        checkPort(CdpProperties.KAFKA_EMBEDDED_CONTROLLER_PORT, kafkaControllerPort);
        checkPort(CdpProperties.TRINO_PORT, trinoPort);
        requireNonNull(trinoJavaHome, "trinoJavaHome is null");
        requireNonNull(trinoServerDirectory, "trinoServerDirectory is null");
        requireNonNull(trinoMaxHeap, "trinoMaxHeap is null");
        if (!HEAP.matcher(trinoMaxHeap).matches()) {
            throw new InvalidConfigException("Invalid " + CdpProperties.TRINO_MAX_HEAP + " '" + trinoMaxHeap + "': expected a size such as 2G or 1536M");
        }
        analysts = List.copyOf(analysts);
        engineers = List.copyOf(engineers);
        checkUsers(CdpProperties.TRINO_ANALYSTS, analysts);
        checkUsers(CdpProperties.TRINO_ENGINEERS, engineers);
        for (String analyst : analysts) {
            if (engineers.contains(analyst)) {
                throw new InvalidConfigException("Trino user '" + analyst + "' is listed both in " + CdpProperties.TRINO_ANALYSTS
                        + " and " + CdpProperties.TRINO_ENGINEERS + "; a user has one role");
            }
        }
    }

    private static void checkUsers(String key, List<String> users) {
        for (String user : users) {
            if (!USER_NAME.matcher(user).matches()) {
                throw new InvalidConfigException("Invalid user '" + user + "' in " + key + ": expected lower-case letters, digits and _");
            }
        }
    }

    static StackSettings from(ConfigValues values, Path home, String bindHost) {
        return new StackSettings(
                home.resolve("stack"),
                bindHost,
                values.optionalString(CdpProperties.STACK_POSTGRES_BIN_DIR).map(String::strip).map(Path::of),
                values.port(CdpProperties.STACK_POSTGRES_PORT, CdpProperties.STACK_POSTGRES_PORT_DEFAULT),
                values.port(CdpProperties.KAFKA_EMBEDDED_PORT, CdpProperties.KAFKA_EMBEDDED_PORT_DEFAULT),
                values.port(CdpProperties.KAFKA_EMBEDDED_CONTROLLER_PORT, CdpProperties.KAFKA_EMBEDDED_CONTROLLER_PORT_DEFAULT),
                values.port(CdpProperties.TRINO_PORT, CdpProperties.TRINO_PORT_DEFAULT),
                values.optionalString(CdpProperties.TRINO_JAVA_HOME).map(String::strip).map(Path::of),
                values.optionalString(CdpProperties.TRINO_SERVER_DIR).map(String::strip).map(Path::of),
                values.string(CdpProperties.TRINO_MAX_HEAP, CdpProperties.TRINO_MAX_HEAP_DEFAULT).strip(),
                users(values.string(CdpProperties.TRINO_ANALYSTS, CdpProperties.TRINO_ANALYSTS_DEFAULT)),
                users(values.string(CdpProperties.TRINO_ENGINEERS, CdpProperties.TRINO_ENGINEERS_DEFAULT)));
    }

    private static List<String> users(String text) {
        return Arrays.stream(text.split(",")).map(String::strip).filter(user -> !user.isEmpty()).toList();
    }
}
