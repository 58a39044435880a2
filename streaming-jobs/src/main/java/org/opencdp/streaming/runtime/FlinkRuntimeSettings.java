package org.opencdp.streaming.runtime;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * How the embedded Flink runtime runs jobs: where it keeps checkpoints, how wide jobs run,
 * how often they checkpoint, which REST port the MiniCluster serves, and what happens when a job fails.
 *
 * @param home the CDP home directory; checkpoints and savepoints live below it
 * @param parallelism default parallelism of every job
 * @param checkpointInterval time between checkpoints; Iceberg sinks commit on each checkpoint
 * @param restPort port of the MiniCluster REST endpoint, 0 for a free port
 * @param restartStrategy a Flink {@code restart-strategy.type}: {@code none}, {@code fixed-delay},
 *     {@code failure-rate} or {@code exponential-delay}
 */
public record FlinkRuntimeSettings(
        Path home,
        int parallelism,
        Duration checkpointInterval,
        int restPort,
        String restartStrategy)
{
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
        requireNonNull(checkpointInterval, "checkpointInterval is null");
        requireNonNull(restartStrategy, "restartStrategy is null");
        home = home.toAbsolutePath().normalize();
        if (parallelism < 1) {
            throw new IllegalArgumentException("Flink parallelism must be at least 1, got " + parallelism);
        }
        if (checkpointInterval.isNegative() || checkpointInterval.isZero()) {
            throw new IllegalArgumentException("Flink checkpoint interval must be positive, got " + checkpointInterval);
        }
        if (restPort < 0 || restPort > 65535) {
            throw new IllegalArgumentException("Flink REST port must be between 0 (any free port) and 65535, got " + restPort);
        }
        restartStrategy = restartStrategy.trim().toLowerCase(Locale.ROOT);
        if (!RESTART_STRATEGIES.contains(restartStrategy)) {
            throw new IllegalArgumentException("Unknown Flink restart strategy '" + restartStrategy
                    + "'; use one of none, fixed-delay, failure-rate, exponential-delay");
        }
    }

    /** Embedded defaults: parallelism 2, a checkpoint every 10 s, a free REST port, exponential-delay restarts. */
    public static FlinkRuntimeSettings embedded(Path home)
    {
        return new FlinkRuntimeSettings(home, DEFAULT_PARALLELISM, DEFAULT_CHECKPOINT_INTERVAL, 0, DEFAULT_RESTART_STRATEGY);
    }

    public FlinkRuntimeSettings withParallelism(int parallelism)
    {
        return new FlinkRuntimeSettings(home, parallelism, checkpointInterval, restPort, restartStrategy);
    }

    public FlinkRuntimeSettings withCheckpointInterval(Duration checkpointInterval)
    {
        return new FlinkRuntimeSettings(home, parallelism, checkpointInterval, restPort, restartStrategy);
    }

    public FlinkRuntimeSettings withRestPort(int restPort)
    {
        return new FlinkRuntimeSettings(home, parallelism, checkpointInterval, restPort, restartStrategy);
    }

    public FlinkRuntimeSettings withRestartStrategy(String restartStrategy)
    {
        return new FlinkRuntimeSettings(home, parallelism, checkpointInterval, restPort, restartStrategy);
    }

    public Path checkpointDirectory()
    {
        return home.resolve("flink").resolve("checkpoints");
    }

    public Path savepointDirectory()
    {
        return home.resolve("flink").resolve("savepoints");
    }
}
