package org.opencdp.launcher.airflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every request of {@link AirflowClient} checked against Airflow 3's own OpenAPI documents (REST API v2 and
 * the simple auth manager's {@code /auth/token}), served by Prism as validating mocks: a request that
 * breaks the contract is answered 422, which the client reports as an error. The documents are not part of
 * this repository; the test is skipped, saying so, where they are absent, and where Node.js is missing.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class AirflowClientContractTest {
    private static final Path REPOSITORY = Path.of("").toAbsolutePath().getParent();
    private static final Path CONTRACTS = REPOSITORY.resolve("../shared/contracts/airflow").normalize();
    private static final Path MOCK_PROJECT = REPOSITORY.resolve("infra/airflow/contract-mock");
    private static final Duration START_LIMIT = Duration.ofSeconds(90);

    @TempDir
    static Path logs;

    static PrismMock api;
    static PrismMock auth;
    static AirflowClient client;

    @BeforeAll
    static void startMocks() throws Exception {
        Path apiSpec = CONTRACTS.resolve("v2-rest-api-generated.yaml");
        Path authSpec = CONTRACTS.resolve("v2-simple-auth-manager-generated.yaml");
        assumeTrue(Files.isRegularFile(apiSpec) && Files.isRegularFile(authSpec),
                "SKIPPED: the Airflow OpenAPI documents are not in " + CONTRACTS + " (the contract test needs "
                        + "v2-rest-api-generated.yaml and v2-simple-auth-manager-generated.yaml there)");
        assumeTrue(runs(List.of("node", "--version")) && runs(List.of("npm", "--version")),
                "SKIPPED: node and npm are needed to run the Prism mock of the Airflow API and were not found on PATH");
        Path prism = MOCK_PROJECT.resolve("node_modules/.bin/prism");
        if (!Files.isExecutable(prism)) {
            Path npmLog = logs.resolve("npm-ci.log");
            Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund")
                    .directory(MOCK_PROJECT.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(npmLog.toFile())
                    .start();
            boolean finished = npm.waitFor(5, TimeUnit.MINUTES);
            if (!finished) {
                npm.destroyForcibly();
            }
            assumeTrue(finished && npm.exitValue() == 0 && Files.isExecutable(prism),
                    "SKIPPED: 'npm ci' in " + MOCK_PROJECT + " could not install Prism: " + Files.readString(npmLog));
        }
        api = PrismMock.start(prism, apiSpec, logs.resolve("prism-api.log"), START_LIMIT);
        auth = PrismMock.start(prism, authSpec, logs.resolve("prism-auth.log"), START_LIMIT);
        client = new AirflowClient(api.baseUrl(), auth.baseUrl(), "engineer", "secret", Duration.ofSeconds(20));
    }

    @AfterAll
    static void stopMocks() throws Exception {
        if (api != null) {
            api.close();
        }
        if (auth != null) {
            auth.close();
        }
    }

    @Test
    void theTokenRequestFollowsTheSimpleAuthManagerContract() throws Exception {
        int mark = auth.mark();

        assertThat(client.fetchToken()).isNotEmpty();
        assertThat(auth.violationsSince(mark)).isEmpty();
    }

    @Test
    void triggeringAndReadingDagRunsFollowsTheRestApiContract() throws Exception {
        int mark = api.mark();

        AirflowClient.DagRun withoutDate = client.triggerDagRun("cdp_streaming_health", Optional.empty(), Optional.empty(),
                Map.of("reason", "members imported", "members", 10_000));
        AirflowClient.DagRun withDate = client.triggerDagRun("cdp_table_maintenance", Optional.of("manual__cdp_1"),
                Optional.of(Instant.parse("2026-11-20T02:00:00Z")), Map.of());
        AirflowClient.DagRun read = client.dagRun("cdp_streaming_health", "manual__cdp 1/2");

        assertThat(List.of(withoutDate, withDate, read)).allSatisfy(run -> assertThat(run.state()).isNotEmpty());
        assertThat(api.violationsSince(mark)).isEmpty();
    }

    @Test
    void postingAnAssetEventFollowsTheRestApiContract() throws Exception {
        int mark = api.mark();

        AirflowClient.AssetEvent event = client.postAssetEvent(42, Map.of("table", "raw.web_events", "snapshotId", 1234567890123L));

        assertThat(event.id()).isNotNegative();
        assertThat(api.violationsSince(mark)).isEmpty();
    }

    @Test
    void theMockRejectsRequestsThatBreakTheContract() throws Exception {
        // Guards the test itself: were the mock not validating, the checks above would prove nothing.
        int mark = api.mark();
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(api.baseUrl() + "/api/v2/assets/events"))
                        .timeout(Duration.ofSeconds(20))
                        .header("Authorization", "Bearer token")
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"uri\":\"s3://not-an-id\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(api.violationsSince(mark)).isNotEmpty();
        assertThatThrownBy(() -> new AirflowClient(api.baseUrl(), URI.create(api.baseUrl() + "/no-such-prefix"), "u", "p", Duration.ofSeconds(20)).fetchToken())
                .isInstanceOf(AirflowException.class)
                .hasMessageContaining("HTTP 404");
    }

    private static boolean runs(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        }
        catch (IOException e) {
            return false;
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
