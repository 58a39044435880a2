package org.opencdp.launcher.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.opencdp.launcher.Cdp;
import org.opencdp.platform.config.CdpConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code cdp stream JOB}: runs a streaming job on the embedded Flink MiniCluster in its own java process
 * (the launcher does not link Flink), with the same configuration file and home.
 */
@Command(name = "stream",
        description = "Run a streaming (Flink) job on the embedded MiniCluster in its own process: raw-ingest, ... (see the streaming-jobs README).")
public final class StreamCommand implements Callable<Integer> {
    @ParentCommand
    Cdp cdp;

    @Parameters(index = "0", paramLabel = "JOB", description = "The job, e.g. raw-ingest.")
    String job;

    @Parameters(index = "1..*", paramLabel = "ARG", arity = "0..*", description = "More arguments for the job (after --), e.g. -- --topics cdp.web.events.")
    List<String> jobArguments = new ArrayList<>();

    @Option(names = "--bounded", description = "Stop at the latest Kafka offsets found at start instead of running until stopped.")
    boolean bounded;

    @Option(names = "--java-option", paramLabel = "OPTION", description = "JVM option of the job process (repeatable; default -Xmx2g).")
    List<String> javaOptions = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        StreamJobLauncher launcher = StreamJobLauncher.locate();
        CdpConfig config = cdp.config();
        List<String> arguments = new ArrayList<>();
        config.configFile().ifPresent(file -> {
            arguments.add("--config");
            arguments.add(file.toAbsolutePath().toString());
        });
        arguments.add("--home");
        arguments.add(config.home().toAbsolutePath().toString());
        if (bounded) {
            arguments.add("--bounded");
        }
        arguments.addAll(jobArguments);
        int exitCode = launcher.run(job, javaOptions.isEmpty() ? List.of("-Xmx2g") : javaOptions, arguments);
        return exitCode == 0 ? Cdp.EXIT_OK : exitCode;
    }
}
