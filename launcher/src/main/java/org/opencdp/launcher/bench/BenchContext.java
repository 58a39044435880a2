package org.opencdp.launcher.bench;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.opencdp.platform.config.CdpConfig;

/**
 * What a benchmark run gets: the configuration, a scratch directory it may fill, the scale factor
 * chosen on the command line, and the command line that reproduces the run.
 */
public record BenchContext(CdpConfig config, Path workDir, Scale scale, String command) {
    public BenchContext {
        requireNonNull(config, "config is null");
        requireNonNull(workDir, "workDir is null");
        requireNonNull(scale, "scale is null");
        requireNonNull(command, "command is null");
    }

    /** Size of the workload: {@code quick} for a smoke run, {@code full} for the figures we publish. */
    public enum Scale {
        QUICK,
        FULL
    }

    /** Deletes a scratch directory a benchmark created under its work directory; a leftover does no harm. */
    public static void deleteQuietly(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // nothing to delete, or a file vanished meanwhile
        }
    }

    public static String environment() {
        Runtime runtime = Runtime.getRuntime();
        return "%d cores, %d MiB max heap, Java %s (%s), %s %s".formatted(
                runtime.availableProcessors(), runtime.maxMemory() / (1024 * 1024),
                System.getProperty("java.version"), System.getProperty("java.vm.name"),
                System.getProperty("os.name"), System.getProperty("os.arch"));
    }
}
