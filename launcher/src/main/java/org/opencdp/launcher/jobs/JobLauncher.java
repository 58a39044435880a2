package org.opencdp.launcher.jobs;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.opencdp.launcher.Cdp;

/**
 * Starts a job as its own process: the same Java, class path and JVM flags as this launcher, running
 * {@code cdp} with the job's subcommand. Jobs share the server's CDP home and configuration file, so they
 * see the same catalog. Output (stdout and stderr) goes to one log file per job.
 */
public record JobLauncher(Path javaExecutable, List<String> jvmOptions, String classPath, List<String> rootOptions, Path logDirectory) {
    /** Environment variable that tells a job process its id, e.g. to tag what it writes. */
    public static final String JOB_ID_VARIABLE = "CDP_JOB_ID";

    public JobLauncher {
        requireNonNull(javaExecutable, "javaExecutable is null");
        jvmOptions = List.copyOf(requireNonNull(jvmOptions, "jvmOptions is null"));
        requireNonNull(classPath, "classPath is null");
        rootOptions = List.copyOf(requireNonNull(rootOptions, "rootOptions is null"));
        requireNonNull(logDirectory, "logDirectory is null");
    }

    /**
     * A launcher that reproduces the current JVM: its {@code java}, its class path, and the flags engines
     * need ({@code --add-opens}, {@code -Xmx}, {@code -D} system properties of the project).
     */
    public static JobLauncher ofCurrentJvm(Path home, Optional<Path> configFile, Path logDirectory) {
        requireNonNull(home, "home is null");
        requireNonNull(configFile, "configFile is null");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> options = new ArrayList<>();
        for (String argument : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (argument.startsWith("--add-opens") || argument.startsWith("--add-exports") || argument.startsWith("-Xmx")
                    || argument.startsWith("-Dcdp.") || argument.startsWith("-Djava.net.preferIPv4Stack")) {
                options.add(argument);
            }
        }
        List<String> root = new ArrayList<>(List.of("--home", home.toAbsolutePath().toString()));
        configFile.ifPresent(file -> {
            root.add("--config");
            root.add(file.toAbsolutePath().toString());
        });
        return new JobLauncher(java, options, System.getProperty("java.class.path"), root, logDirectory);
    }

    public Path logFile(String jobId) {
        return logDirectory.resolve(jobId + ".log");
    }

    /** The full command line of a job with these {@code cdp} arguments. */
    public List<String> command(List<String> cdpArguments) {
        List<String> command = new ArrayList<>();
        command.add(javaExecutable.toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classPath);
        command.add(Cdp.class.getName());
        command.addAll(rootOptions);
        command.addAll(cdpArguments);
        return command;
    }

    public Process start(String jobId, List<String> cdpArguments) {
        Path log = logFile(jobId);
        try {
            Files.createDirectories(logDirectory);
            ProcessBuilder builder = new ProcessBuilder(command(cdpArguments))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
            Map<String, String> environment = builder.environment();
            environment.put(JOB_ID_VARIABLE, jobId);
            return builder.start();
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot start job " + jobId + " (" + String.join(" ", cdpArguments) + "): " + e.getMessage(), e);
        }
    }

    private static java.io.File nullDevice() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }
}
