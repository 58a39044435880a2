package org.opencdp.launcher.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.opencdp.launcher.Cdp;
import org.opencdp.launcher.jobs.JobLauncher;
import org.opencdp.launcher.jobs.JobScheduler;
import org.opencdp.launcher.jobs.JobServer;
import org.opencdp.launcher.jobs.JobStore;
import org.opencdp.launcher.jobs.JobTypes;
import org.opencdp.launcher.jobs.ServerTokenFile;
import org.opencdp.platform.config.CdpConfig;
import org.opencdp.platform.config.ServerSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "server", description = {
        "Run the job-control REST API (POST /v1/jobs, GET /v1/jobs/{id}, ...; see /openapi.yaml) until stopped.",
        "Jobs run as separate cdp processes, one at a time per job type; their state survives restarts."})
public final class ServerCommand implements Callable<Integer> {
    @ParentCommand
    Cdp cdp;

    @Spec
    CommandSpec spec;

    @Option(names = "--port", paramLabel = "PORT", description = "Listen port (default: server.port, 8090; 0 picks a free port).")
    Integer port;

    @Override
    public Integer call() throws Exception {
        CdpConfig config = cdp.config();
        ServerSettings settings = config.server();
        String token = settings.token().orElseGet(() -> new ServerTokenFile(settings.tokenFile()).readOrCreate());
        JobTypes types = JobTypes.standard(config.home());
        JobLauncher launcher = JobLauncher.ofCurrentJvm(config.home(), config.configFile(), settings.jobsDirectory().resolve("logs"));
        PrintWriter out = spec.commandLine().getOut();
        JobStore store = JobStore.open(settings.jobStoreUri(), settings.jobStoreUser(), settings.jobStorePassword());
        JobScheduler scheduler = new JobScheduler(types, store, launcher, Clock.systemUTC());
        JobServer server = JobServer.start(scheduler, types, token, settings.bindHost(), port != null ? port : settings.port());
        CountDownLatch stopped = new CountDownLatch(1);
        // On Ctrl-C or SIGTERM the JVM runs this hook and not the rest of call(): the hook ends the running
        // jobs' processes (recorded as failed) so that no job outlives its server unseen.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            scheduler.close();
            store.close();
            stopped.countDown();
        }, "cdp-server-shutdown"));
        out.printf("cdp server listening on http://%s:%d (API document: /openapi.yaml)%n", settings.bindHost(), server.port());
        out.println("engineer token: " + (settings.token().isPresent() ? "from server.token" : "in " + settings.tokenFile()));
        out.println("job store: " + settings.jobStoreUri() + ", job logs in " + settings.jobsDirectory().resolve("logs"));
        out.flush();
        stopped.await();
        return Cdp.EXIT_OK;
    }
}
