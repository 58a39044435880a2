package org.opencdp.infra.stack;

import static java.util.Objects.requireNonNull;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The stack's Kafka broker: {@code EmbeddedKafkaBroker}'s main in its own JVM, its log directory kept in the stack. */
public final class KafkaBrokerProcess {
    public static final String MAIN_CLASS = "org.opencdp.infra.kafka.EmbeddedKafkaBroker";
    private static final String READY_LINE = "bootstrap.servers=";

    private KafkaBrokerProcess() {}

    public static OwnedProcess start(Path javaHome, String classPath, Path directory, String host, int port, int controllerPort,
            Duration timeout) {
        requireNonNull(classPath, "classPath is null");
        Path log = log(directory);
        List<String> command = List.of(
                javaHome.resolve("bin").resolve("java").toString(), "-Xmx512m",
                "-cp", classPath,
                MAIN_CLASS,
                "--host", host, "--port", Integer.toString(port), "--controller-port", Integer.toString(controllerPort),
                "--dir", directory.resolve("data").toString());
        Process process;
        try {
            Files.createDirectories(directory);
            process = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
                    .start();
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot start the Kafka broker", e);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String output = read(log);
            if (output.contains(READY_LINE)) {
                return OwnedProcess.of(process.toHandle());
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("The Kafka broker exited while starting (exit " + process.exitValue() + "): " + output.strip());
            }
            try {
                Thread.sleep(200);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
                throw new IllegalStateException("Interrupted while starting Kafka", e);
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("The Kafka broker was not ready within " + timeout.toSeconds() + " s; see " + log);
    }

    public static Path log(Path directory) {
        return directory.resolve("kafka.log");
    }

    private static String read(Path log) {
        try {
            return Files.isRegularFile(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        }
        catch (IOException e) {
            return "";
        }
    }
}
