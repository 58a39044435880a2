package org.opencdp.streaming.runtime;

import java.nio.file.Path;

import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import static java.util.Objects.requireNonNull;

/**
 * The embedded Flink runtime: jobs run on an in-process MiniCluster that listens on loopback only.
 *
 * <p>Every {@code execute()} on an environment from {@link #streamEnvironment()} starts a MiniCluster with
 * {@link #configuration()} and stops it when the job ends.
 */
public final class FlinkRuntime
{
    /** The embedded runtime never listens beyond this machine. */
    public static final String LOOPBACK = "127.0.0.1";

    private final FlinkRuntimeSettings settings;

    public FlinkRuntime(FlinkRuntimeSettings settings)
    {
        this.settings = requireNonNull(settings, "settings is null");
    }

    public FlinkRuntimeSettings settings()
    {
        return settings;
    }

    /** A fresh copy of the Flink configuration of the embedded mode; callers may add to it. */
    public Configuration configuration()
    {
        Configuration configuration = new Configuration();

        configuration.set(JobManagerOptions.ADDRESS, LOOPBACK);
        configuration.set(JobManagerOptions.BIND_HOST, LOOPBACK);
        configuration.set(TaskManagerOptions.HOST, LOOPBACK);
        configuration.set(TaskManagerOptions.BIND_HOST, LOOPBACK);
        configuration.set(RestOptions.ADDRESS, LOOPBACK);
        configuration.set(RestOptions.BIND_ADDRESS, LOOPBACK);
        configuration.set(RestOptions.BIND_PORT, Integer.toString(settings.restPort()));

        configuration.set(CoreOptions.DEFAULT_PARALLELISM, settings.parallelism());

        configuration.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, settings.checkpointInterval());
        configuration.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, fileUri(settings.checkpointDirectory()));
        configuration.set(CheckpointingOptions.SAVEPOINT_DIRECTORY, fileUri(settings.savepointDirectory()));

        configuration.set(RestartStrategyOptions.RESTART_STRATEGY, settings.restartStrategy());
        return configuration;
    }

    /** An environment whose jobs run on a loopback MiniCluster configured by {@link #configuration()}. */
    public StreamExecutionEnvironment streamEnvironment()
    {
        return StreamExecutionEnvironment.createLocalEnvironment(configuration());
    }

    // Path.toUri() appends a slash only when the directory already exists; keep the value stable.
    private static String fileUri(Path directory)
    {
        String uri = directory.toUri().toString();
        return uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
    }
}
