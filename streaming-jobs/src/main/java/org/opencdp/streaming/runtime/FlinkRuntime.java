package org.opencdp.streaming.runtime;

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
 * The embedded Flink runtime: jobs run on an in-process MiniCluster that listens on the configured address
 * (loopback by default).
 *
 * <p>Every {@code execute()} on an environment from {@link #streamEnvironment()} starts a MiniCluster with
 * {@link #configuration()} and stops it when the job ends.
 */
public final class FlinkRuntime
{
    /** Where the MiniCluster is reached when it listens on every address. */
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

        String bindHost = settings.bindHost();
        String advertisedHost = advertisedHost(bindHost);
        configuration.set(JobManagerOptions.ADDRESS, advertisedHost);
        configuration.set(JobManagerOptions.BIND_HOST, bindHost);
        configuration.set(TaskManagerOptions.HOST, advertisedHost);
        configuration.set(TaskManagerOptions.BIND_HOST, bindHost);
        configuration.set(RestOptions.ADDRESS, advertisedHost);
        configuration.set(RestOptions.BIND_ADDRESS, bindHost);
        configuration.set(RestOptions.BIND_PORT, Integer.toString(settings.restPort()));

        configuration.set(CoreOptions.DEFAULT_PARALLELISM, settings.parallelism());

        configuration.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, settings.checkpointInterval());
        configuration.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, settings.checkpointDirectory());
        configuration.set(CheckpointingOptions.SAVEPOINT_DIRECTORY, settings.savepointDirectory());

        configuration.set(RestartStrategyOptions.RESTART_STRATEGY, settings.restartStrategy());
        return configuration;
    }

    /** An environment whose jobs run on a loopback MiniCluster configured by {@link #configuration()}. */
    public StreamExecutionEnvironment streamEnvironment()
    {
        return StreamExecutionEnvironment.createLocalEnvironment(configuration());
    }

    // Every component of the MiniCluster runs in this JVM: a wildcard bind address is reached on loopback.
    private static String advertisedHost(String bindHost)
    {
        return bindHost.equals("0.0.0.0") || bindHost.equals("::") ? LOOPBACK : bindHost;
    }
}
