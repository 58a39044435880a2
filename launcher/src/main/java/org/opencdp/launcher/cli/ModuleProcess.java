package org.opencdp.launcher.cli;

import static java.util.Objects.requireNonNull;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs a main class of one of the repository's engine modules in its own java process, on that module's
 * build output ({@code <module>/target/classes} and the runtime classpath copied to {@code target/lib}), so
 * the launcher never links Flink or Spark.
 */
final class ModuleProcess {
    /** Flink and Spark on Java 17 reflect into these packages. */
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
    private final Map<String, String> environment;

    private ModuleProcess(Path repository, String module, Map<String, String> environment) {
        this.repository = repository;
        this.classes = repository.resolve(module).resolve("target").resolve("classes");
        this.lib = repository.resolve(module).resolve("target").resolve("lib");
        this.environment = Map.copyOf(environment);
    }

    /**
     * The module in the repository named by the system property {@code cdp.repository} (set by {@code bin/cdp}),
     * else in the working directory.
     *
     * @param builtMarker a path under {@code target/classes} that exists once the module is built
     * @param environment variables every process of this module gets (unless the caller sets them)
     * @throws IllegalStateException naming the build command when the module is not built
     */
    static ModuleProcess locate(String module, String builtMarker, Map<String, String> environment) {
        String property = System.getProperty("cdp.repository");
        Path repository = property == null || property.isBlank() ? Path.of("").toAbsolutePath() : Path.of(property).toAbsolutePath();
        return of(repository, module, builtMarker, environment);
    }

    static ModuleProcess of(Path repository, String module, String builtMarker, Map<String, String> environment) {
        ModuleProcess process = new ModuleProcess(requireNonNull(repository, "repository is null").normalize(), module, environment);
        if (!Files.exists(process.classes.resolve(builtMarker)) || !Files.isDirectory(process.lib)) {
            throw new IllegalStateException(("The %s module is not built in %s (no %s or %s); build it with `%s` in %s")
                    .formatted(module, process.repository, process.classes.resolve(builtMarker), process.lib,
                            buildCommand(module), process.repository));
        }
        return process;
    }

    static String buildCommand(String module) {
        return "mvn -q -DskipTests -pl %s -am package".formatted(module);
    }

    Path classes() {
        return classes;
    }

    /** The command line that runs a main class (javaOptions first, e.g. {@code -Xmx2g}). */
    List<String> command(String mainClass, List<String> javaOptions, List<String> arguments) {
        requireNonNull(mainClass, "mainClass is null");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(javaOptions);
        command.addAll(JVM_FLAGS);
        command.add("-cp");
        command.add(classes + File.pathSeparator + lib.resolve("*"));
        command.add(mainClass);
        command.addAll(arguments);
        return List.copyOf(command);
    }

    ProcessBuilder processBuilder(String mainClass, List<String> javaOptions, List<String> arguments) {
        ProcessBuilder builder = new ProcessBuilder(command(mainClass, javaOptions, arguments));
        environment.forEach(builder.environment()::putIfAbsent);
        return builder;
    }

    /**
     * Runs a main class in the foreground with this process's standard streams, with {@code extraEnvironment}
     * added, and returns its exit code; stops the child when this process is interrupted or shut down.
     */
    int run(String mainClass, List<String> javaOptions, List<String> arguments, Map<String, String> extraEnvironment)
            throws IOException, InterruptedException {
        return run(mainClass, javaOptions, arguments, extraEnvironment, Optional.empty());
    }

    /** Like {@link #run(String, List, List, Map)}, with the child's output and errors written to {@code log} when given. */
    int run(String mainClass, List<String> javaOptions, List<String> arguments, Map<String, String> extraEnvironment, Optional<Path> log)
            throws IOException, InterruptedException {
        ProcessBuilder builder = processBuilder(mainClass, javaOptions, arguments).inheritIO();
        if (log.isPresent()) {
            Files.createDirectories(log.get().toAbsolutePath().getParent());
            builder.redirectErrorStream(true).redirectOutput(log.get().toFile());
        }
        builder.environment().putAll(extraEnvironment);
        Process process = builder.start();
        Thread stopper = new Thread(() -> stop(process), "stop-" + mainClass);
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
