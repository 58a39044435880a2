package org.opencdp.launcher.bench;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.opencdp.launcher.Cdp;

/**
 * {@code cdp collector} in a JVM of its own, on this launcher's classpath, so a benchmark measures the collector's
 * CPU (and its JIT and GC) apart from the load generator and the broker that share the benchmark's process.
 */
final class CollectorProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("cdp collector listening on (http://\\S+)");

    private final Process process;
    private final URI uri;

    private CollectorProcess(Process process, URI uri) {
        this.process = process;
        this.uri = uri;
    }

    /**
     * Starts the collector on a free loopback port with the given CDP home and Kafka cluster, waits until it
     * listens, and returns it.
     *
     * @param javaOptions options of the collector's JVM, such as its heap
     * @param settings {@code CDP_*} configuration of the collector, added to this process's environment
     * @param log file that receives the collector's standard output and error
     */
    static CollectorProcess start(Path home, String bootstrapServers, List<String> javaOptions,
            Map<String, String> settings, Path log, Duration startTimeout) throws IOException, InterruptedException {
        requireNonNull(home, "home is null");
        requireNonNull(bootstrapServers, "bootstrapServers is null");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(javaOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Cdp.class.getName());
        command.addAll(List.of("--home", home.toString(), "collector", "--port", "0"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(settings);
        builder.environment().put("CDP_KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
        Process process = builder.start();
        long deadline = System.nanoTime() + startTimeout.toNanos();
        try {
            while (true) {
                Matcher listening = LISTENING.matcher(Files.readString(log, StandardCharsets.UTF_8));
                if (listening.find()) {
                    return new CollectorProcess(process, URI.create(listening.group(1)));
                }
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("The collector process did not start listening within %s (exit: %s); its output is in %s"
                            .formatted(startTimeout, process.isAlive() ? "still running" : process.exitValue(), log));
                }
                Thread.sleep(100);
            }
        }
        catch (IOException | InterruptedException | RuntimeException e) {
            stop(process);
            throw e;
        }
    }

    URI uri() {
        return uri;
    }

    /** CPU time (user and system, all threads) the collector process used so far. */
    long cpuNanos() {
        return CpuTime.ofProcessNanos(process.pid()).orElseThrow(() -> new IllegalStateException(
                "The CPU time of process %d is not available on this system".formatted(process.pid())));
    }

    /**
     * CPU time the JIT compiler threads of the collector process used so far; 0 where there is no {@code /proc}.
     * Exact only while compiler threads do not exit (the collector is started with
     * {@code -XX:-UseDynamicNumberOfCompilerThreads}).
     */
    long compilerCpuNanos() {
        return CpuTime.ofThreadsNanos(process.pid(), name -> name.contains("CompilerThre"));
    }

    /** Stops the collector as Ctrl-C would: it finishes what is in flight and closes the vault. */
    @Override
    public void close() {
        stop(process);
    }

    private static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
