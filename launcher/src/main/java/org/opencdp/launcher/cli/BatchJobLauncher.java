package org.opencdp.launcher.cli;

import static java.util.Objects.requireNonNull;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts a Spark batch job of the repository as a separate java process with the batch-jobs classpath
 * ({@code batch-jobs/target/classes} and {@code target/lib}), so the launcher never links Spark.
 */
public final class BatchJobLauncher {
    /** The command that builds what this launcher needs. */
    public static final String BUILD_COMMAND = "mvn -q -DskipTests -pl batch-jobs -am package";

    /** Spark on Java 17 reflects into these packages. */
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

    private BatchJobLauncher(Path repository) {
        this.repository = repository;
        this.classes = repository.resolve("batch-jobs").resolve("target").resolve("classes");
        this.lib = repository.resolve("batch-jobs").resolve("target").resolve("lib");
    }

    /** The launcher of the repository named by {@code cdp.repository} (set by {@code bin/cdp}), else of the working directory. */
    public static BatchJobLauncher locate() {
        String property = System.getProperty("cdp.repository");
        Path repository = property == null || property.isBlank() ? Path.of("").toAbsolutePath() : Path.of(property).toAbsolutePath();
        return of(repository);
    }

    /** @throws IllegalStateException naming the build command when the batch jobs are not built */
    public static BatchJobLauncher of(Path repository) {
        BatchJobLauncher launcher = new BatchJobLauncher(requireNonNull(repository, "repository is null").normalize());
        if (!Files.isDirectory(launcher.classes.resolve("org/opencdp/batch")) || !Files.isDirectory(launcher.lib)) {
            throw new IllegalStateException(("The batch jobs are not built in %s (no %s or %s); build them with `%s` in %s")
                    .formatted(launcher.repository, launcher.classes, launcher.lib, BUILD_COMMAND, launcher.repository));
        }
        return launcher;
    }

    /** The command line that runs a job's main class (javaOptions first, e.g. {@code -Xmx4g}). */
    public List<String> command(String mainClass, List<String> javaOptions, List<String> jobArguments) {
        requireNonNull(mainClass, "mainClass is null");
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
    public ProcessBuilder processBuilder(String mainClass, List<String> javaOptions, List<String> jobArguments) {
        ProcessBuilder builder = new ProcessBuilder(command(mainClass, javaOptions, jobArguments));
        // Spark binds its driver to the configured host; this keeps its own address lookups on loopback too
        builder.environment().putIfAbsent("SPARK_LOCAL_IP", "127.0.0.1");
        return builder;
    }

    /** Runs a job in the foreground with this process's standard streams; stops it when this process is interrupted or shut down. */
    public int run(String mainClass, List<String> javaOptions, List<String> jobArguments) throws IOException, InterruptedException {
        Process process = processBuilder(mainClass, javaOptions, jobArguments).inheritIO().start();
        Thread stopper = new Thread(() -> stop(process), "stop-batch-job");
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
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
