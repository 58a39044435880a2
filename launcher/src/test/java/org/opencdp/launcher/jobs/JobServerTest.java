package org.opencdp.launcher.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job-control API against a real server on loopback and real {@code cdp} child processes working on a
 * temporary CDP home.
 */
@Timeout(180)
class JobServerTest {
    private static final Duration JOB_LIMIT = Duration.ofSeconds(90);

    @TempDir
    static Path home;

    static String token;
    static RunningJobServer server;
    static JobApi api;

    @BeforeAll
    static void startServer() {
        token = newToken();
        server = new RunningJobServer(home, token);
        api = server.api(token);
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aSubmittedJobRunsAsItsOwnProcessAndReportsStateTimingsMetricsAndLog() throws Exception {
        JobApi.Reply submitted = api.submit("lakehouse-init", "{}", "init-" + newToken());

        assertThat(submitted.status()).isEqualTo(202);
        String id = submitted.json().get("id").asText();
        assertThat(submitted.json().get("state").asText()).isIn("queued", "running");

        JsonNode job = api.awaitFinal(id, JOB_LIMIT);
        assertThat(job.get("state").asText()).as(job.toString()).isEqualTo("succeeded");
        assertThat(job.get("exitCode").asInt()).isZero();
        assertThat(Instant.parse(job.get("startedAt").asText())).isAfterOrEqualTo(Instant.parse(job.get("createdAt").asText()));
        assertThat(Instant.parse(job.get("finishedAt").asText())).isAfterOrEqualTo(Instant.parse(job.get("startedAt").asText()));
        assertThat(job.get("durationMillis").asLong()).isNotNegative();
        assertThat(job.get("metrics").has("tablesCreated")).as(job.toString()).isTrue();
        assertThat(job.get("metrics").get("tablesCreated").asInt() + job.get("metrics").get("tablesUnchanged").asInt()).isPositive();

        String logLink = job.get("links").get("log").asText();
        assertThat(logLink).isEqualTo("/v1/jobs/" + id + "/log");
        JobApi.Reply log = api.get(logLink);
        assertThat(log.status()).isEqualTo(200);
        assertThat(log.body()).contains("\"tablesCreated\"");
    }

    @Test
    void theSameIdempotencyKeyReturnsTheSameJob() throws Exception {
        String key = "tables-" + newToken();
        JobApi.Reply first = api.submit("lakehouse-tables", "{}", key);
        JobApi.Reply again = api.submit("lakehouse-tables", "{}", key);
        JobApi.Reply conflicting = api.submit("quickstart", "{\"members\":10}", key);

        assertThat(first.status()).isEqualTo(202);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("id").asText()).isEqualTo(first.json().get("id").asText());
        assertThat(conflicting.status()).isEqualTo(409);
        assertThat(conflicting.json().get("error").asText()).contains(key);

        String id = first.json().get("id").asText();
        api.awaitFinal(id, JOB_LIMIT);
        JobApi.Reply afterTheEnd = api.submit("lakehouse-tables", "{}", key);
        assertThat(afterTheEnd.status()).isEqualTo(200);
        assertThat(afterTheEnd.json().get("id").asText()).isEqualTo(id);
        assertThat(api.get("/v1/jobs?type=lakehouse-tables&limit=1000").json().get("jobs"))
                .filteredOn(job -> job.get("idempotencyKey").asText().equals(key))
                .hasSize(1);
    }

    @Test
    void jobsOfOneTypeRunOneAtATimeInSubmissionOrder() throws Exception {
        String first = api.submit("lakehouse-init", "{}", "serial-a-" + newToken()).json().get("id").asText();
        String second = api.submit("lakehouse-init", "{}", "serial-b-" + newToken()).json().get("id").asText();

        JsonNode firstJob = api.awaitFinal(first, JOB_LIMIT);
        JsonNode secondJob = api.awaitFinal(second, JOB_LIMIT);

        assertThat(firstJob.get("state").asText()).isEqualTo("succeeded");
        assertThat(secondJob.get("state").asText()).isEqualTo("succeeded");
        assertThat(Instant.parse(secondJob.get("startedAt").asText()))
                .as("the second job starts only after the first one ended")
                .isAfterOrEqualTo(Instant.parse(firstJob.get("finishedAt").asText()));
    }

    @Test
    void aFailingJobIsReportedFailedWithItsExitCodeAndLog() throws Exception {
        JobApi.Reply submitted = api.submit("generate", "{\"members\":0,\"dataset\":\"empty\"}", "fail-" + newToken());

        JsonNode job = api.awaitFinal(submitted.json().get("id").asText(), JOB_LIMIT);

        assertThat(job.get("state").asText()).isEqualTo("failed");
        assertThat(job.get("exitCode").asInt()).isEqualTo(1);
        assertThat(job.get("message").asText()).contains("exit code 1");
        assertThat(api.get(job.get("links").get("log").asText()).body()).contains("members must be at least 1");
    }

    @Test
    void queuedAndRunningJobsCanBeCancelled() throws Exception {
        String running = api.submit("generate", "{\"members\":5000000,\"dataset\":\"large\"}", "big-" + newToken()).json().get("id").asText();
        String queued = api.submit("generate", "{\"members\":5000000,\"dataset\":\"large2\"}", "big2-" + newToken()).json().get("id").asText();
        api.awaitState(running, JobState.RUNNING, JOB_LIMIT);

        JobApi.Reply cancelQueued = api.post("/v1/jobs/" + queued + "/cancel", "");
        assertThat(cancelQueued.status()).isEqualTo(200);
        assertThat(cancelQueued.json().get("state").asText()).isEqualTo("cancelled");
        assertThat(cancelQueued.json().get("startedAt").isNull()).isTrue();

        JobApi.Reply cancelRunning = api.post("/v1/jobs/" + running + "/cancel", "");
        assertThat(cancelRunning.status()).isEqualTo(200);
        assertThat(cancelRunning.json().get("state").asText()).isEqualTo("cancelled");
        assertThat(cancelRunning.json().get("exitCode").isNull()).isFalse();

        assertThat(api.post("/v1/jobs/" + running + "/cancel", "").status()).isEqualTo(409);
        assertThat(api.get("/v1/jobs?type=generate&state=cancelled").json().get("jobs"))
                .extracting(job -> job.get("id").asText())
                .contains(running, queued);
    }

    @Test
    void everyJobCallNeedsTheEngineerToken() {
        JobApi anonymous = server.anonymous();
        JobApi wrongToken = new JobApi(server.server.port(), Optional.of(newToken()));

        assertThat(anonymous.get("/v1/jobs").status()).isEqualTo(401);
        assertThat(anonymous.submit("lakehouse-init", "{}", "nope").status()).isEqualTo(401);
        assertThat(wrongToken.get("/v1/jobs").status()).isEqualTo(401);
        assertThat(wrongToken.get("/v1/job-types").status()).isEqualTo(401);
        assertThat(anonymous.get("/health").status()).isEqualTo(200);
        JobApi.Reply document = anonymous.get("/openapi.yaml");
        assertThat(document.status()).isEqualTo(200);
        assertThat(document.body()).contains("openapi: 3.0.3", "/v1/jobs/{id}/cancel");
    }

    @Test
    void badRequestsAreRefusedWithAnActionableMessage() {
        JobApi.Reply unknownType = api.submit("no-such-job", "{}", "x-" + newToken());
        JobApi.Reply badParameter = api.submit("generate", "{\"members\":\"ten\",\"dataset\":\"d\"}", "y-" + newToken());
        JobApi.Reply pathInParameter = api.submit("generate", "{\"members\":1,\"dataset\":\"../../etc\"}", "z-" + newToken());
        JobApi.Reply unknownParameter = api.submit("lakehouse-init", "{\"force\":true}", "w-" + newToken());
        JobApi.Reply notJson = api.post("/v1/jobs", "type=lakehouse-init");

        assertThat(unknownType.status()).isEqualTo(400);
        assertThat(unknownType.json().get("error").asText()).contains("no-such-job", "lakehouse-init");
        assertThat(badParameter.status()).isEqualTo(400);
        assertThat(badParameter.json().get("error").asText()).contains("members", "ten");
        assertThat(pathInParameter.status()).isEqualTo(400);
        assertThat(unknownParameter.status()).isEqualTo(400);
        assertThat(unknownParameter.json().get("error").asText()).contains("force");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(api.get("/v1/jobs/no-such-id").status()).isEqualTo(404);
        assertThat(api.get("/v1/jobs?state=sleeping").status()).isEqualTo(400);
    }

    @Test
    void aRestartedServerStillAnswersForEarlierJobs(@TempDir Path otherHome) throws Exception {
        String id;
        JsonNode before;
        try (RunningJobServer first = new RunningJobServer(otherHome, token)) {
            id = first.api(token).submit("lakehouse-init", "{}", "restart-" + newToken()).json().get("id").asText();
            before = first.api(token).awaitFinal(id, JOB_LIMIT);
        }
        try (RunningJobServer second = new RunningJobServer(otherHome, token)) {
            JobApi.Reply after = second.api(token).get("/v1/jobs/" + id);

            assertThat(after.status()).isEqualTo(200);
            assertThat(after.json()).isEqualTo(before);
            assertThat(second.api(token).get(after.json().get("links").get("log").asText()).body()).contains("\"tablesCreated\"");
        }
    }

    static String newToken() {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }
}
