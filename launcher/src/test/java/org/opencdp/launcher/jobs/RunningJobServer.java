package org.opencdp.launcher.jobs;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/** A real job server on a free loopback port over a CDP home, as {@code cdp server} assembles it. */
final class RunningJobServer implements AutoCloseable {
    final JobStore store;
    final JobScheduler scheduler;
    final JobServer server;

    RunningJobServer(Path home, String token) {
        JobTypes types = JobTypes.standard(home);
        this.store = JobStore.open("jdbc:sqlite:" + home.resolve("jobs").resolve("jobs.db"), Optional.empty(), Optional.empty());
        this.scheduler = new JobScheduler(types, store, JobLauncher.ofCurrentJvm(home, Optional.empty(), home.resolve("jobs").resolve("logs")), Clock.systemUTC());
        this.server = JobServer.start(scheduler, types, token, "127.0.0.1", 0);
    }

    JobApi api(String token) {
        return new JobApi(server.port(), Optional.of(token));
    }

    JobApi anonymous() {
        return new JobApi(server.port(), Optional.empty());
    }

    @Override
    public void close() {
        server.close();
        scheduler.close();
        store.close();
    }
}
