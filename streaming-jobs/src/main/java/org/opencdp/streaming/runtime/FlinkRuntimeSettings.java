package org.opencdp.streaming.runtime;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

import org.opencdp.platform.config.CdpConfig;
import org.opencdp.platform.config.FlinkSettings;

import static java.util.Objects.requireNonNull;

/**
 * How the embedded Flink runtime runs jobs: where it listens, how wide jobs run, how often they checkpoint
 * and where to, which REST port the MiniCluster serves, and what happens when a job fails.
 *
 * @param home the CDP home directory; savepoints live below it
 * @param bindHost address the MiniCluster listens on; 127.0.0.1 keeps it on this machine
 * @param parallelism default parallelism of every job
 * @param restPort port of the MiniCluster REST endpoint, 0 for a free port
 * @param checkpointInterval time between checkpoints; Iceberg sinks commit on each checkpoint
 * @param checkpointDirectory URI of the checkpoint storage, e.g. {@code file:/var/lib/cdp/flink/checkpoints}
 * @param restartStrategy a Flink {@code restart-strategy.type}: {@code none}, {@code fixed-delay},
 *     {@code failure-rate} or {@code exponential-delay}
 */
public record FlinkRuntimeSettings(
        Path home,
        String bindHost,
        int parallelism,
        int restPort,
        Duration checkpointInterval,
        String checkpointDirectory,
        String restartStrategy)
{
    public static final String DEFAULT_BIND_HOST = "127.0.0.1";
    public static final int DEFAULT_PARALLELISM = 2;
    public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(10);
    public static final String DEFAULT_RESTART_STRATEGY = "exponential-delay";

    // Names Flink accepts for restart-strategy.type (RestartStrategyOptions), aliases included.
    private static final Set<String> RESTART_STRATEGIES = Set.of(
            "none", "off", "disable",
            "fixed-delay", "fixeddelay",
            "failure-rate", "failurerate",
            "exponential-delay", "exponentialdelay");

    public FlinkRuntimeSettings
    {
        requireNonNull(home, "home is null");
        requireNonNull(bindHost, "bindHost is null");
        requireNonNull(checkpointInterval, "checkpointInterval is null");
        requireNonNull(checkpointDirectory, "checkpointDirectory is null");
        requireNonNull(restartStrategy, "restartStrategy is null");
        home = home.toAbsolutePath().normalize();
        bindHost = bindHost.strip();
        if (bindHost.isEmpty()) {
            throw new IllegalArgumentException("Flink bind host is blank");
        }
        if (parallelism < 1) {
            throw new IllegalArgumentException("Flink parallelism must be at least 1, got " + parallelism);
        }
        if (restPort < 0 || restPort > 65535) {
            throw new IllegalArgumentException("Flink REST port must be between 0 (any free port) and 65535, got " + restPort);
        }
        if (checkpointInterval.isNegative() || checkpointInterval.isZero()) {
            throw new IllegalArgumentException("Flink checkpoint interval must be positive, got " + checkpointInterval);
        }
        checkpointDirectory = checkpointDirectory.strip();
        if (checkpointDirectory.isEmpty()) {
            throw new IllegalArgumentException("Flink checkpoint directory is blank");
        }
        restartStrategy = restartStrategy.trim().toLowerCase(Locale.ROOT);
        if (!RESTART_STRATEGIES.contains(restartStrategy)) {
            throw new IllegalArgumentException("Unknown Flink restart strategy '" + restartStrategy
                    + "'; use one of none, fixed-delay, failure-rate, exponential-delay");
        }
    }

    /**
     * Embedded defaults: loopback, parallelism 2, a free REST port, a checkpoint every 10 s into
     * {@code <home>/flink/checkpoints}, exponential-delay restarts.
     */
    public static FlinkRuntimeSettings embedded(Path home)
    {
        requireNonNull(home, "home is null");
        return new FlinkRuntimeSettings(home, DEFAULT_BIND_HOST, DEFAULT_PARALLELISM, 0, DEFAULT_CHECKPOINT_INTERVAL,
                fileUri(home.toAbsolutePath().normalize().resolve("flink").resolve("checkpoints")), DEFAULT_RESTART_STRATEGY);
    }

    /**
     * The settings of the platform configuration ({@code flink.*} keys, {@code bind-host} and {@code home}).
     * The restart strategy is not part of it: it is exponential-delay, and a caller (a test) may change it.
     */
    public static FlinkRuntimeSettings from(CdpConfig config)
    {
        requireNonNull(config, "config is null");
        FlinkSettings flink = config.flink();
        return new FlinkRuntimeSettings(config.home(), flink.bindHost(), flink.parallelism(), flink.restPort(),
                flink.checkpointInterval(), flink.checkpointDirectory(), DEFAULT_RESTART_STRATEGY);
    }

    public FlinkRuntimeSettings withBindHost(String bindHost)
    {
        return new FlinkRuntimeSettings(home, bindHost, parallelism, restPort, checkpointInterval, checkpointDirectory, restartStrategy);
    }

    public FlinkRuntimeSettings withParallelism(int parallelism)
    {
        return new FlinkRuntimeSettings(home, bindHost, parallelism, restPort, checkpointInterval, checkpointDirectory, restartStrategy);
    }

    public FlinkRuntimeSettings withRestPort(int restPort)
    {
        return new FlinkRuntimeSettings(home, bindHost, parallelism, restPort, checkpointInterval, checkpointDirectory, restartStrategy);
    }

    public FlinkRuntimeSettings withCheckpointInterval(Duration checkpointInterval)
    {
        return new FlinkRuntimeSettings(home, bindHost, parallelism, restPort, checkpointInterval, checkpointDirectory, restartStrategy);
    }

    public FlinkRuntimeSettings withCheckpointDirectory(String checkpointDirectory)
    {
        return new FlinkRuntimeSettings(home, bindHost, parallelism, restPort, checkpointInterval, checkpointDirectory, restartStrategy);
    }

    public FlinkRuntimeSettings withRestartStrategy(String restartStrategy)
    {
        return new FlinkRuntimeSettings(home, bindHost, parallelism, restPort, checkpointInterval, checkpointDirectory, restartStrategy);
    }

    /** Savepoints of the embedded mode, as a {@code file:} URI. */
    public String savepointDirectory()
    {
        return fileUri(home.resolve("flink").resolve("savepoints"));
    }

    // Path.toUri() appends a slash only when the directory already exists; keep the value stable.
    private static String fileUri(Path directory)
    {
        String uri = directory.toUri().toString();
        return uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
    }
}
