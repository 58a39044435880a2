package org.opencdp.launcher.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Starts a Spark batch job of the repository as a separate java process with the batch-jobs classpath
 * ({@code batch-jobs/target/classes} and {@code target/lib}), so the launcher never links Spark.
 */
public final class BatchJobLauncher {
    /** The command that builds what this launcher needs. */
    public static final String BUILD_COMMAND = ModuleProcess.buildCommand("batch-jobs");

    // Spark binds its driver to the configured host; this keeps its own address lookups on loopback too
    private static final Map<String, String> ENVIRONMENT = Map.of("SPARK_LOCAL_IP", "127.0.0.1");

    private final ModuleProcess module;

    private BatchJobLauncher(ModuleProcess module) {
        this.module = module;
    }

    /** The launcher of the repository named by {@code cdp.repository} (set by {@code bin/cdp}), else of the working directory. */
    public static BatchJobLauncher locate() {
        return new BatchJobLauncher(ModuleProcess.locate("batch-jobs", "org/opencdp/batch", ENVIRONMENT));
    }

    /** @throws IllegalStateException naming the build command when the batch jobs are not built */
    public static BatchJobLauncher of(Path repository) {
        return new BatchJobLauncher(ModuleProcess.of(repository, "batch-jobs", "org/opencdp/batch", ENVIRONMENT));
    }

    /** The command line that runs a job's main class (javaOptions first, e.g. {@code -Xmx4g}). */
    public List<String> command(String mainClass, List<String> javaOptions, List<String> jobArguments) {
        return module.command(mainClass, javaOptions, jobArguments);
    }

    /** A process builder for a job, for callers that redirect its output (benchmarks). */
    public ProcessBuilder processBuilder(String mainClass, List<String> javaOptions, List<String> jobArguments) {
        return module.processBuilder(mainClass, javaOptions, jobArguments);
    }

    /** Runs a job in the foreground with this process's standard streams; stops it when this process is interrupted or shut down. */
    public int run(String mainClass, List<String> javaOptions, List<String> jobArguments) throws IOException, InterruptedException {
        return module.run(mainClass, javaOptions, jobArguments, Map.of());
    }

    /** Like {@link #run(String, List, List)}, with the job's output and errors written to {@code log} instead. */
    public int run(String mainClass, List<String> javaOptions, List<String> jobArguments, Path log) throws IOException, InterruptedException {
        return module.run(mainClass, javaOptions, jobArguments, Map.of(), Optional.of(log));
    }
}
