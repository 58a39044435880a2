package org.opencdp.launcher.cli;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Starts a streaming (Flink) job of the repository as a separate java process with the streaming-jobs
 * classpath ({@code streaming-jobs/target/classes} and {@code target/lib}), so the launcher never links
 * Flink. The jobs and their main classes are listed by the streaming-jobs module in
 * {@code META-INF/cdp-stream-jobs.properties}.
 */
public final class StreamJobLauncher {
    /** The command that builds what this launcher needs. */
    public static final String BUILD_COMMAND = ModuleProcess.buildCommand("streaming-jobs");

    static final String JOBS_RESOURCE = "META-INF/cdp-stream-jobs.properties";

    private final ModuleProcess module;

    private StreamJobLauncher(ModuleProcess module) {
        this.module = module;
    }

    /**
     * The launcher of the repository named by the system property {@code cdp.repository} (set by
     * {@code bin/cdp}), else of the working directory.
     *
     * @throws IllegalStateException naming the build command when the streaming jobs are not built
     */
    public static StreamJobLauncher locate() {
        return new StreamJobLauncher(ModuleProcess.locate("streaming-jobs", JOBS_RESOURCE, Map.of()));
    }

    public static StreamJobLauncher of(Path repository) {
        return new StreamJobLauncher(ModuleProcess.of(repository, "streaming-jobs", JOBS_RESOURCE, Map.of()));
    }

    /** Job name to main class, sorted by name. */
    public Map<String, String> jobs() {
        Path resource = module.classes().resolve(JOBS_RESOURCE);
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(resource)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + resource, e);
        }
        Map<String, String> jobs = new TreeMap<>();
        properties.forEach((name, mainClass) -> jobs.put(name.toString().strip(), mainClass.toString().strip()));
        return jobs;
    }

    /** The command line that runs a job with the given arguments (javaOptions first, e.g. {@code -Xmx2g}). */
    public List<String> command(String job, List<String> javaOptions, List<String> jobArguments) {
        return module.command(mainClass(job), javaOptions, jobArguments);
    }

    /** A process builder for a job, for callers that redirect its output (benchmarks). */
    public ProcessBuilder processBuilder(String job, List<String> javaOptions, List<String> jobArguments) {
        return module.processBuilder(mainClass(job), javaOptions, jobArguments);
    }

    /**
     * Runs a job in the foreground with this process's standard streams and returns its exit code; stops
     * the job process when this process is interrupted or shut down.
     */
    public int run(String job, List<String> javaOptions, List<String> jobArguments) throws IOException, InterruptedException {
        return run(job, javaOptions, jobArguments, Map.of());
    }

    /** Like {@link #run(String, List, List)}, with environment variables added for the job process (e.g. {@code CDP_*} overrides). */
    public int run(String job, List<String> javaOptions, List<String> jobArguments, Map<String, String> environment)
            throws IOException, InterruptedException {
        return module.run(mainClass(job), javaOptions, jobArguments, environment);
    }

    /** Like {@link #run(String, List, List, Map)}, with the job's output and errors written to {@code log} instead. */
    public int run(String job, List<String> javaOptions, List<String> jobArguments, Map<String, String> environment, Path log)
            throws IOException, InterruptedException {
        return module.run(mainClass(job), javaOptions, jobArguments, environment, Optional.of(log));
    }

    private String mainClass(String job) {
        requireNonNull(job, "job is null");
        String mainClass = jobs().get(job);
        if (mainClass == null) {
            throw new IllegalArgumentException("Unknown streaming job '%s'; known: %s".formatted(job, String.join(", ", jobs().keySet())));
        }
        return mainClass;
    }
}
