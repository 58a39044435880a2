package org.opencdp.launcher.cli;

import static java.util.Objects.requireNonNull;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
    public static final String BUILD_COMMAND = "mvn -q -DskipTests -pl streaming-jobs -am package";

    static final String JOBS_RESOURCE = "META-INF/cdp-stream-jobs.properties";

    /** Flink on Java 17 reflects into these packages. */
    static final List<String> JVM_FLAGS = List.of(
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
            "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
            "-Djava.net.preferIPv4Stack=true");

    private final Path repository;
    private final Path classes;
    private final Path lib;

    private StreamJobLauncher(Path repository) {
        this.repository = repository;
        this.classes = repository.resolve("streaming-jobs").resolve("target").resolve("classes");
        this.lib = repository.resolve("streaming-jobs").resolve("target").resolve("lib");
    }

    /**
     * The launcher of the repository named by the system property {@code cdp.repository} (set by
     * {@code bin/cdp}), else of the working directory.
     *
     * @throws IllegalStateException naming the build command when the streaming jobs are not built
     */
    public static StreamJobLauncher locate() {
        String property = System.getProperty("cdp.repository");
        Path repository = property == null || property.isBlank() ? Path.of("").toAbsolutePath() : Path.of(property).toAbsolutePath();
        return of(repository);
    }

    public static StreamJobLauncher of(Path repository) {
        StreamJobLauncher launcher = new StreamJobLauncher(requireNonNull(repository, "repository is null").normalize());
        if (!Files.isRegularFile(launcher.classes.resolve(JOBS_RESOURCE)) || !Files.isDirectory(launcher.lib)) {
            throw new IllegalStateException(("The streaming jobs are not built in %s (no %s or %s); build them with `%s` in %s")
                    .formatted(launcher.repository, launcher.classes.resolve(JOBS_RESOURCE), launcher.lib, BUILD_COMMAND, launcher.repository));
        }
        return launcher;
    }

    /** Job name to main class, sorted by name. */
    public Map<String, String> jobs() {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(classes.resolve(JOBS_RESOURCE))) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + classes.resolve(JOBS_RESOURCE), e);
        }
        Map<String, String> jobs = new TreeMap<>();
        properties.forEach((name, mainClass) -> jobs.put(name.toString().strip(), mainClass.toString().strip()));
        return jobs;
    }

    /** The command line that runs a job with the given arguments (javaOptions first, e.g. {@code -Xmx2g}). */
    public List<String> command(String job, List<String> javaOptions, List<String> jobArguments) {
        requireNonNull(job, "job is null");
        String mainClass = jobs().get(job);
        if (mainClass == null) {
            throw new IllegalArgumentException("Unknown streaming job '%s'; known: %s".formatted(job, String.join(", ", jobs().keySet())));
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(javaOptions);
        command.addAll(JVM_FLAGS);
        command.add("-cp");
        command.add(classes + File.pathSeparator + lib.resolve("*"));
        command.add(mainClass);
        command.addAll(jobArguments);
        return List.copyOf(command);
    }

    /** A process builder for a job, for callers that redirect its output (benchmarks). */
    public ProcessBuilder processBuilder(String job, List<String> javaOptions, List<String> jobArguments) {
        return new ProcessBuilder(command(job, javaOptions, jobArguments));
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
        ProcessBuilder builder = processBuilder(job, javaOptions, jobArguments).inheritIO();
        builder.environment().putAll(environment);
        Process process = builder.start();
        Thread stopper = new Thread(() -> stop(process), "stop-" + job);
        Runtime.getRuntime().addShutdownHook(stopper);
        try {
            return process.waitFor();
        } catch (InterruptedException e) {
            stop(process);
            throw e;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stopper);
            } catch (IllegalStateException ignored) {
                // already shutting down: the hook stops the process
            }
        }
    }

    private static void stop(Process process) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
