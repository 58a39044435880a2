package org.opencdp.launcher.bench;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
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

    public static String environment() {
        Runtime runtime = Runtime.getRuntime();
        return "%d cores, %d MiB max heap, Java %s (%s), %s %s".formatted(
                runtime.availableProcessors(), runtime.maxMemory() / (1024 * 1024),
                System.getProperty("java.version"), System.getProperty("java.vm.name"),
                System.getProperty("os.name"), System.getProperty("os.arch"));
    }
}
